/**
 * The health watcher's full read at some scale, against a real Docker Engine: 24 containers are
 * inspected several at a time (never more than the bound), the model keeps the engine's list
 * order, and an inspect answer that arrives after a newer one does not undo it.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { EngineConnection } from '../client/src/docker/connection';
import { HealthWatcher, type HealthTransition } from '../client/src/docker/health-watcher';
import { nextEvent } from '../client/src/events';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
import { dockerSkip, ensureImage, IMAGE, run, until } from './docker';
import { project, yaml } from './helpers';

const skip = dockerSkip();
const name = `cmhealthread${process.pid}`;
const REPLICAS = 24;
let dir = '';

before(() => {
  if (skip) return;
  ensureImage();
  dir = project({
    'compose.yaml': yaml`
      name: ${name}
      services:
        many:
          image: ${IMAGE}
          command: ["sleep", "600"]
          deploy: { replicas: ${REPLICAS} }
        checked:
          image: ${IMAGE}
          command: ["sh", "-c", "touch /tmp/ok && exec sleep 600"]
          healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, retries: 1 }
    `,
  });
  const up = run('docker', ['compose', 'up', '-d', '--wait'], { cwd: dir });
  assert.equal(up.status, 0, up.stderr);
});

after(() => {
  if (skip) return;
  const down = run('docker', ['compose', '-p', name, 'down', '--timeout', '0']);
  assert.equal(down.status, 0, down.stderr);
});

/**
 * Wraps the engine client's container inspects as soon as the connection has one (before the
 * watcher's first read): counts those in flight, and lets the test hold an answer back.
 */
function instrument(connection: EngineConnection) {
  const spy = { inFlight: 0, maxInFlight: 0, hold: undefined as ((id: string) => Promise<void> | undefined) | undefined };
  const sub = connection.onState((s) => {
    if (s.kind !== 'connecting') return;
    sub.dispose();
    const docker = connection.docker;
    const getContainer = docker.getContainer.bind(docker);
    docker.getContainer = (id: string) => {
      const container = getContainer(id);
      const inspect = container.inspect.bind(container) as () => Promise<Docker.ContainerInspectInfo>;
      container.inspect = (async () => {
        spy.inFlight++;
        spy.maxInFlight = Math.max(spy.maxInFlight, spy.inFlight);
        try {
          const answer = await inspect();
          await spy.hold?.(id);
          return answer;
        } finally {
          spy.inFlight--;
        }
      }) as typeof container.inspect;
      return container;
    };
  });
  return spy;
}

async function watch() {
  const connection = new EngineConnection(() => resolveDockerEndpoint({ env: process.env }));
  const watcher = new HealthWatcher(connection, { safetyNetMs: 3_600_000, coalesceMs: 30 });
  const spy = instrument(connection);
  const synced = nextEvent(watcher.onSynced);
  await connection.connect();
  await synced;
  return { connection, watcher, spy, dispose: () => (watcher.dispose(), connection.dispose()) };
}

const ours = (watcher: HealthWatcher) => [...watcher.containers.values()].filter((c) => c.project === name);

test('full read: several inspects at once, never more than 12, and the model in the engine list order', { skip }, async () => {
  const { connection, watcher, spy, dispose } = await watch();
  try {
    assert.equal(ours(watcher).length, REPLICAS + 1);
    assert.equal(spy.maxInFlight, 12);
    const listed = await connection.docker.listContainers({ all: true, filters: JSON.stringify({ label: [`com.docker.compose.project=${name}`] }) });
    assert.deepEqual(
      ours(watcher).map((c) => c.id),
      listed.map((c) => c.Id),
    );
    // A Refresh reads everything again: same rows, same order, nothing reported as changed.
    const rows = () => ours(watcher).map((c) => [c.id, c.state, c.health]);
    const before = rows();
    const transitions: HealthTransition[] = [];
    const sub = watcher.onTransition((t) => transitions.push(t));
    spy.maxInFlight = 0;
    await watcher.resync({ full: true });
    sub.dispose();
    assert.equal(spy.maxInFlight, 12);
    assert.deepEqual(rows(), before);
    assert.deepEqual(transitions, []);
  } finally {
    dispose();
  }
});

test('full read: an answer held back until after a newer one (from a health event) does not undo it', { skip }, async () => {
  const { watcher, spy, dispose } = await watch();
  try {
    const checked = ours(watcher).find((c) => c.service === 'checked');
    assert.equal(checked?.health, 'healthy');
    const transitions: HealthTransition[] = [];
    const sub = watcher.onTransition((t) => t.container.id === checked.id && transitions.push(t));
    // The full read's inspect of `checked` answers "healthy" at once, but the answer is held
    // until the container has failed its check and the event's own inspect has been taken.
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    let held = false;
    spy.hold = (id) => {
      if (id !== checked.id || held) return undefined;
      held = true;
      return released;
    };
    const read = watcher.resync({ full: true });
    await until('the full read to ask about checked', () => held || undefined);
    assert.equal(run('docker', ['exec', checked.id, 'rm', '/tmp/ok']).status, 0);
    await until('checked to turn unhealthy by its event', () => (watcher.containers.get(checked.id)?.health === 'unhealthy' ? true : undefined), 20_000);
    release();
    await read;
    assert.equal(watcher.containers.get(checked.id)?.health, 'unhealthy');
    assert.deepEqual(
      transitions.map((t) => t.kind),
      ['unhealthy'],
    );
    sub.dispose();
  } finally {
    dispose();
  }
});
