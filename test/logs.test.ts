/** Log tails on a real engine: prefixed lines, followed across a restart without loss or repeats. */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { LogTail } from '../client/src/docker/log-tail';
import { connectedWatcher, dockerSkip, ensureImage, IMAGE, run } from './docker';
import { project, yaml } from './helpers';

const skip = dockerSkip();
const name = `cmlogs${process.pid}`;
const env = { COMPOSE_PROJECT_NAME: name };
let dir = '';

before(() => {
  if (skip) return;
  ensureImage();
  dir = project({
    'compose.yaml': yaml`
      services:
        counter:
          image: ${IMAGE}
          # The count survives a restart (same container, same /tmp), so order can be checked.
          command: ["sh", "-c", "i=$$(cat /tmp/n 2>/dev/null || echo 0); while true; do i=$$((i+1)); echo $$i > /tmp/n; echo \\"line $$i\\"; sleep 0.05; done"]
        other:
          image: ${IMAGE}
          command: ["sh", "-c", "echo hello from other; exec sleep 600"]
    `,
  });
  assert.equal(run('docker', ['compose', 'up', '-d'], { cwd: dir, env }).status, 0);
});

after(() => {
  if (skip) return;
  const down = run('docker', ['compose', '-p', name, 'down', '--timeout', '0']);
  assert.equal(down.status, 0, down.stderr);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('logs: every service prefixed; a restart neither loses nor repeats a line', { skip }, async () => {
  const { connection, watcher, dispose } = await connectedWatcher();
  const lines: string[] = [];
  const tail = new LogTail(
    () => connection.docker,
    watcher,
    name,
    ['counter', 'other'],
    { timestamps: false },
    (l) => lines.push(l),
  );
  tail.start();
  try {
    const deadline = Date.now() + 20_000;
    while (lines.filter((l) => l.startsWith('counter |')).length < 20 && Date.now() < deadline) await sleep(50);
    assert.ok(lines.includes('other   | hello from other'), lines.slice(0, 5).join('\n'));
    const counter = [...watcher.containers.values()].find((c) => c.project === name && c.service === 'counter');
    assert.ok(counter);
    assert.equal(run('docker', ['restart', '-t', '0', counter.id]).status, 0);
    const before = lines.length;
    while (lines.length < before + 40 && Date.now() < deadline + 20_000) await sleep(50);
  } finally {
    tail.stop();
    dispose();
  }
  const numbers = lines.filter((l) => l.startsWith('counter |')).map((l) => Number(/line (\d+)$/.exec(l)?.[1]));
  assert.ok(numbers.length > 50, `${numbers.length} lines`);
  numbers.forEach((n, i) => assert.equal(n, numbers[0] + i, `line ${i}: expected ${numbers[0] + i}, got ${n} (lost or repeated)`));
});
