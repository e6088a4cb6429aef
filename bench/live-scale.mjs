// The live side at scale (`npm run bench`, or alone: `node bench/live-scale.mjs` after
// `tsc -p tsconfig.test.json`): 200 running busybox containers on the test engine, 50 of which
// flip health every second on demand. Measured in this process, which runs the same watcher and
// tree code as the extension host: the first full read (every row drawn from the container list,
// then every detail filled by the inspects, beside docker compose ps and the load average), a
// health flip → row latency under load, CPU while 50 flip, and Engine API calls while nothing
// changes: per minute with the views hidden, and per safety-net period with them visible, each
// call named (the extension host's two watchers share one connection here too, and every request
// on it is counted below the API).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const FLIPPERS = 50;
const STEADY = 150;

export async function liveScaleBench(root, require, row) {
  const { EngineConnection } = require(path.join(root, 'out/client/src/docker/connection.js'));
  const { HealthWatcher } = require(path.join(root, 'out/client/src/docker/health-watcher.js'));
  const { SwarmWatcher } = require(path.join(root, 'out/client/src/swarm/watcher.js'));
  const { buildTree, summary } = require(path.join(root, 'out/client/src/tree-model.js'));
  const { resolveDockerEndpoint } = require(path.join(root, 'out/common/docker/endpoint.js'));
  if (spawnSync('docker', ['info'], { encoding: 'utf8' }).status !== 0) return row('live at scale', 'skipped', 'no Docker Engine answers');
  if (spawnSync('docker', ['image', 'inspect', 'busybox:1.36']).status !== 0)
    return row('live at scale', 'skipped', 'build busybox:1.36 first (npm test does)');
  const name = `healthscale${process.pid}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-scale-'));
  const control = path.join(dir, 'control');
  fs.mkdirSync(control);
  // Flippers pass their check for a second and fail it the next while /control/flip exists.
  fs.writeFileSync(
    path.join(dir, 'compose.yaml'),
    [
      `name: ${name}`,
      // Only the flippers check every second: 200 execs a second would measure the engine, not us.
      'x-check: &check { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, retries: 1, timeout: 10s }',
      'services:',
      '  flip:',
      '    image: busybox:1.36',
      `    deploy: { replicas: ${FLIPPERS} }`,
      '    volumes: ["./control:/control:ro"]',
      '    command: ["sh", "-c", "touch /tmp/ok; while true; do if [ -f /control/flip ]; then rm -f /tmp/ok; sleep 1; fi; touch /tmp/ok; sleep 1; done"]',
      '    healthcheck: *check',
      '  steady:',
      '    image: busybox:1.36',
      `    deploy: { replicas: ${STEADY} }`,
      '    command: ["sh", "-c", "touch /tmp/ok && exec sleep 3600"]',
      '    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 30s, retries: 1 }',
      '',
    ].join('\n'),
  );
  const compose = (...args) => spawnSync('docker', ['compose', '-p', name, ...args], { cwd: dir, encoding: 'utf8', timeout: 900_000 });
  let connection;
  let watcher;
  let swarm;
  try {
    const u0 = performance.now();
    const up = compose('up', '-d', '--wait', '--wait-timeout', '600');
    row(
      `live at scale: docker compose up --wait of ${FLIPPERS + STEADY} containers (setup, for scale)`,
      `${((performance.now() - u0) / 1000).toFixed(0)} s`,
      '',
    );
    if (up.status !== 0) return row('live at scale', 'failed', `compose up: ${up.stderr.trim().split('\n').pop()}`);

    // 1. The first full read: connect, list (every row drawn from it, tree built), inspect every container (details filled, tree built).
    const t0 = performance.now();
    connection = new EngineConnection(() => resolveDockerEndpoint({ env: process.env }));
    watcher = new HealthWatcher(connection, { safetyNetMs: 60_000, coalesceMs: 30 });
    swarm = new SwarmWatcher(connection);
    const tree = () => buildTree({ declared: [], containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability });
    // The view's first draw from the list: the rows of our containers, and when.
    let drawn;
    const drawing = watcher.onReachability((r) => {
      if (r.kind !== 'reading' || drawn) return;
      drawn = { rows: containerRows(tree(), name), ms: performance.now() - t0 };
    });
    const synced = new Promise((r) => {
      const sub = watcher.onSynced(() => (sub.dispose(), r()));
    });
    await connection.connect();
    await synced;
    drawing.dispose();
    const requests = countRequests(connection);
    const filled = containerRows(tree(), name);
    const readMs = performance.now() - t0;
    const load = os.loadavg()[0].toFixed(1);
    const p0 = performance.now();
    const ps = compose('ps', '--format', 'json');
    const psMs = performance.now() - p0;
    const versus = `docker compose ps: ${psMs.toFixed(0)} ms${ps.status ? ' (failed)' : ''}; load average ${load}`;
    const count = (rows) => `${rows.filter((r) => r !== 'unknown').length} of ${FLIPPERS + STEADY} rows with their state`;
    const inspected = [...watcher.containers.values()].filter((c) => c.project === name && !c.fromList).length;
    row(
      `live at scale: first read, every row drawn from the container list (${drawn ? count(drawn.rows) : 'never drawn'})`,
      drawn ? `${drawn.ms.toFixed(0)} ms` : 'n/a',
      versus,
    );
    row(
      `live at scale: first read, every detail filled by the inspects (${count(filled)}, ${inspected} inspected; ${watcher.containers.size} containers on the engine)`,
      `${readMs.toFixed(0)} ms`,
      versus,
    );

    // The engine's own record of each health change (a stream of the bench's, for timing only).
    const pending = new Map();
    const events = await connection.docker.getEvents({ filters: JSON.stringify({ event: ['health_status'], label: [`com.docker.compose.project=${name}`] }) });
    let buffered = '';
    events.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const e = JSON.parse(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        pending.set(e.Actor.ID, { status: e.Action.split(': ')[1], at: Number(BigInt(e.timeNano) / 1_000_000n) });
      }
    });

    // The view's stand-in: one tree build at most every 100 ms, as HealthView redraws; each
    // health change the engine reported is timed when its row first shows it.
    const latencies = [];
    let builds = 0;
    let lastBuild = 0;
    let timer;
    const redraw = () => {
      timer = undefined;
      lastBuild = performance.now();
      builds++;
      const drawn = tree();
      summary(drawn, watcher.reachability);
      const rows = drawn.find((p) => p.label === name)?.children.flatMap((s) => s.children) ?? [];
      const now = performance.timeOrigin + performance.now();
      for (const r of rows) {
        const want = pending.get(r.id);
        if (want && r.status === want.status) {
          latencies.push(now - want.at);
          pending.delete(r.id);
        }
      }
    };
    const view = watcher.onChanged(() => {
      if (timer) return;
      const wait = lastBuild + 100 - performance.now();
      if (wait <= 0) redraw();
      else timer = setTimeout(redraw, wait);
    });

    // 2. CPU while 50 containers flip health every second, and each flip's latency to its row.
    fs.writeFileSync(path.join(control, 'flip'), '');
    await new Promise((r) => setTimeout(r, 5000));
    latencies.length = 0;
    const calls0 = watcher.apiCalls;
    const builds0 = builds;
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await new Promise((r) => setTimeout(r, 20_000));
    const cpu = process.cpuUsage(cpu0);
    const wallS = (performance.now() - wall0) / 1000;
    const flips = latencies.length;
    row(
      `live at scale: watcher + tree CPU while ${FLIPPERS} containers flip health (${(flips / wallS).toFixed(0)} flips/s reached the rows)`,
      `${(((cpu.user + cpu.system) / 1e6 / wallS) * 100).toFixed(1)}% of one core`,
      `${((watcher.apiCalls - calls0) / wallS).toFixed(0)} inspects/s, ${((builds - builds0) / wallS).toFixed(1)} tree builds/s`,
    );
    const sorted = [...latencies].sort((x, y) => x - y);
    const q = (f) => (sorted.length ? `${sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))].toFixed(0)} ms` : 'n/a');
    row(`live at scale: health flip (engine event) → row, under that load, ${sorted.length} flips`, `p50 ${q(0.5)}, p95 ${q(0.95)}, max ${q(1)}`, '< 500 ms');
    events.destroy();

    // 4. Idle: flipping stopped, checks still running every second on 200 containers; views hidden, then visible.
    fs.rmSync(path.join(control, 'flip'));
    await new Promise((r) => setTimeout(r, 5000));
    watcher.setVisible(false);
    swarm.setVisible(false);
    const ours = new Set([...watcher.containers.values()].filter((c) => c.project === name).map((c) => c.id));
    const hidden = requests.length;
    await new Promise((r) => setTimeout(r, 30_000));
    const hiddenCalls = requests.slice(hidden);
    row(
      `live at scale: Engine API calls per minute while idle, views hidden (${FLIPPERS} containers checked every second, ${STEADY} every 30 s)`,
      `${hiddenCalls.length * 2}`,
      `0${hiddenCalls.length ? `; made: ${named(hiddenCalls, ours)}` : ''}`,
    );
    // Shown: each watcher reads once at once (not idle), then only its safety net runs.
    watcher.setVisible(true);
    swarm.setVisible(true);
    await new Promise((r) => setTimeout(r, 2000));
    const visible = requests.length;
    await new Promise((r) => setTimeout(r, 60_000));
    const visibleCalls = requests.slice(visible);
    row(
      'live at scale: Engine API calls in one minute while idle, views visible (safety nets: health 60 s, swarm 30 s)',
      `${visibleCalls.length}: ${named(visibleCalls, ours) || 'none'}`,
      '1 list per 60 s + 1 info per 30 s on a plain engine; inspects only for containers that changed elsewhere on the engine',
    );
    view.dispose();
    clearTimeout(timer);
  } finally {
    swarm?.dispose();
    watcher?.dispose();
    connection?.dispose();
    // After 200 removals the engine may still hold a network endpoint for a moment ("has active endpoints"): try again.
    let down = compose('down', '--timeout', '0');
    for (let retry = 0; retry < 3 && down.status !== 0; retry++) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      down = compose('down', '--timeout', '0');
    }
    if (down.status !== 0) row('live at scale: cleanup', 'FAILED', down.stderr.trim().split('\n').pop());
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The status of each of one project's container rows, as the tree draws them. */
function containerRows(tree, project) {
  return (tree.find((p) => p.label === project)?.children ?? []).flatMap((s) => s.children.map((c) => c.status));
}

/** Records every request the connection's engine client sends (method and path), below its API: what any part of the extension asks counts. */
function countRequests(connection) {
  const sent = [];
  const modem = connection.docker.modem;
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    sent.push(`${options.method} ${options.path.split('?')[0]}`);
    return dial(options, callback);
  };
  return sent;
}

/** Requests by kind, e.g. "1 list, 2 info, 3 inspect (other projects)": an inspect of one of `ours` is the bench's own project. */
function named(requests, ours) {
  const kinds = new Map();
  for (const r of requests) {
    const id = /^GET \/containers\/([0-9a-f]{64})\/json$/.exec(r)?.[1];
    const kind = id ? (ours.has(id) ? 'inspect' : 'inspect (other projects)') : r === 'GET /containers/json' ? 'list' : r === 'GET /info' ? 'info' : r;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
}

// Alone: print the rows.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  await liveScaleBench(root, createRequire(import.meta.url), (what, value, target) => console.log(`${what}: ${value}${target ? `   [${target}]` : ''}`));
}
