// The live side of `npm run bench`, on a real engine: health event → tree latency, log
// throughput into the editor's sink, and Engine API calls while idle.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export async function liveBench(root, require, row, quantile) {
  const { EngineConnection } = require(path.join(root, 'out/client/src/docker/connection.js'));
  const { HealthWatcher } = require(path.join(root, 'out/client/src/docker/health-watcher.js'));
  const { LogTail } = require(path.join(root, 'out/client/src/docker/log-tail.js'));
  const { resolveDockerEndpoint } = require(path.join(root, 'out/common/docker/endpoint.js'));
  if (spawnSync('docker', ['info'], { encoding: 'utf8' }).status !== 0) {
    row('live benchmarks', 'skipped', 'no Docker Engine answers');
    return;
  }
  if (spawnSync('docker', ['image', 'inspect', 'busybox:1.36']).status !== 0) {
    row('live benchmarks', 'skipped', 'build busybox:1.36 first (npm test does)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-bench-'));
  fs.writeFileSync(
    path.join(dir, 'compose.yaml'),
    [
      'services:',
      '  flip:',
      '    image: busybox:1.36',
      '    command: ["sh", "-c", "touch /tmp/ok && exec sleep 600"]',
      '    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s, retries: 1 }',
      '  chatty:',
      '    image: busybox:1.36',
      '    command: ["sh", "-c", "sleep 2; i=0; while [ $$i -lt 100000 ]; do i=$$((i+1)); echo line $$i; done; exec sleep 600"]',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, COMPOSE_PROJECT_NAME: `cmbench${process.pid}` };
  const name = env.COMPOSE_PROJECT_NAME;
  spawnSync('docker', ['compose', 'up', '-d'], { cwd: dir, env });
  const connection = new EngineConnection(() => resolveDockerEndpoint({ env: process.env }));
  const watcher = new HealthWatcher(connection, { safetyNetMs: 60_000, coalesceMs: 30 });
  const synced = new Promise((r) => {
    const sub = watcher.onSynced(() => (sub.dispose(), r()));
  });
  await connection.connect();
  await synced;
  try {
    // Log throughput: 100,000 lines into a sink that stands in for the output channel.
    let count = 0;
    let first = 0;
    let lastAt = 0;
    const tail = new LogTail(
      () => connection.docker,
      watcher,
      name,
      ['chatty'],
      { timestamps: false },
      () => {
        if (count++ === 0) first = performance.now();
        lastAt = performance.now();
      },
    );
    tail.start();
    const deadline = Date.now() + 60_000;
    while (count < 100_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    tail.stop();
    row('log tail throughput (100,000 lines)', `${Math.round(count / ((lastAt - first) / 1000)).toLocaleString('en-US')} lines/s`, '');

    // Health event → model latency: flip the check and time the engine event against our update.
    const flip = [...watcher.containers.values()].find((c) => c.project === name && c.service === 'flip');
    const latencies = [];
    for (let i = 0; i < 6; i++) {
      const want = i % 2 === 0 ? 'unhealthy' : 'healthy';
      const seen = new Promise((resolve) => {
        const sub = watcher.onChanged(() => {
          if (watcher.containers.get(flip.id)?.health === want) {
            sub.dispose();
            resolve(performance.now());
          }
        });
      });
      const events = spawnSync('docker', ['exec', flip.id, want === 'unhealthy' ? 'rm' : 'touch', '/tmp/ok']);
      void events;
      const since = Math.floor(Date.now() / 1000) - 1;
      const at = await seen;
      const ev = spawnSync(
        'docker',
        [
          'events',
          '--since',
          String(since),
          '--until',
          String(Math.ceil(Date.now() / 1000)),
          '--filter',
          `container=${flip.id}`,
          '--filter',
          `event=health_status`,
          '--format',
          '{{.TimeNano}}',
        ],
        { encoding: 'utf8' },
      );
      const nano = ev.stdout.trim().split('\n').filter(Boolean).pop();
      if (nano) latencies.push(at + performance.timeOrigin - Number(BigInt(nano) / 1_000_000n));
    }
    row('health event → tree model latency: max of 6', latencies.length ? `${Math.max(...latencies).toFixed(0)} ms` : 'n/a', '< 1000 ms');

    // Idle: the view hidden, nothing changing but health checks running every second.
    watcher.setVisible(false);
    const before = watcher.apiCalls;
    await new Promise((r) => setTimeout(r, 20_000));
    row('Engine API calls while idle (view hidden), per minute', `${((watcher.apiCalls - before) * 3).toFixed(0)}`, '0');
    watcher.setVisible(true);
    const beforeVisible = watcher.apiCalls;
    await new Promise((r) => setTimeout(r, 20_000));
    row(
      'Engine API calls while idle (view visible, 60 s safety net), per minute',
      `${((watcher.apiCalls - beforeVisible) * 3).toFixed(0)}`,
      '≤ 1 list + changed inspects',
    );
  } finally {
    watcher.dispose();
    connection.dispose();
    spawnSync('docker', ['compose', 'down', '--timeout', '0'], { cwd: dir, env });
  }
  void quantile;
}
