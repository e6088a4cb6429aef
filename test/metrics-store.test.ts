/** The metrics store (segments, bounds, torn lines, one writer) and the figures computed from its records. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { computeFigures } from '../common/metrics/figures';
import { metricsDir } from '../common/metrics/location';
import { toOpenMetrics } from '../common/metrics/openmetrics';
import { DAY, HOUR, type MetricsRecord } from '../common/metrics/records';
import { MetricsStore, readRecords, storeBytes } from '../common/metrics/store';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-metrics-'));
const T0 = Date.UTC(2026, 0, 5);
const ref = { project: 'shop', service: 'db' };

test('store: records survive a reopen; a torn last line is skipped', () => {
  const dir = tmp();
  const store = new MetricsStore(dir, undefined, () => T0);
  assert.equal(store.open(), true);
  store.append({ kind: 'session', t: T0 });
  store.append({ kind: 'state', t: T0, ...ref, state: 'healthy', monitored: true });
  store.close();
  const [segment] = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  fs.appendFileSync(path.join(dir, segment), '{"kind":"state","t":');
  assert.deepEqual(readRecords(dir), [
    { kind: 'session', t: T0 },
    { kind: 'state', t: T0, ...ref, state: 'healthy', monitored: true },
  ]);
});

test('store: a second writer on the same folder stays read-only while the first lives', () => {
  const dir = tmp();
  const first = new MetricsStore(dir);
  const second = new MetricsStore(dir);
  assert.equal(first.open(), true);
  assert.equal(second.open(), false);
  second.append({ kind: 'session', t: T0 });
  assert.deepEqual(readRecords(dir), []);
  first.close();
  assert.equal(second.open(), true);
  second.close();
});

test('store: segments rotate by age, carry the states in force, and expire after the retention', () => {
  const dir = tmp();
  let now = T0;
  const store = new MetricsStore(dir, { segmentBytes: 1 << 20, segmentMs: DAY, maxBytes: 1 << 30, retentionMs: 3 * DAY }, () => now);
  store.open();
  const carry = (): MetricsRecord[] => [{ kind: 'state', t: now, ...ref, state: 'healthy', monitored: true }];
  for (let day = 0; day < 6; day++) {
    now = T0 + day * DAY + HOUR;
    store.append({ kind: 'check', t: now, ...ref, ms: 12, code: 0 }, carry);
  }
  store.close();
  // On day 5 at 01:00 the retention cut is day 2 at 01:00: day 0's segment ended before it, day 1's just reaches it.
  const segments = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  assert.equal(segments.length, 5);
  // Reading from day 4 00:00 starts with the segment in force then (day 3's), with the states it carried.
  const records = readRecords(dir, T0 + 4 * DAY);
  assert.deepEqual(
    records.map((r) => `${r.kind}@${(r.t - T0) / HOUR}h`),
    ['state@73h', 'check@73h', 'state@97h', 'check@97h', 'state@121h', 'check@121h'],
  );
});

test('store: the size cap deletes the oldest segments', () => {
  const dir = tmp();
  let now = T0;
  const store = new MetricsStore(dir, { segmentBytes: 1000, segmentMs: DAY, maxBytes: 3000, retentionMs: 30 * DAY }, () => now);
  store.open();
  for (let i = 0; i < 200; i++) store.append({ kind: 'check', t: (now += 1000), ...ref, ms: 5, code: 0 });
  store.close();
  assert.ok(storeBytes(dir) <= 3000 + 1100, `${storeBytes(dir)} bytes`);
  assert.equal(readRecords(dir).at(-1)?.t, now);
});

test('figures: uptime, episodes, MTTR, recovery, starts and coverage over each window', () => {
  const at = (m: number) => T0 + m * 60_000;
  const now = at(7 * 24 * 60);
  const ago = (m: number) => now - m * 60_000;
  const records: MetricsRecord[] = [
    { kind: 'session', t: ago(120) },
    { kind: 'state', t: ago(120), ...ref, state: 'healthy', monitored: true },
    { kind: 'state', t: ago(120), project: 'shop', service: 'web', state: 'unmonitored', monitored: false },
    // Unhealthy for 10 minutes, back after a recovery restart.
    { kind: 'state', t: ago(100), ...ref, state: 'unhealthy', monitored: true },
    { kind: 'recovery', t: ago(95), ...ref, container: 'shop-db-1', attempt: 1 },
    { kind: 'state', t: ago(95), ...ref, state: 'down', monitored: true },
    { kind: 'restart', t: ago(94), ...ref, container: 'shop-db-1' },
    { kind: 'state', t: ago(94), ...ref, state: 'starting', monitored: true },
    { kind: 'state', t: ago(90), ...ref, state: 'healthy', monitored: true },
    // Within the last hour: unhealthy 20 minutes, recovery gives up, then healthy.
    { kind: 'state', t: ago(50), ...ref, state: 'unhealthy', monitored: true },
    { kind: 'check', t: ago(50), ...ref, ms: 40, code: 1 },
    { kind: 'give-up', t: ago(40), ...ref, container: 'shop-db-1', attempts: 3 },
    { kind: 'state', t: ago(30), ...ref, state: 'healthy', monitored: true },
    { kind: 'check', t: ago(30), ...ref, ms: 20, code: 0 },
    { kind: 'start', t: ago(20), project: 'shop', ms: 900, result: 'blocked', blocked: [{ reason: 'port-in-use', service: 'web' }] },
    { kind: 'start', t: ago(10), project: 'shop', ms: 30_000, result: 'timeout', failed: [{ service: 'db', status: 'starting' }] },
    { kind: 'start', t: ago(5), project: 'shop', ms: 4_000, result: 'started', slowest: { service: 'db', ms: 3_900 } },
    { kind: 'exit', t: ago(2), project: 'shop', service: 'web', container: 'shop-web-1', code: 137 },
    { kind: 'state', t: ago(2), project: 'shop', service: 'web', state: 'down', monitored: false },
  ];
  const f = computeFigures(records, now, { recording: true });
  const [hour, day] = f.windows;
  const db = (w: typeof hour) => w.services.find((s) => s.service === 'db');
  assert.deepEqual(db(hour)?.ms, { healthy: 40 * 60_000, unhealthy: 20 * 60_000, starting: 0, down: 0, unmonitored: 0 });
  assert.equal(db(hour)?.uptime, 40 / 60);
  assert.equal(db(hour)?.episodes, 1);
  assert.equal(db(day)?.episodes, 2);
  assert.equal(db(day)?.mttrMs, 15 * 60_000);
  assert.equal(db(day)?.uptime, 90 / 120);
  assert.deepEqual(db(day)?.recovery, { attempts: 1, recovered: 1, gaveUp: 1 });
  assert.deepEqual(db(day)?.checks, { runs: 2, failed: 1, meanMs: 30, maxMs: 40 });
  assert.deepEqual(day.starts, { total: 3, started: 1, blockedBeforeUp: 1, failedAfterUp: 1, cancelled: 0, meanTimeToHealthyMs: 4000 });
  assert.deepEqual(f.windows[1].services.find((s) => s.service === 'web')?.exits, { 137: 1 });
  assert.deepEqual(f.coverage, { monitored: 1, total: 2, unmonitored: ['web'] });
  assert.deepEqual(f.timeline.find((t) => t.service === 'db')?.episodes, [
    { from: ago(100), to: ago(90), recovered: true },
    { from: ago(50), to: ago(30), recovered: true },
  ]);
  const text = toOpenMetrics(f);
  assert.match(text, /^compose_mesh_service_uptime_ratio\{project="shop",service="db",window="1h"\} 0\.666667$/m);
  assert.match(text, /^compose_mesh_starts\{result="blocked_before_up",window="24h"\} 1$/m);
  assert.match(text, /^compose_mesh_service_mttr_seconds\{project="shop",service="db",window="24h"\} 900$/m);
  assert.ok(text.endsWith('# EOF\n'));
});

test('figures: a session that ended without closing stops at its last record; nothing is counted while no one recorded', () => {
  const now = T0 + DAY;
  const records: MetricsRecord[] = [
    { kind: 'session', t: T0 },
    { kind: 'state', t: T0, ...ref, state: 'healthy', monitored: true },
    { kind: 'check', t: T0 + HOUR, ...ref, ms: 5, code: 0 },
    { kind: 'session', t: T0 + 10 * HOUR },
    { kind: 'state', t: T0 + 10 * HOUR, ...ref, state: 'unhealthy', monitored: true },
  ];
  const [, day] = computeFigures(records, now, { recording: false }).windows;
  assert.deepEqual(day.services[0].ms, { healthy: HOUR, unhealthy: 0, starting: 0, down: 0, unmonitored: 0 });
});

test('location: one folder per workspace under the state directory', () => {
  const a = metricsDir('/home/u/shop', { XDG_STATE_HOME: '/s' }, 'linux');
  assert.match(a, /^\/s\/compose-mesh\/metrics\/[0-9a-f]{16}$/);
  assert.equal(metricsDir('/home/u/shop/', { XDG_STATE_HOME: '/s' }, 'linux'), a);
  assert.notEqual(metricsDir('/home/u/blog', { XDG_STATE_HOME: '/s' }, 'linux'), a);
});
