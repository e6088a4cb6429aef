/**
 * The health tree's first read draws every row from the engine's container list, before any
 * inspect answers (a proxy the test owns holds the inspects back): each row's state, health,
 * exit code and ports as the list gives them, nothing false meanwhile, and no transition or
 * metrics record from it; the inspects then fill in uptimes and health-check logs. After an
 * outage the list draws the rows again, without the uptime a restart meanwhile made false.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MetricsStore, readRecords } from '../common/metrics/store';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
import { EngineConnection } from '../client/src/docker/connection';
import { HealthWatcher, type HealthTransition } from '../client/src/docker/health-watcher';
import { nextEvent } from '../client/src/events';
import { MetricsRecorder } from '../client/src/metrics/recorder';
import { Recovery } from '../client/src/docker/recovery';
import { buildTree, summary, type TreeNode } from '../client/src/tree-model';
import { dockerSkip, ensureImage, IMAGE, run, until } from './docker';
import { EngineProxy, freeTcpPort } from './engine-proxy';
import { project, yaml } from './helpers';

const skip = dockerSkip();
const name = `cmhealthlist${process.pid}`;
/** An inspect's path (the list is /containers/json). */
const INSPECT = /^\/containers\/[0-9a-f]{64}\/json/;
let dir = '';
let port = '';

const compose = (...args: string[]) => run('docker', ['compose', '-p', name, ...args], { cwd: dir });
/** The host port ok's port 80 is published on (127.0.0.1, chosen by the engine). */
function hostPort(): string {
  const published = compose('port', 'ok', '80').stdout.trim().split(':').pop() ?? '';
  assert.match(published, /^\d+$/);
  return published;
}
const inspect = (service: string, format: string) => run('docker', ['inspect', '-f', format, `${name}-${service}-1`]).stdout.trim();

before(async () => {
  if (skip) return;
  ensureImage();
  dir = project({
    'compose.yaml': yaml`
      services:
        ok:
          image: ${IMAGE}
          command: ["sh", "-c", "touch /tmp/ok && exec sleep 600"]
          healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, retries: 1 }
          ports: ["127.0.0.1::80"]
        sick:
          image: ${IMAGE}
          command: ["sleep", "600"]
          healthcheck: { test: ["CMD", "false"], interval: 1s, retries: 1 }
        slow:
          image: ${IMAGE}
          command: ["sleep", "600"]
          healthcheck: { test: ["CMD", "false"], interval: 600s, start_period: 600s }
        plain:
          image: ${IMAGE}
          command: ["sleep", "600"]
          deploy: { replicas: 2 }
        done:
          image: ${IMAGE}
          command: ["sh", "-c", "exit 3"]
        killed:
          image: ${IMAGE}
          command: ["sleep", "600"]
        later:
          image: ${IMAGE}
          command: ["sleep", "600"]
          profiles: [later]
    `,
  });
  const up = compose('up', '-d');
  assert.equal(up.status, 0, up.stderr);
  // Created, never started; and one killed (137: a stop's SIGKILL, or the OOM killer's, as far as the list can tell).
  assert.equal(compose('--profile', 'later', 'create', 'later').status, 0);
  assert.equal(run('docker', ['kill', `${name}-killed-1`]).status, 0);
  await until('ok healthy, sick unhealthy, done exited', () =>
    inspect('ok', '{{.State.Health.Status}}') === 'healthy' &&
    inspect('sick', '{{.State.Health.Status}}') === 'unhealthy' &&
    inspect('done', '{{.State.Status}}') === 'exited'
      ? true
      : undefined,
  );
  port = hostPort();
});

after(() => {
  if (skip) return;
  const down = compose('--profile', 'later', 'down', '--timeout', '0');
  assert.equal(down.status, 0, down.stderr);
});

/** A watcher on the engine behind `proxy`, with what it reports: reachability changes, transitions, metrics records. */
function watch(proxy: EngineProxy) {
  const connection = new EngineConnection(() => resolveDockerEndpoint({ env: process.env, explicitHost: proxy.host }), { firstMs: 200, maxMs: 500 });
  const watcher = new HealthWatcher(connection, { safetyNetMs: 3_600_000, coalesceMs: 30 });
  const reachability: string[] = [];
  const transitions: HealthTransition[] = [];
  const subs = [watcher.onReachability((r) => reachability.push(r.kind)), watcher.onTransition((t) => t.container.project === name && transitions.push(t))];
  /** The transitions so far, as "service kind". */
  const said = () => transitions.map((t) => `${t.container.service} ${t.kind}`);
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-list-metrics-'));
  const store = new MetricsStore(storeDir);
  assert.equal(store.open(), true);
  const recorder = new MetricsRecorder(watcher, store, (p) => p === name);
  const records = () => readRecords(storeDir).map((r) => r.kind);
  const dispose = () => {
    for (const s of subs) s.dispose();
    recorder.dispose();
    watcher.dispose();
    connection.dispose();
  };
  return { connection, watcher, reachability, transitions, said, records, dispose };
}

/** The project's rows as the view draws them: "label: description (icon)", a service's containers indented under it. */
function rows(watcher: HealthWatcher): string[] {
  const line = (n: TreeNode, indent = '') => `${indent}${n.label}: ${n.description} (${n.icon})`;
  const tree = buildTree({ declared: [], containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability });
  const mine = tree.find((p) => p.label === name);
  if (!mine) return [];
  const services = [...mine.children].sort((a, b) => a.label.localeCompare(b.label));
  return [line(mine), ...services.flatMap((s) => [line(s), ...s.children.map((c) => line(c, '  '))])];
}

const serviceRow = (watcher: HealthWatcher, service: string) =>
  buildTree({ declared: [], containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability })
    .find((p) => p.label === name)
    ?.children.find((s) => s.label === service);

const UPTIME = '\\d+[smh]';

test(
  'first read: every row drawn from the list while the inspects are held back, nothing false and nothing reported; then the inspects fill in the details',
  { skip, timeout: 120_000 },
  async () => {
    const proxy = new EngineProxy(await freeTcpPort());
    await proxy.up();
    const held = proxy.hold(INSPECT);
    const { connection, watcher, reachability, said, records, dispose } = watch(proxy);
    try {
      const synced = nextEvent(watcher.onSynced);
      await connection.connect();
      await held.asked;
      await until('the rows drawn from the list', () => (watcher.reachability.kind === 'reading' ? true : undefined));
      // What a user sees before any inspect answers.
      assert.deepEqual(rows(watcher), [
        `${name}: 1/6 healthy (question)`,
        'done: exited (3) (close)',
        'killed: exited (137) (question)',
        'later: not created (circle-outline)',
        `ok: healthy · 127.0.0.1:${port}→80 (pass-filled)`,
        'plain: running, unmonitored (circle-filled)',
        `  ${name}-plain-1: running, unmonitored (circle-filled)`,
        `  ${name}-plain-2: running, unmonitored (circle-filled)`,
        'sick: unhealthy (error)',
        'slow: starting (loading~spin)',
      ]);
      assert.equal(serviceRow(watcher, 'ok')?.tooltip, `**ok** — healthy\n\nimage: \`${IMAGE}\`\n\nnetworks: ${name}_default\n\nreading details…`);
      const tree = buildTree({ declared: [], containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability });
      assert.deepEqual(summary(tree, watcher.reachability), { text: '1/6 healthy · 2 failing', warning: true, icon: 'warning', stacks: [] });
      assert.deepEqual(reachability, ['reading']);
      assert.deepEqual(said(), []);
      assert.deepEqual(records(), ['session'], 'no metrics from rows drawn from the list');
      // Recovery decides nothing on a row the list drew: "sick" reads unhealthy, but is not inspected yet.
      const recoveryLog: string[] = [];
      const recovery = new Recovery(
        watcher,
        () => connection.docker,
        { graceMs: 100, maxAttempts: 1, backoffMs: 100, projects: (p) => p === name },
        (l) => recoveryLog.push(l),
        (c) => recoveryLog.push(`gave up on ${c}`),
      );
      await new Promise((r) => setTimeout(r, 800));
      recovery.dispose();
      assert.deepEqual(recoveryLog, [], 'no restart from a row drawn from the list');
      const order = tree.find((p) => p.label === name)?.children.map((s) => s.label);

      held.release();
      await synced;
      assert.deepEqual(reachability, ['reading', 'live']);
      const filled = rows(watcher);
      const expected = [
        `${name}: 1/6 healthy \\(error\\)`,
        'done: exited \\(3\\) \\(close\\)',
        // The inspect says it was no OOM kill: a stop's exit code, greyed.
        'killed: exited \\(137\\) \\(circle-slash\\)',
        'later: not created \\(circle-outline\\)',
        `ok: healthy · ${UPTIME} · 127\\.0\\.0\\.1:${port}→80 \\(pass-filled\\)`,
        `plain: running, unmonitored · ${UPTIME} \\(circle-filled\\)`,
        `  ${name}-plain-1: running, unmonitored \\(circle-filled\\)`,
        `  ${name}-plain-2: running, unmonitored \\(circle-filled\\)`,
        `sick: unhealthy · ${UPTIME} \\(error\\)`,
        `slow: starting · ${UPTIME} \\(loading~spin\\)`,
      ];
      assert.equal(filled.length, expected.length, filled.join('\n'));
      filled.forEach((row, i) => assert.match(row, new RegExp(`^${expected[i]}$`)));
      assert.match(serviceRow(watcher, 'ok')?.tooltip ?? '', /networks: .*_default\n\nfailing streak: 0\n\nhealth check \(exit 0\): `\(no output\)`/);
      assert.deepEqual(
        buildTree({ declared: [], containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability })
          .find((p) => p.label === name)
          ?.children.map((s) => s.label),
        order,
        'no row moved when its details came',
      );
      assert.deepEqual(said(), [], 'a first read reports no change');
      assert.ok(records().includes('state'), 'recorded once every row is an inspect');
      // Refresh reads every container again: the killed one is still the same stop, still greyed (it turned red "failed").
      await watcher.resync({ full: true });
      assert.ok(
        rows(watcher).includes('killed: exited (137) (circle-slash)'),
        rows(watcher).find((r) => r.startsWith('killed')),
      );
      assert.deepEqual(said(), [], 'a Refresh reports no change');
    } finally {
      held.release();
      dispose();
      await proxy.down();
    }
  },
);

test(
  'after an outage: the list draws the rows again without the uptime a restart meanwhile made false; the restart is reported once, from its inspect',
  { skip, timeout: 120_000 },
  async () => {
    const proxy = new EngineProxy(await freeTcpPort());
    await proxy.up();
    const { connection, watcher, transitions, said, dispose } = watch(proxy);
    try {
      const synced = nextEvent(watcher.onSynced);
      await connection.connect();
      await synced;
      const before = [...watcher.containers.values()].find((c) => c.project === name && c.service === 'ok');
      assert.ok(before);
      await proxy.down();
      await until('the engine out of reach', () => (watcher.reachability.kind === 'unreachable' ? true : undefined), 5000);
      assert.equal(run('docker', ['restart', '-t', '0', before.id]).status, 0);
      await until('ok healthy again', () => (inspect('ok', '{{.State.Health.Status}}') === 'healthy' ? true : undefined));
      // A restart publishes on a new ephemeral port.
      const moved = hostPort();
      const held = proxy.hold(INSPECT);
      const reread = nextEvent(watcher.onSynced);
      await proxy.up();
      try {
        await until('the rows drawn from the list again', () => (watcher.reachability.kind === 'reading' ? true : undefined), 10_000);
        assert.equal(serviceRow(watcher, 'ok')?.description, `healthy · 127.0.0.1:${moved}→80`);
        assert.equal(serviceRow(watcher, 'sick')?.description, 'unhealthy');
        assert.deepEqual(said(), []);
      } finally {
        held.release();
      }
      await reread;
      assert.equal(watcher.reachability.kind, 'live');
      assert.match(serviceRow(watcher, 'ok')?.description ?? '', new RegExp(`^healthy · ${UPTIME} · 127\\.0\\.0\\.1:${moved}→80$`));
      assert.deepEqual(said(), ['ok restarted']);
      assert.notEqual(transitions[0].container.startedAt, before.startedAt);
    } finally {
      dispose();
      await proxy.down();
    }
  },
);
