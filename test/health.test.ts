/**
 * The health tree against a real Docker Engine: services that become healthy, unhealthy, stay
 * starting, run unmonitored, exit; stops and restarts that were asked for raise no alarm, a
 * crash does; the engine cut off by a proxy the test owns, and back.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { Recovery } from '../client/src/docker/recovery';
import { buildTree, summary } from '../client/src/tree-model';
import { connectedWatcher, dockerSkip, ensureImage, IMAGE, run, until } from './docker';
import { EngineProxy, freeTcpPort } from './engine-proxy';
import { project, yaml } from './helpers';

const skip = dockerSkip();
const name = `cmhealth${process.pid}`;
const env = { COMPOSE_PROJECT_NAME: name };
/** Someone else's project on the same engine, with a container that stays unhealthy. */
const other = `${name}other`;
let dir = '';
let otherDir = '';

before(() => {
  if (skip) return;
  ensureImage();
  dir = project({
    'compose.yaml': yaml`
      services:
        ok:
          image: ${IMAGE}
          command: ["sh", "-c", "touch /tmp/ready && exec sleep 600"]
          healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 2 }
        sick:
          image: ${IMAGE}
          command: ["sleep", "600"]
          healthcheck: { test: ["CMD-SHELL", "echo database unreachable; exit 1"], interval: 1s, retries: 1 }
        slow:
          image: ${IMAGE}
          command: ["sleep", "600"]
          healthcheck: { test: ["CMD", "false"], interval: 60s, start_period: 60s }
        plain:
          image: ${IMAGE}
          command: ["sleep", "600"]
        done:
          image: ${IMAGE}
          command: ["sh", "-c", "exit 3"]
        later:
          image: ${IMAGE}
          profiles: [later]
    `,
  });
  const up = run('docker', ['compose', 'up', '-d'], { cwd: dir, env });
  assert.equal(up.status, 0, up.stderr);
  otherDir = project({
    'compose.yaml': yaml`
      services:
        db:
          image: ${IMAGE}
          command: ["sleep", "600"]
          healthcheck: { test: ["CMD", "false"], interval: 1s, retries: 1 }
    `,
  });
  const upOther = run('docker', ['compose', 'up', '-d'], { cwd: otherDir, env: { COMPOSE_PROJECT_NAME: other } });
  assert.equal(upOther.status, 0, upOther.stderr);
});

after(() => {
  if (skip) return;
  const down = run('docker', ['compose', '-p', name, 'down', '--timeout', '0']);
  assert.equal(down.status, 0, down.stderr);
  const downOther = run('docker', ['compose', '-p', other, 'down', '--timeout', '0']);
  assert.equal(downOther.status, 0, downOther.stderr);
});

test('health tree: every state at a glance, declared services never created shown greyed', { skip }, async () => {
  const { watcher, dispose } = await connectedWatcher();
  try {
    const declared = [
      { name, dir, files: [], services: ['ok', 'sick', 'slow', 'plain', 'done', 'later'].map((s) => ({ name: s, hasHealthcheck: true, enabled: true })) },
    ];
    const tree = await until('the expected states', () => {
      const t = buildTree({ declared, containers: watcher.containers.values(), now: Date.now() });
      const statuses = t
        .find((p) => p.label === name)
        ?.children.map((s) => `${s.label}:${s.status}`)
        .join(' ');
      return statuses === 'ok:healthy sick:unhealthy slow:starting plain:unmonitored done:failed later:not-created' ? t : undefined;
    });
    const rows = tree.find((p) => p.label === name)?.children ?? [];
    assert.deepEqual(
      rows.map((r) => [r.label, r.icon, r.color, r.description?.replace(/ · \d+[smhd].*$/, '')]),
      [
        ['ok', 'pass-filled', 'testing.iconPassed', 'healthy'],
        ['sick', 'error', 'testing.iconFailed', 'unhealthy'],
        ['slow', 'loading~spin', 'charts.yellow', 'starting'],
        ['plain', 'circle-filled', 'charts.blue', 'running, unmonitored'],
        ['done', 'close', 'testing.iconFailed', 'exited (3)'],
        ['later', 'circle-outline', 'disabledForeground', 'not created'],
      ],
    );
    assert.equal(rows[5].dimmed, true);
    assert.match(rows[1].tooltip, /health check \(exit 1\): `database unreachable`/);
    assert.equal(tree.find((p) => p.label === name)?.description, '1/5 healthy');
    assert.deepEqual(summary(tree.filter((p) => p.label === name)), { text: '1/5 healthy · 2 failing', warning: true, icon: 'warning', stacks: [] });
  } finally {
    dispose();
  }
});

test('health tree: a health change arrives by event, not by polling', { skip }, async () => {
  const { watcher, dispose } = await connectedWatcher({ watcher: { safetyNetMs: 3_600_000, coalesceMs: 30 } });
  try {
    const before = watcher.apiCalls;
    const ok = [...watcher.containers.values()].find((c) => c.project === name && c.service === 'ok');
    assert.ok(ok);
    // Make "ok" fail its check: the engine reports unhealthy after 2 failures, ~2 s.
    assert.equal(run('docker', ['exec', ok.id, 'rm', '/tmp/ready']).status, 0);
    await until('ok to turn unhealthy', () => (watcher.containers.get(ok.id)?.health === 'unhealthy' ? true : undefined), 20_000);
    // Only the container concerned was inspected again (no list, no polling).
    assert.ok(watcher.apiCalls - before <= 3, `API calls: ${watcher.apiCalls - before}`);
    run('docker', ['exec', ok.id, 'touch', '/tmp/ready']);
  } finally {
    dispose();
  }
});

test(
  "recovery: restarts a container of its projects that stays unhealthy, with a cap, then gives up and says so; another project's is never touched",
  { skip },
  async () => {
    const { connection, watcher, dispose } = await connectedWatcher();
    const log: string[] = [];
    const gaveUp: string[] = [];
    const recovery = new Recovery(
      watcher,
      () => connection.docker,
      { graceMs: 500, maxAttempts: 2, backoffMs: 500, projects: (p) => p === name },
      (l) => log.push(l),
      (c) => gaveUp.push(c),
    );
    try {
      const sick = `${name}-sick-1`;
      // Other projects' containers on the same engine may be unhealthy too: look at ours.
      await until('recovery to give up', () => (gaveUp.includes(sick) ? true : undefined), 60_000);
      assert.deepEqual(
        gaveUp.filter((c) => c.startsWith(name)),
        [sick],
      );
      assert.deepEqual(
        log.filter((l) => l.includes(sick)).map((l) => l.replace(/unhealthy for \d+ s/, 'unhealthy for N s')),
        [
          `recovery: restarting ${sick} (sick), unhealthy for N s — attempt 1 of 2`,
          `recovery: restarting ${sick} (sick), unhealthy for N s — attempt 2 of 2`,
          `recovery: gave up on ${sick} (sick) after 2 restart(s); it is still unhealthy`,
        ],
      );
      // The other project's container was unhealthy all along (the watcher saw it), and recovery,
      // which logs every restart before it makes it, never named it.
      const otherDb = `${other}-db-1`;
      assert.equal([...watcher.containers.values()].find((c) => c.name === otherDb)?.health, 'unhealthy');
      assert.deepEqual(
        log.filter((l) => l.includes(other)),
        [],
      );
    } finally {
      recovery.dispose();
      dispose();
    }
  },
);

test('health tree: the engine goes away (a proxy the test owns is cut): every row unknown within 2 s, then a full re-read by itself', { skip }, async () => {
  const proxy = new EngineProxy(await freeTcpPort());
  await proxy.up();
  const { connection, watcher, dispose } = await connectedWatcher({ backoff: { firstMs: 200, maxMs: 500 }, endpoint: { explicitHost: proxy.host } });
  const declared = [{ name, dir, files: [], services: [{ name: 'ok', enabled: true }] }];
  const row = () =>
    buildTree({ declared, containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability })
      .find((p) => p.label === name)
      ?.children.find((s) => s.label === 'ok');
  try {
    await until('ok healthy', () => (row()?.status === 'healthy' ? true : undefined));
    const ok = [...watcher.containers.values()].find((c) => c.project === name && c.service === 'ok');
    assert.ok(ok);
    const cut = Date.now();
    await proxy.down();
    const unknown = await until('the row to go unknown', () => (row()?.status === 'unknown' ? row() : undefined), 2000);
    assert.ok(Date.now() - cut < 2000);
    const hhmm = new Date(cut).toTimeString().slice(0, 5);
    assert.equal(unknown?.description, `engine unreachable since ${hhmm}`);
    assert.equal(unknown?.icon, 'question');
    assert.deepEqual(summary([], watcher.reachability), { text: `engine unreachable since ${hhmm}`, warning: true, icon: 'debug-disconnect', stacks: [] });
    // While it is away, the container restarts: the events are lost, the re-read must still see it.
    assert.equal(run('docker', ['restart', '-t', '0', ok.id]).status, 0);
    await proxy.up();
    await until('reconnection and a full re-read', () => (watcher.reachability.kind === 'live' ? true : undefined), 10_000);
    assert.equal(connection.state.kind, 'connected');
    const fresh = watcher.containers.get(ok.id);
    assert.notEqual(fresh?.startedAt, ok.startedAt, 'the restart during the outage is seen');
    await until('ok healthy again', () => (row()?.status === 'healthy' ? true : undefined), 20_000);
  } finally {
    dispose();
    await proxy.down();
  }
});

test('health tree: a container read running again before its start event arrives is no longer stopping (the stop it was asked is over)', { skip }, async () => {
  const proxy = new EngineProxy(await freeTcpPort());
  await proxy.up();
  const { watcher, dispose } = await connectedWatcher({ endpoint: { explicitHost: proxy.host } });
  const plain = () => [...watcher.containers.values()].find((c) => c.project === name && c.service === 'plain');
  try {
    const first = await until('plain read', () => plain());
    assert.equal(run('docker', ['stop', '-t', '0', first.id]).status, 0);
    await until('plain stopped on request', () => (plain()?.state === 'exited' && plain()?.stopRequested ? true : undefined));
    // The engine starts it again; its start event is held, and a full read sees it first.
    const events = proxy.holdStream(/^\/v[\d.]+\/events$|^\/events$/);
    try {
      assert.equal(run('docker', ['start', first.id]).status, 0);
      await watcher.resync({ full: true });
      const read = plain();
      assert.notEqual(read?.startedAt, first.startedAt);
      assert.deepEqual(
        [
          read?.state,
          read?.stopRequested,
          buildTree({ declared: [], containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability })
            .find((p) => p.label === name)
            ?.children.find((c) => c.label === 'plain')?.status,
        ],
        ['running', false, 'unmonitored'],
      );
    } finally {
      events.release();
    }
  } finally {
    dispose();
    await proxy.down();
  }
});

test('health tree: a container compose did not create (docker run on a network) never becomes a row', { skip }, async () => {
  const { watcher, dispose } = await connectedWatcher({ watcher: { safetyNetMs: 3_600_000, coalesceMs: 30 } });
  const plain = `cmplain${process.pid}`;
  try {
    assert.equal(run('docker', ['network', 'create', plain]).status, 0);
    // Its create/start events carry no compose label; its network connect event names only the container.
    assert.equal(run('docker', ['run', '-d', '--name', plain, '--network', plain, IMAGE, 'sleep', '60']).status, 0);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(
      [...watcher.containers.values()].filter((c) => c.name === plain).map((c) => c.project),
      [],
    );
  } finally {
    dispose();
    run('docker', ['rm', '-f', plain]);
    run('docker', ['network', 'rm', plain]);
  }
});
