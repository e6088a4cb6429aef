/**
 * Metrics on a real engine: what the test does to a project (unhealthy twice, then healthy; a stop;
 * a start that pre-flight blocks; a start that times out) is what the store, the figures and the
 * CLI say, within a second.
 */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DeclaredProject } from '../common/protocol';
import { computeFigures } from '../common/metrics/figures';
import { MetricsStore, readRecords } from '../common/metrics/store';
import { detectCompose } from '../client/src/docker/compose-cli';
import { startProject } from '../client/src/docker/start';
import { Recovery } from '../client/src/docker/recovery';
import { MetricsRecorder } from '../client/src/metrics/recorder';
import { connectedWatcher, dockerSkip, ensureImage, IMAGE, run, until } from './docker';
import { project, yaml } from './helpers';

const skip = dockerSkip();
const names: string[] = [];
after(() => {
  for (const n of names) run('docker', ['compose', '-p', n, 'down', '--timeout', '0']);
});

const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
type Service = DeclaredProject['services'][number];
function declared(name: string, dir: string, services: Partial<Service>[]): DeclaredProject {
  return {
    name,
    dir,
    files: [`${dir}/compose.yaml`],
    profiles: [],
    errors: 0,
    services: services.map((s) => ({ name: '', hasHealthcheck: true, enabled: true, profiles: [], image: IMAGE, build: false, ports: [], ...s })),
  };
}

/** A store in a fresh folder, a connected watcher, and a recorder of one project. */
async function recording(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-metrics-store-'));
  const store = new MetricsStore(dir);
  assert.equal(store.open(), true);
  const live = await connectedWatcher({ watcher: { safetyNetMs: 60_000, coalesceMs: 30 } });
  const recorder = new MetricsRecorder(live.watcher, store, (p) => p === name);
  return {
    dir,
    ...live,
    recorder,
    close: () => (recorder.dispose(), live.dispose()),
  };
}

const near = (actual: number | null | undefined, expected: number, what: string) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= 1000, `${what}: ${actual} ms, the test saw ${expected} ms`);

test('metrics: a service unhealthy twice and back; a start and its time to healthy; the same figures from the CLI', { skip }, async () => {
  ensureImage();
  const name = `metricsflip${process.pid}`;
  names.push(name);
  const dir = project({
    'compose.yaml': yaml`
    services:
      api:
        image: ${IMAGE}
        command: ["sh", "-c", "touch /tmp/ok; exec sleep 600"]
        healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, timeout: 1s, retries: 1 }
      web:
        image: ${IMAGE}
        command: ["sleep", "600"]
  `,
  });
  const r = await recording(name);
  try {
    const commandAt = Date.now();
    const outcome = await r.recorder.start(declared(name, dir, [{ name: 'api' }, { name: 'web', hasHealthcheck: false }]), commandAt, () =>
      startProject(
        r.connection.docker,
        detectCompose() as NonNullable<ReturnType<typeof detectCompose>>,
        r.watcher,
        declared(name, dir, [{ name: 'api' }, { name: 'web', hasHealthcheck: false }]),
        { profiles: [], timeoutMs: 60_000, onProgress: () => undefined, onLog: () => undefined },
      ),
    );
    const tookMs = Date.now() - commandAt;
    assert.equal(outcome.kind, 'started');
    const api = [...r.watcher.containers.values()].find((c) => c.project === name && c.service === 'api');
    assert.ok(api);
    // The test's own view of the health, straight from the engine (not through the watcher).
    const health = async () => ((await r.connection.docker.getContainer(api.id).inspect()).State.Health as { Status: string }).Status;
    const waitFor = async (status: string) => {
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((res) => setTimeout(res, 50)))
        if ((await health()) === status) return Date.now();
      throw new Error(`api never became ${status}`);
    };
    const episodes: number[] = [];
    for (let i = 0; i < 2; i++) {
      run('docker', ['exec', api.id, 'rm', '/tmp/ok']);
      const sick = await waitFor('unhealthy');
      await new Promise((res) => setTimeout(res, 1500));
      run('docker', ['exec', api.id, 'touch', '/tmp/ok']);
      episodes.push((await waitFor('healthy')) - sick);
    }
    // The recorder writes when the watcher hears the event: give it the event latency.
    await until(
      'the second recovery in the store',
      () => readRecords(r.dir).filter((x) => x.kind === 'state' && x.service === 'api' && x.state === 'healthy').length >= 3 || undefined,
      5000,
    );

    const records = readRecords(r.dir);
    const start = records.find((x) => x.kind === 'start');
    assert.equal(start?.kind === 'start' && start.result, 'started');
    near(start?.kind === 'start' ? start.ms : null, tookMs, 'time to healthy');
    assert.equal(start?.kind === 'start' && start.slowest?.service, 'api');
    const now = Date.now();
    const figures = computeFigures(records, now, { recording: true });
    const [hour] = figures.windows;
    const apiFigures = hour.services.find((s) => s.service === 'api');
    assert.equal(apiFigures?.episodes, 2);
    const [first, second] = figures.timeline.find((t) => t.service === 'api')?.episodes ?? [];
    near(first && first.to - first.from, episodes[0], 'first unhealthy episode');
    near(second && second.to - second.from, episodes[1], 'second unhealthy episode');
    near(apiFigures?.mttrMs, (episodes[0] + episodes[1]) / 2, 'MTTR');
    near(apiFigures?.ms.unhealthy, episodes[0] + episodes[1], 'time unhealthy');
    assert.ok((apiFigures?.checks.failed ?? 0) >= 2, 'the failed health checks that made it unhealthy are recorded');
    assert.deepEqual(figures.coverage, { monitored: 1, total: 2, unmonitored: ['web'] });
    assert.deepEqual(hour.starts, {
      total: 1,
      started: 1,
      blockedBeforeUp: 0,
      failedAfterUp: 0,
      cancelled: 0,
      meanTimeToHealthyMs: start?.kind === 'start' ? start.ms : null,
    });

    // The CLI reads the same store (the recorder is still writing: intervals run until now).
    const json = JSON.parse(run(process.execPath, [cli, 'metrics', '--store', r.dir, '--format', 'json']).stdout) as typeof figures;
    const cliApi = json.windows[0].services.find((s) => s.service === 'api');
    assert.equal(cliApi?.episodes, 2);
    near(cliApi?.mttrMs, apiFigures?.mttrMs ?? 0, 'MTTR from the CLI');
    assert.equal(json.windows[0].starts.started, 1);
    const om = run(process.execPath, [cli, 'metrics', '--store', r.dir, '--format', 'openmetrics']).stdout;
    assert.match(om, new RegExp(`^compose_mesh_service_unhealthy_episodes\\{project="${name}",service="api",window="1h"\\} 2$`, 'm'));
    const mttr = Number(new RegExp(`^compose_mesh_service_mttr_seconds\\{project="${name}",service="api",window="1h"\\} ([\\d.]+)$`, 'm').exec(om)?.[1]);
    near(mttr * 1000, (episodes[0] + episodes[1]) / 2, 'MTTR in OpenMetrics');
    const text = run(process.execPath, [cli, 'metrics', '--store', r.dir]).stdout;
    assert.match(text, /health coverage: 1 of 2 services monitored \(no health check: web\)/);
    assert.match(text, /1h: MTTR [\d.]+ s over 2 episode\(s\); starts 1 \(1 healthy/);

    // A stop the user asks for is neither downtime nor an exit worth counting.
    run('docker', ['compose', '-p', name, 'stop', '--timeout', '0']);
    await until('the stop in the store', () => readRecords(r.dir).filter((x) => x.kind === 'state' && x.state === 'gone').length >= 2 || undefined, 15_000);
    const stopped = computeFigures(readRecords(r.dir), Date.now() + 60_000, { recording: true }).windows[0];
    assert.deepEqual(
      readRecords(r.dir).filter((x) => x.kind === 'exit'),
      [],
    );
    assert.equal(stopped.services.find((s) => s.service === 'api')?.ms.down, 0);
  } finally {
    r.close();
  }
});

test('metrics: a start that pre-flight blocks (port in use) and one that times out are told apart', { skip }, async () => {
  ensureImage();
  const name = `metricsstart${process.pid}`;
  names.push(name);
  const holder = net.createServer();
  await new Promise<void>((res) => holder.listen(0, '127.0.0.1', res));
  const port = (holder.address() as net.AddressInfo).port;
  const dir = project({
    'compose.yaml': yaml`
    services:
      slow:
        image: ${IMAGE}
        command: ["sleep", "600"]
        healthcheck: { test: ["CMD", "false"], interval: 1s, start_period: 120s }
  `,
  });
  const r = await recording(name);
  try {
    const compose = detectCompose() as NonNullable<ReturnType<typeof detectCompose>>;
    const options = { profiles: [], onProgress: () => undefined, onLog: () => undefined };
    const blockedProject = declared(name, dir, [{ name: 'slow', ports: [{ hostIp: '127.0.0.1', hostPort: port, protocol: 'tcp' }] }]);
    let t = Date.now();
    const blocked = await r.recorder.start(blockedProject, t, () =>
      startProject(r.connection.docker, compose, r.watcher, blockedProject, { ...options, timeoutMs: 3000 }),
    );
    const blockedMs = Date.now() - t;
    assert.equal(blocked.kind, 'blocked');
    const plain = declared(name, dir, [{ name: 'slow' }]);
    t = Date.now();
    const late = await r.recorder.start(plain, t, () => startProject(r.connection.docker, compose, r.watcher, plain, { ...options, timeoutMs: 3000 }));
    const lateMs = Date.now() - t;
    assert.equal(late.kind, 'timeout');

    const starts = readRecords(r.dir).filter((x) => x.kind === 'start');
    assert.deepEqual(
      starts.map((s) => s.kind === 'start' && { result: s.result, blocked: s.blocked, failed: s.failed }),
      [
        { result: 'blocked', blocked: [{ reason: 'port-in-use', service: 'slow' }], failed: undefined },
        { result: 'timeout', blocked: undefined, failed: [{ service: 'slow', status: 'starting' }] },
      ],
    );
    near(starts[0].kind === 'start' ? starts[0].ms : null, blockedMs, 'blocked start');
    near(starts[1].kind === 'start' ? starts[1].ms : null, lateMs, 'timed-out start');
    const [hour] = computeFigures(readRecords(r.dir), Date.now(), { recording: true }).windows;
    assert.deepEqual(hour.starts, { total: 2, started: 0, blockedBeforeUp: 1, failedAfterUp: 1, cancelled: 0, meanTimeToHealthyMs: null });
    const om = run(process.execPath, [cli, 'metrics', '--store', r.dir, '--format', 'openmetrics', '--project', name]).stdout;
    assert.match(om, /^compose_mesh_starts\{result="blocked_before_up",window="1h"\} 1$/m);
    assert.match(om, /^compose_mesh_starts\{result="failed_after_up",window="1h"\} 1$/m);
  } finally {
    holder.close();
    r.close();
  }
});

test('metrics: a container created before it starts counts no downtime; a crash is an exit with its code, then a restart', { skip }, async () => {
  ensureImage();
  const name = `metricscrash${process.pid}`;
  names.push(name);
  const dir = project({
    'compose.yaml': yaml`
    services:
      calm:
        image: ${IMAGE}
        command: ["sleep", "600"]
      crash:
        image: ${IMAGE}
        command: ["sh", "-c", "sleep 1; exit 3"]
        restart: "on-failure:1"
  `,
  });
  const r = await recording(name);
  try {
    // `create` alone: the containers exist and have never run, for longer than the watcher takes to see them.
    assert.equal(run('docker', ['compose', '-p', name, 'create'], { cwd: dir }).status, 0);
    await until('the created containers in the watcher', () => [...r.watcher.containers.values()].filter((c) => c.project === name).length === 2 || undefined);
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal(run('docker', ['compose', '-p', name, 'start'], { cwd: dir }).status, 0);
    // on-failure:1 — the engine restarts it once; the second exit is final.
    await until('two exits in the store', () => readRecords(r.dir).filter((x) => x.kind === 'exit').length >= 2 || undefined, 30_000);
    const records = readRecords(r.dir);
    assert.deepEqual(
      records.filter((x) => x.kind === 'exit').map((x) => x.kind === 'exit' && [x.service, x.code]),
      [
        ['crash', 3],
        ['crash', 3],
      ],
    );
    assert.deepEqual(
      records.filter((x) => x.kind === 'restart').map((x) => x.kind === 'restart' && x.service),
      ['crash'],
    );
    // Nothing was down before the start: calm went from no interval straight to running.
    assert.deepEqual(
      records.filter((x) => x.kind === 'state' && x.service === 'calm').map((x) => x.kind === 'state' && x.state),
      ['unmonitored'],
    );
    const [hour] = computeFigures(records, Date.now(), { recording: true }).windows;
    const calm = hour.services.find((s) => s.service === 'calm');
    const crash = hour.services.find((s) => s.service === 'crash');
    assert.equal(calm?.ms.down, 0);
    assert.equal(calm?.uptime, 1);
    assert.deepEqual([crash?.restarts, crash?.exits], [1, { 3: 2 }]);
    // What the CLI prints from the same store.
    const text = run(process.execPath, [cli, 'metrics', '--store', r.dir]).stdout;
    assert.match(text, new RegExp(`^${name}/crash\\s.*\\s1\\s+3 × 2\\s+0/0$`, 'm'), text);
    const om = run(process.execPath, [cli, 'metrics', '--store', r.dir, '--format', 'openmetrics']).stdout;
    assert.match(om, new RegExp(`^compose_mesh_service_exits\\{project="${name}",service="crash",window="1h",code="3"\\} 2$`, 'm'), om);
    assert.match(om, new RegExp(`^compose_mesh_service_restarts\\{project="${name}",service="crash",window="1h"\\} 1$`, 'm'));
  } finally {
    r.close();
  }
});

test('metrics: recovery — a service back healthy after its restart (recovered), one given up; its restarts are no exits', { skip }, async () => {
  ensureImage();
  const name = `metricsrecover${process.pid}`;
  names.push(name);
  const dir = project({
    'compose.yaml': yaml`
    services:
      flaky:
        image: ${IMAGE}
        command: ["sh", "-c", "touch /tmp/ok; exec sleep 600"]
        healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, timeout: 1s, retries: 1 }
      broken:
        image: ${IMAGE}
        command: ["sleep", "600"]
        healthcheck: { test: ["CMD", "false"], interval: 1s, timeout: 1s, retries: 1 }
  `,
  });
  const r = await recording(name);
  const recovery = new Recovery(
    r.watcher,
    () => r.connection.docker,
    { graceMs: 1000, maxAttempts: 1, backoffMs: 1000, projects: (p) => p === name },
    () => undefined,
    () => undefined,
    (action) => r.recorder.recovery(action),
  );
  try {
    assert.equal(run('docker', ['compose', '-p', name, 'up', '-d'], { cwd: dir }).status, 0);
    await until('flaky healthy', () => readRecords(r.dir).some((x) => x.kind === 'state' && x.service === 'flaky' && x.state === 'healthy') || undefined);
    run('docker', ['exec', `${name}-flaky-1`, 'rm', '/tmp/ok']);
    // Recovery's restart runs the command again, which puts the file back: healthy after one attempt.
    await until(
      'flaky healthy again after its recovery, and broken given up',
      () => {
        const records = readRecords(r.dir);
        const attempt = records.findIndex((x) => x.kind === 'recovery' && x.service === 'flaky');
        const back = attempt >= 0 && records.slice(attempt).some((x) => x.kind === 'state' && x.service === 'flaky' && x.state === 'healthy');
        return (back && records.some((x) => x.kind === 'give-up' && x.service === 'broken')) || undefined;
      },
      60_000,
    );
    const records = readRecords(r.dir);
    const [hour] = computeFigures(records, Date.now(), { recording: true }).windows;
    const of = (service: string) => hour.services.find((s) => s.service === service);
    // On failure, what was recorded of flaky says which step the figures read differently.
    const story = () =>
      records
        .filter((x) => 'service' in x && x.service === 'flaky')
        .map((x) => JSON.stringify(x))
        .join('\n');
    assert.deepEqual(of('flaky')?.recovery, { attempts: 1, recovered: 1, gaveUp: 0 }, story());
    assert.deepEqual(of('broken')?.recovery, { attempts: 1, recovered: 0, gaveUp: 1 });
    assert.deepEqual(hour.recovery, { attempts: 2, recovered: 1, gaveUp: 1 });
    assert.deepEqual(of('flaky')?.episodes, 1);
    // A restart recovery asked for is a restart, not an exit.
    assert.deepEqual(
      records.filter((x) => x.kind === 'exit'),
      [],
    );
    const om = run(process.execPath, [cli, 'metrics', '--store', r.dir, '--format', 'openmetrics', '--project', name]).stdout;
    assert.match(om, /^compose_mesh_recovery_attempts\{window="1h"\} 2$/m);
    assert.match(om, /^compose_mesh_recovery_successes\{window="1h"\} 1$/m);
    assert.match(om, /^compose_mesh_recovery_give_ups\{window="1h"\} 1$/m);
  } finally {
    recovery.dispose();
    r.close();
  }
});
