/**
 * Live contract checks against a real Docker Engine: the tiered example started with
 * docker compose, then broken by hand the way real systems drift.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dockerSkip, ensureImage, IMAGE, run } from './docker';
import { project, yaml } from './helpers';

const skip = dockerSkip();
const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const name = `cmlive${process.pid}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-live-'));
// A port of its own, so the suite never collides with a copy of the example already running.
const env = { COMPOSE_PROJECT_NAME: name, PROXY_PORT: String(20000 + (process.pid % 20000)) };
const validate = (cwd: string, ...args: string[]) => run(process.execPath, [cli, 'validate', '--no-color', ...args], { cwd, env });
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

before(() => {
  if (skip) return;
  ensureImage();
  fs.cpSync(path.join(root, 'examples', 'tiered'), dir, { recursive: true });
  const up = run('docker', ['compose', 'up', '-d', '--wait'], { cwd: dir, env });
  assert.equal(up.status, 0, `docker compose up failed: ${up.stderr}`);
});

after(() => {
  if (skip) return;
  run('docker', ['rm', '-f', `${name}-intruder`]);
  run('docker', ['compose', 'down', '-v', '--timeout', '1'], { cwd: dir, env });
});

test('live: the running tiered example keeps its contract, probes included', { skip }, () => {
  const r = validate(dir, '--live', '--probe');
  assert.equal(r.stdout, 'No problems found.\n', r.stderr);
  assert.equal(r.status, 0);
});

test('live: a forbidden bridge made by hand is found, and the probe proves it', { skip }, () => {
  const compose = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
  const bot = lineOf(compose, '  bot:');
  const data = lineOf(compose, '\n  data:\n    internal: true') + 1;
  assert.equal(run('docker', ['network', 'connect', `${name}_data`, `${name}-bot-1`]).status, 0);
  assert.equal(run('docker', ['run', '-d', '--name', `${name}-intruder`, '--network', `${name}_data`, IMAGE, 'sleep', '300']).status, 0);
  try {
    const r = validate(dir, '--live', '--probe');
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('compose.yaml:'));
    assert.deepEqual(lines, [
      `compose.yaml:${bot}:3: error [live-network] Container "${name}-bot-1" is attached to network "data", which service "bot" does not declare — tier integration may not reach tier data (contract: tiers.integration.reach).`,
      `compose.yaml:${bot}:3: error [live-probe] Probe: from "${name}-bot-1" (tier integration), "auth" (tier auth) resolves: the tiers may not reach each other, yet a network joins them.`,
      `compose.yaml:${bot}:3: error [live-probe] Probe: from "${name}-bot-1" (tier integration), "db" (tier data) resolves: the tiers may not reach each other, yet a network joins them.`,
      `compose.yaml:${data}:3: error [live-foreign] Container "${name}-intruder", which is not part of project "${name}", is attached to network "${name}_data" of tier data.`,
    ]);
  } finally {
    run('docker', ['rm', '-f', `${name}-intruder`]);
    run('docker', ['network', 'disconnect', `${name}_data`, `${name}-bot-1`]);
  }
});

test('live: a tier network that is not internal in the engine', { skip }, () => {
  const small = project({
    'compose.yaml': yaml`
      services:
        store:
          image: ${IMAGE}
          command: ["sleep", "300"]
          networks: [data]
      networks:
        data: {}
    `,
    'network-contract.yaml': 'tiers:\n  data: { networks: [data], internal: true }\nservices: { store: data }\n',
  });
  const smallEnv = { COMPOSE_PROJECT_NAME: `${name}small` };
  assert.equal(run('docker', ['compose', 'up', '-d'], { cwd: small, env: smallEnv }).status, 0);
  try {
    const r = run(process.execPath, [cli, 'validate', '--no-color', '--live'], { cwd: small, env: smallEnv });
    assert.deepEqual(
      r.stdout.split('\n').filter((l) => / error /.test(l)),
      [
        'compose.yaml:7:3: error [contract-internal] Network "data" is in tier data, which must be internal: set "internal: true" (contract: tiers.data.internal).',
        `compose.yaml:7:3: error [live-internal] Network "${name}small_data" is not internal in the engine, but tier data must be (contract: tiers.data.internal): recreate it (docker compose down && up).`,
      ],
    );
  } finally {
    run('docker', ['compose', 'down', '--timeout', '1'], { cwd: small, env: smallEnv });
  }
});

test('live: an unreachable engine is a clear I/O error (exit 2)', { skip }, () => {
  const r = run(process.execPath, [cli, 'validate', '--live', '--docker-host', 'unix:///nonexistent/docker.sock'], { cwd: dir, env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot reach the Docker Engine at unix:\/\/\/nonexistent\/docker\.sock \(from the composeMesh\.docker\.host setting\)/);
});
