/**
 * The Docker host setting switched from one engine to another while work for the old one is still
 * in flight: two proxies the test owns stand for the two engines, and the old one's answers are
 * held back until after the switch. Nothing the old engine says after the switch reaches the
 * tree, and a failure of the old engine afterwards does not take down the new one.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { EngineConnection, type ConnectionState } from '../client/src/docker/connection';
import { HealthWatcher } from '../client/src/docker/health-watcher';
import { SwarmWatcher } from '../client/src/swarm/watcher';
import { nextEvent } from '../client/src/events';
import { buildTree, summary } from '../client/src/tree-model';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
import { dockerSkip, ensureImage, IMAGE, run, until } from './docker';
import { EngineProxy, freeTcpPort, type Hold } from './engine-proxy';
import { project, yaml } from './helpers';

const skip = dockerSkip();
/** A project only the old engine runs (removed from the engine before the switch). */
const oldOnly = `cmswitchold${process.pid}`;
/** A project the new engine runs. */
const onNew = `cmswitchnew${process.pid}`;

const up = (name: string) => {
  const dir = project({
    'compose.yaml': yaml`
      name: ${name}
      services:
        app:
          image: ${IMAGE}
          command: ["sleep", "600"]
    `,
  });
  const r = run('docker', ['compose', 'up', '-d'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
};
const down = (name: string) => {
  const r = run('docker', ['compose', '-p', name, 'down', '--timeout', '0']);
  assert.equal(r.status, 0, r.stderr);
};

before(() => {
  if (skip) return;
  ensureImage();
  up(onNew);
});

after(() => {
  if (skip) return;
  down(oldOnly);
  down(onNew);
});

/** Two engines (proxies), a connection whose host setting the test changes, and a watcher that has read the old engine. */
async function onOldEngine() {
  const oldEngine = new EngineProxy(await freeTcpPort());
  const newEngine = new EngineProxy(await freeTcpPort());
  await oldEngine.up();
  await newEngine.up();
  const setting = { host: oldEngine.host };
  const connection = new EngineConnection(() => resolveDockerEndpoint({ env: process.env, explicitHost: setting.host }), { firstMs: 200, maxMs: 500 });
  const watcher = new HealthWatcher(connection, { safetyNetMs: 3_600_000, coalesceMs: 30 });
  const states: ConnectionState['kind'][] = [];
  connection.onState((s) => states.push(s.kind));
  /** Changes the setting, as the extension does: reconnect to what it says now (an engine, or a host written by hand). */
  const setHost = async (engine: EngineProxy | string) => {
    setting.host = typeof engine === 'string' ? engine : engine.host;
    states.length = 0;
    await connection.reconfigure();
  };
  /** The same, then waits for the new engine's full read. */
  const switchTo = async (engine: EngineProxy) => {
    await setHost(engine);
    await until('the new engine read in full', () =>
      connection.state.kind === 'connected' && connection.state.engine.startsWith(`${engine.host} `) && watcher.reachability.kind === 'live' ? true : undefined,
    );
  };
  const projects = () =>
    buildTree({ declared: [], containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability }).map((p) => p.label);
  const dispose = async () => {
    watcher.dispose();
    connection.dispose();
    await oldEngine.down();
    await newEngine.down();
  };
  return { oldEngine, newEngine, connection, watcher, states, setHost, switchTo, projects, dispose };
}

/** Ways work for the old engine begins just before the switch: each ends in an inspect of the old project's container. */
const asks: [string, (watcher: HealthWatcher, connection: EngineConnection, id: string) => Promise<unknown>][] = [
  // The Refresh command's full read: the list answers, the inspects run 12 at a time.
  ['a full read (Refresh)', (watcher, connection) => watcher.resync({ full: true }).catch((e: Error) => connection.lost(e))],
  // An event: a signal the container ignores (busybox sleep and SIGWINCH) makes a `kill` event, and the event its inspect.
  ['an event', async (_watcher, _connection, id) => assert.equal(run('docker', ['kill', '-s', 'WINCH', id]).status, 0)],
];

for (const [what, ask] of asks) {
  test(
    `engine switch: the old engine's answer to ${what}, arriving after the switch, never shows its project; the new engine's projects show`,
    { skip, timeout: 60_000 },
    async () => {
      up(oldOnly);
      const { oldEngine, newEngine, connection, watcher, switchTo, projects, dispose } = await onOldEngine();
      try {
        const synced = nextEvent(watcher.onSynced);
        await connection.connect();
        await synced;
        const oldContainer = [...watcher.containers.values()].find((c) => c.project === oldOnly);
        assert.ok(oldContainer, 'the old engine shows its project');
        // The old engine answers the inspect of its project's container only after the switch.
        const held = oldEngine.hold(new RegExp(`/containers/${oldContainer.id}/json`));
        const asked = ask(watcher, connection, oldContainer.id);
        await held.asked;
        // From here on only the held answer knows the project: the new engine does not run it.
        down(oldOnly);
        await until('the old project removed by its events', () => (projects().includes(oldOnly) ? undefined : true));
        const shownAfterSwitch: string[][] = [];
        const sub = watcher.onChanged(() => shownAfterSwitch.push(projects()));
        await switchTo(newEngine);
        assert.ok(projects().includes(onNew), "the new engine's project shows");
        held.release();
        await asked;
        await new Promise((r) => setTimeout(r, 500));
        sub.dispose();
        shownAfterSwitch.push(projects());
        assert.deepEqual(
          shownAfterSwitch.filter((rows) => rows.includes(oldOnly)),
          [],
          "no drawing after the switch shows the old engine's project",
        );
        assert.ok(projects().includes(onNew), "the new engine's project still shows");
        assert.equal(connection.state.kind, 'connected');
      } finally {
        await dispose();
      }
    },
  );
}

test(
  "engine switch: the old engine's event stream opening after the switch is closed; the old engine going away then leaves the new one live",
  { skip, timeout: 60_000 },
  async () => {
    const { oldEngine, newEngine, connection, watcher, states, switchTo, projects, dispose } = await onOldEngine();
    try {
      // The old engine connects, but its event stream only answers after the switch.
      const held = oldEngine.hold(/\/events/);
      await connection.connect();
      await held.asked;
      await switchTo(newEngine);
      assert.ok(projects().includes(onNew), "the new engine's project shows");
      held.release();
      await new Promise((r) => setTimeout(r, 300));
      // The old engine goes away: whatever of it is still open fails now.
      await oldEngine.down();
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(states, ['connecting', 'connected'], 'the connection to the new engine never went down');
      assert.equal(watcher.reachability.kind, 'live');
      // The new engine's events still reach the tree: a container stopped shows as exited.
      const app = [...watcher.containers.values()].find((c) => c.project === onNew);
      assert.ok(app);
      assert.equal(run('docker', ['stop', '-t', '0', app.id]).status, 0);
      await until("the stop seen through the new engine's events", () => (watcher.containers.get(app.id)?.state === 'exited' ? true : undefined), 5000);
      assert.equal(run('docker', ['start', app.id]).status, 0);
    } finally {
      await dispose();
    }
  },
);

test(
  'engine switch to a host that cannot be used: the rows go and the watcher says unreachable at once, with no passing "connecting" for the view to draw',
  { skip, timeout: 60_000 },
  async () => {
    up(oldOnly);
    const { connection, watcher, setHost, projects, dispose } = await onOldEngine();
    try {
      const synced = nextEvent(watcher.onSynced);
      await connection.connect();
      await synced;
      assert.ok(projects().includes(oldOnly), 'the old engine shows its project');
      const seen: string[] = [];
      watcher.onReachability((r) => seen.push(r.kind));
      await setHost('ftp://engine.example');
      assert.equal(connection.state.kind, 'down');
      assert.deepEqual(seen, ['unreachable']);
      assert.deepEqual(projects(), []);
    } finally {
      await dispose();
    }
  },
);

test(
  "engine switch away from an engine out of reach: its rows (kept as unknown) go at once, before the new engine's first read answers",
  { skip, timeout: 60_000 },
  async () => {
    up(oldOnly);
    const { oldEngine, newEngine, connection, watcher, setHost, projects, dispose } = await onOldEngine();
    try {
      const synced = nextEvent(watcher.onSynced);
      await connection.connect();
      await synced;
      assert.ok(projects().includes(oldOnly), 'the old engine shows its project');
      await oldEngine.down();
      await until('the old engine out of reach', () => (watcher.reachability.kind === 'unreachable' ? true : undefined), 5000);
      assert.ok(projects().includes(oldOnly), 'out of reach, its rows stay (as unknown)');
      // The setting changes; the new engine's list is held back, so only the switch itself can clear the rows.
      const held = newEngine.hold(/\/containers\/json/);
      const read = nextEvent(watcher.onSynced);
      await setHost(newEngine);
      await held.asked;
      assert.deepEqual(
        projects().filter((p) => p === oldOnly),
        [],
        "the old engine's rows are not shown as the new engine's",
      );
      assert.equal(watcher.reachability.kind, 'connecting');
      held.release();
      await read;
      assert.ok(projects().includes(onNew), "the new engine's project shows");
    } finally {
      await dispose();
    }
  },
);

test(
  "engine switch: the Swarm view's read of the old engine, still in flight, neither stands for the new engine's read nor, when the old engine goes away, takes the shared connection down",
  { skip, timeout: 60_000 },
  async () => {
    const { oldEngine, newEngine, connection, watcher, states, switchTo, dispose } = await onOldEngine();
    // Once the old engine is connected, its event streams and the Swarm view's first read answer only after the switch.
    let held: Hold | undefined;
    connection.onState((s) => {
      if (s.kind === 'connected' && !held) held = oldEngine.hold(/\/(events|info)$/);
    });
    const swarm = new SwarmWatcher(connection, { coalesceMs: 50, convergingMs: 1000, safetyNetMs: 3_600_000 });
    const asked = (engine: EngineProxy, path: string) => engine.requests.filter((r) => r.endsWith(path)).length;
    try {
      await connection.connect();
      // Both watchers' streams, and the connection's /info and the Swarm view's.
      await until('the old engine asked', () => (asked(oldEngine, '/events') === 2 && asked(oldEngine, '/info') === 2 ? true : undefined));
      await switchTo(newEngine);
      // The new engine is read for the Swarm view: besides the connection's own /info, one of its own.
      await until("the Swarm view's read of the new engine", () => (asked(newEngine, '/info') === 2 ? true : undefined), 5000);
      // The old engine goes away before it answers: its read and its streams fail now.
      await oldEngine.down();
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(states, ['connecting', 'connected'], 'the connection to the new engine never went down');
      assert.equal(watcher.reachability.kind, 'live');
    } finally {
      swarm.dispose();
      await dispose();
    }
  },
);

test(
  'start-up: until the first full read every row and the status bar say "connecting…", never "not created" or "not running"; then the rows show what runs',
  { skip, timeout: 60_000 },
  async () => {
    const { oldEngine, connection, watcher, dispose } = await onOldEngine();
    // The workspace declares the project the engine runs (app) and a service never created (worker).
    const declared = [{ name: onNew, dir: '/work/app', services: ['app', 'worker'].map((name) => ({ name, enabled: true })) }];
    const rows = () =>
      buildTree({ declared, containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability })
        .filter((p) => p.label === onNew)
        .flatMap((p) => [`${p.label}: ${p.description} (${p.icon})`, ...p.children.map((s) => `${s.label}: ${s.description} (${s.icon})`)]);
    try {
      // The engine's first list is held back: the watcher is connected but has read nothing yet.
      const held = oldEngine.hold(/\/containers\/json/);
      const synced = nextEvent(watcher.onSynced);
      await connection.connect();
      await held.asked;
      assert.equal(watcher.reachability.kind, 'connecting');
      assert.deepEqual(rows(), [`${onNew}: connecting… (question)`, 'app: connecting… (question)', 'worker: connecting… (question)']);
      const tree = buildTree({ declared, containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability });
      assert.deepEqual(summary(tree, watcher.reachability), { text: 'connecting…', warning: false, icon: 'sync~spin', stacks: [] });
      held.release();
      await synced;
      assert.equal(watcher.reachability.kind, 'live');
      const [projectRow, app, worker] = rows();
      assert.equal(projectRow, `${onNew}: 0/1 healthy (circle-filled)`);
      assert.match(app, /^app: running, unmonitored · (\d+s|\d+m|\d+h)\b.* \(circle-filled\)$/);
      assert.equal(worker, 'worker: not created (circle-outline)');
    } finally {
      await dispose();
    }
  },
);
