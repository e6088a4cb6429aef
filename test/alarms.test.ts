/**
 * What the health watcher tells a person, against a real engine: a crash is called a crash (and
 * its restart by policy a restart), while a restart, a stop and a down that someone asked for
 * raise no alarm and leave no warning colour — whatever exit code the stop leaves.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeTransition } from '../client/src/alarms';
import type { HealthTransition } from '../client/src/docker/health-watcher';
import { buildTree, summary } from '../client/src/tree-model';
import { connectedWatcher, dockerSkip, ensureImage, IMAGE, run, until } from './docker';
import { project, yaml } from './helpers';

const skip = dockerSkip();
const name = `healthalarms${process.pid}`;
let dir = '';

before(() => {
  if (skip) return;
  ensureImage();
  dir = project({
    'compose.yaml': yaml`
      name: ${name}
      services:
        web:
          image: ${IMAGE}
          command: ["sh", "-c", "touch /tmp/ready && exec sleep 600"]
          healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 1 }
        crasher:
          image: ${IMAGE}
          command: ["sh", "-c", "rm -f /tmp/crash; touch /tmp/ready; while [ ! -f /tmp/crash ]; do sleep 0.2; done; exit 3"]
          healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 1 }
          restart: unless-stopped
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

async function watching<T>(fn: (seen: HealthTransition[], w: Awaited<ReturnType<typeof connectedWatcher>>['watcher']) => Promise<T>): Promise<T> {
  const { watcher, dispose } = await connectedWatcher();
  const seen: HealthTransition[] = [];
  const sub = watcher.onTransition((t) => t.container.project === name && seen.push(t));
  try {
    return await fn(seen, watcher);
  } finally {
    sub.dispose();
    dispose();
  }
}

const containerOf = (
  w: { containers: Map<string, { project: string; service: string; id: string; startedAt: string; state: string; health: string }> },
  service: string,
) => [...w.containers.values()].find((c) => c.project === name && c.service === service);

test('a crash is reported as a crash and its restart by policy as such, never as "became unhealthy"', { skip }, async () => {
  await watching(async (seen, watcher) => {
    const crasher = containerOf(watcher, 'crasher');
    assert.ok(crasher);
    assert.equal(run('docker', ['exec', crasher.id, 'touch', '/tmp/crash']).status, 0);
    const crash = await until('the crash', () => seen.find((t) => t.kind === 'crashed' || t.kind === 'crash-restarted'), 20_000);
    assert.equal(crash.requested, false);
    const alarm = describeTransition(crash).alarm ?? '';
    assert.match(
      alarm,
      crash.kind === 'crashed'
        ? /^crasher \(healthalarms\d+\) crashed: it exited with code 3; its restart policy starts it again\.$/
        : /^crasher \(healthalarms\d+\) crashed and was restarted by its restart policy \(restart 1\)\.$/,
    );
    await until('crasher healthy again', () => (containerOf(watcher, 'crasher')?.health === 'healthy' ? true : undefined), 20_000);
    assert.deepEqual(
      seen.filter((t) => t.kind === 'unhealthy'),
      [],
    );
    assert.deepEqual(
      seen.filter((t) => describeTransition(t).alarm).map((t) => t.kind),
      [crash.kind],
    );
  });
});

test('a restart someone asked for raises no alarm', { skip }, async () => {
  await watching(async (seen, watcher) => {
    const web = containerOf(watcher, 'web');
    assert.ok(web);
    assert.equal(run('docker', ['restart', '-t', '1', web.id]).status, 0);
    await until(
      'web restarted and healthy',
      () => {
        const now = containerOf(watcher, 'web');
        return now && now.startedAt !== web.startedAt && now.health === 'healthy' ? true : undefined;
      },
      30_000,
    );
    assert.ok(
      seen.some((t) => t.container.service === 'web' && (t.kind === 'restarted' || t.kind === 'started' || t.kind === 'stopped')),
      seen.map((t) => t.kind).join(','),
    );
    assert.deepEqual(
      seen.filter((t) => t.requested === false || describeTransition(t).alarm).map((t) => `${t.container.service}:${t.kind}`),
      [],
    );
  });
});

test('compose stop: no alarm, no warning colour, the rows say "exited" in grey (exit 137 after the stop timeout included)', { skip }, async () => {
  await watching(async (seen, watcher) => {
    // `sleep` as PID 1 ignores SIGTERM: the stop ends with SIGKILL (137), which must not read as a failure.
    const stop = run('docker', ['compose', '-p', name, 'stop', '-t', '1']);
    assert.equal(stop.status, 0, stop.stderr);
    const declared = [
      {
        name,
        dir,
        files: [],
        services: [
          { name: 'web', enabled: true },
          { name: 'crasher', enabled: true },
        ],
      },
    ];
    const rows = await until(
      'both rows exited',
      () => {
        const p = buildTree({ declared, containers: watcher.containers.values(), now: Date.now(), reachability: watcher.reachability }).find(
          (n) => n.label === name,
        );
        return p?.children.every((s) => s.status === 'exited') ? p : undefined;
      },
      20_000,
    );
    assert.deepEqual(
      rows.children.map((s) => [s.label, s.icon, s.color]),
      [
        ['web', 'circle-slash', 'disabledForeground'],
        ['crasher', 'circle-slash', 'disabledForeground'],
      ],
    );
    assert.equal(summary([rows], watcher.reachability)?.warning, false);
    assert.deepEqual(
      seen.filter((t) => describeTransition(t).alarm).map((t) => `${t.container.service}:${t.kind}`),
      [],
    );
    assert.ok(seen.filter((t) => t.kind === 'stopped').every((t) => t.requested));
    assert.equal(run('docker', ['compose', '-p', name, 'start'], { cwd: dir }).status, 0);
  });
});
