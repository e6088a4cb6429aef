/**
 * Live contract checks against a real Docker Engine: the tiered example started with
 * docker compose, then broken by hand the way real systems drift.
 */
import { test, before, after } from 'node:test';
import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectedWatcher, dockerSkip, ensureImage, IMAGE, run } from './docker';
import { pathToFileURL } from 'node:url';
import { ValidateRequest } from '../common/protocol';
import { ServiceStates } from '../client/src/serviceStates';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
import { project, yaml } from './helpers';
import { errors, start } from './lsp-client';

const skip = dockerSkip();
const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const name = `cmlive${process.pid}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-live-'));
// A port of its own, so the suite never collides with a copy of the example already running.
const env = { COMPOSE_PROJECT_NAME: name, PROXY_PORT: String(20000 + (process.pid % 20000)) };
const validate = (cwd: string, ...args: string[]) => run(process.execPath, [cli, 'validate', '--no-color', ...args], { cwd, env });
/** One service on a network `data` that is not internal. */
const STORE_ON_DATA = yaml`
  services:
    store:
      image: ${IMAGE}
      command: ["sleep", "300"]
      networks: [data]
  networks:
    data: {}
`;
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
      `compose.yaml:${bot}:3: error [live-probe] Probe (nslookup auth.): from "${name}-bot-1" (tier integration), "auth" (tier auth) resolves: the tiers may not reach each other, yet a network joins them.`,
      `compose.yaml:${bot}:3: error [live-probe] Probe (nslookup db.): from "${name}-bot-1" (tier integration), "db" (tier data) resolves: the tiers may not reach each other, yet a network joins them.`,
      `compose.yaml:${data}:3: error [live-foreign] Container "${name}-intruder", which is not part of project "${name}", is attached to network "${name}_data" of tier data.`,
    ]);
  } finally {
    run('docker', ['rm', '-f', `${name}-intruder`]);
    run('docker', ['network', 'disconnect', `${name}_data`, `${name}-bot-1`]);
  }
});

test('live over LSP: Validate with live checks puts live findings in the Problems panel, and clears them', { skip }, async () => {
  const compose = path.join(dir, 'compose.yaml');
  const bot = lineOf(fs.readFileSync(compose, 'utf8'), '  bot:');
  const c = await start(dir, { PATH: process.env.PATH, ...env });
  c.open(compose);
  await c.diagnostics(compose);
  const uri = pathToFileURL(compose).toString();
  const clean = await c.connection.sendRequest(ValidateRequest, { uri, live: true, probe: true });
  assert.deepEqual(clean.live, { engine: 'unix:///var/run/docker.sock (the default socket)', findings: 0, notes: [] });
  assert.equal(run('docker', ['network', 'connect', `${name}_data`, `${name}-bot-1`]).status, 0);
  try {
    const broken = await c.connection.sendRequest(ValidateRequest, { uri, live: true });
    assert.equal(broken.live?.findings, 1);
    const d = await c.diagnostics(compose, (list) => errors(list).length > 0);
    assert.deepEqual(errors(d), [
      `${bot}:3-${bot}:6 1 live-network: Container "${name}-bot-1" is attached to network "data", which service "bot" does not declare — tier integration may not reach tier data (contract: tiers.integration.reach).`,
    ]);
  } finally {
    run('docker', ['network', 'disconnect', `${name}_data`, `${name}-bot-1`]);
  }
  await c.connection.sendRequest(ValidateRequest, { uri, live: true });
  assert.deepEqual(errors(await c.diagnostics(compose, (list) => errors(list).length === 0)), []);
  await c.stop();
});

test('live: a tier network that is not internal in the engine', { skip }, () => {
  const small = project({
    'compose.yaml': STORE_ON_DATA,
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

/**
 * "Outside": a network namespace of our own with a small web server, routed through the host,
 * so a container's egress can be tried without any traffic leaving this machine.
 */
function makeOutside(): { url: string; remove: () => void } | string {
  const ns = `cmout${process.pid % 10000}`;
  const [host, peer] = [`cmo${process.pid % 10000}a`, `cmo${process.pid % 10000}b`];
  const steps: string[][] = [
    ['ip', 'netns', 'add', ns],
    ['ip', 'link', 'add', host, 'type', 'veth', 'peer', 'name', peer],
    ['ip', 'link', 'set', peer, 'netns', ns],
    ['ip', 'addr', 'add', '198.18.0.1/30', 'dev', host],
    ['ip', 'link', 'set', host, 'up'],
    ['ip', 'netns', 'exec', ns, 'ip', 'addr', 'add', '198.18.0.2/30', 'dev', peer],
    ['ip', 'netns', 'exec', ns, 'ip', 'link', 'set', peer, 'up'],
    ['ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up'],
    ['ip', 'netns', 'exec', ns, 'ip', 'route', 'add', 'default', 'via', '198.18.0.1'],
    ['ip', 'netns', 'exec', ns, '/bin/busybox', 'httpd', '-p', '198.18.0.2:9999', '-h', '/tmp'],
  ];
  const remove = () => {
    run('ip', ['netns', 'exec', ns, '/bin/busybox', 'killall', 'httpd']);
    run('ip', ['link', 'del', host]);
    run('ip', ['netns', 'del', ns]);
  };
  for (const step of steps) {
    const r = run(step[0], step.slice(1));
    if (r.status !== 0) {
      remove();
      return `cannot make a network namespace here (${step.join(' ')}: ${r.stderr.trim()})`;
    }
  }
  return { url: 'http://198.18.0.2:9999/', remove };
}

test('live: internal tiers really block egress; the probe proves it, and catches a tier that does not', { skip }, () => {
  const outside = makeOutside();
  if (typeof outside === 'string') {
    if (process.env.CI) assert.fail(outside);
    return;
  }
  try {
    // The example: edge containers reach the outside, the internal tiers do not.
    const ok = validate(dir, '--live', '--probe', '--probe-outside', outside.url);
    assert.equal(ok.stdout, 'No problems found.\n', ok.stderr);
    assert.doesNotMatch(ok.stderr, /proves nothing/);
    // A network that is not internal in the engine lets its containers out: the probe says so.
    const leaky = project({
      'compose.yaml': STORE_ON_DATA,
    });
    const leakyEnv = { COMPOSE_PROJECT_NAME: `${name}leaky` };
    assert.equal(run('docker', ['compose', 'up', '-d'], { cwd: leaky, env: leakyEnv }).status, 0);
    try {
      // Without a contract, the network is not required to be internal: nothing to report.
      const r = run(process.execPath, [cli, 'validate', '--no-color', '--live', '--probe', '--probe-outside', outside.url], { cwd: leaky, env: leakyEnv });
      assert.doesNotMatch(r.stdout, /live-probe/);
      fs.writeFileSync(
        path.join(leaky, 'compose.yaml'),
        fs.readFileSync(path.join(leaky, 'compose.yaml'), 'utf8').replace('data: {}', 'data: { internal: true }'),
      );
      // The file now says internal, the running network is not: the probe proves the leak.
      const proved = run(process.execPath, [cli, 'validate', '--no-color', '--live', '--probe', '--probe-outside', outside.url], { cwd: leaky, env: leakyEnv });
      assert.deepEqual(
        proved.stdout.split('\n').filter((l) => / error /.test(l)),
        [`compose.yaml:7:3: error [live-probe] Probe: "${name}leaky-store-1" sits only on networks meant to be internal, yet it reached ${outside.url}.`],
      );
    } finally {
      run('docker', ['compose', 'down', '--timeout', '1'], { cwd: leaky, env: leakyEnv });
    }
  } finally {
    outside.remove();
  }
});

test(
  'live: a service on two networks, its gateway chosen by gw_priority where Compose reads it (2.33+), is read on both endpoints without a finding',
  { skip },
  async () => {
    // Compose 2.26 (the oldest we run) rejects gw_priority: there the same project goes without it.
    const [major, minor] = run('docker', ['compose', 'version', '--short']).stdout.trim().replace(/^v/, '').split('.').map(Number);
    const priority = major > 2 || (major === 2 && minor >= 33);
    const twoNets = project({
      'compose.yaml': yaml`
    services:
      api:
        image: ${IMAGE}
        command: ["sleep", "300"]
        networks:
          # Without a priority the engine would route by back (it sorts first).
          back: {}
          front:
            ${priority ? 'gw_priority: 10' : 'aliases: [api-front]'}
    networks:
      front: {}
      back: {}
  `,
    });
    const twoEnv = { COMPOSE_PROJECT_NAME: `${name}two` };
    const up = run('docker', ['compose', 'up', '-d'], { cwd: twoNets, env: twoEnv });
    assert.equal(up.status, 0, up.stderr);
    const live = await connectedWatcher();
    try {
      const r = run(process.execPath, [cli, 'validate', '--no-color', '--live'], { cwd: twoNets, env: twoEnv });
      // Only the file's own notes (no healthcheck, no restart policy): nothing live, nothing above info.
      assert.deepEqual(
        r.stdout
          .split('\n')
          .filter((l) => /^compose\.yaml:/.test(l))
          .map((l) => /\[([a-z-]+)\]/.exec(l)?.[1]),
        ['no-healthcheck', 'no-restart-policy'],
        r.stdout + r.stderr,
      );
      assert.equal(r.status, 0);
      await live.watcher.resync({ full: true });
      const api = [...live.watcher.containers.values()].find((c) => c.project === `${name}two` && c.service === 'api');
      assert.deepEqual(api?.networks.slice().sort(), [`${name}two_back`, `${name}two_front`]);
      if (priority) {
        // The engine (API 1.48+) routes by the endpoint with the highest priority.
        const route = run('docker', ['exec', `${name}two-api-1`, 'ip', 'route', 'show', 'default']).stdout;
        const gateway = run('docker', ['network', 'inspect', `${name}two_front`, '--format', '{{(index .IPAM.Config 0).Gateway}}']).stdout.trim();
        assert.match(route, new RegExp(`^default via ${gateway.replaceAll('.', '\\.')} `), route);
      }
    } finally {
      live.dispose();
      run('docker', ['compose', 'down', '--timeout', '1'], { cwd: twoNets, env: twoEnv });
    }
  },
);

test('live state of services, as the hover shows it', { skip }, async () => {
  const engine = new Docker(resolveDockerEndpoint({ env: process.env }).options);
  const states = new ServiceStates(() => engine);
  // The state as the engine has it now: a db another test made restart is healthy again within its interval.
  let db = await states.stateOf(name, 'db');
  for (let deadline = Date.now() + 30_000; db !== 'running · healthy' && Date.now() < deadline; db = await states.stateOf(name, 'db'))
    await new Promise((r) => setTimeout(r, 250));
  assert.equal(db, 'running · healthy');
  assert.equal(await states.stateOf(name, 'toolbox'), 'not created');
  const nowhere = new Docker(resolveDockerEndpoint({ env: {}, explicitHost: 'unix:///nonexistent/docker.sock' }).options);
  const down = new ServiceStates(() => nowhere);
  assert.equal(await down.stateOf(name, 'db'), null);
});

test('live: an unreachable engine is a clear I/O error (exit 2)', { skip }, () => {
  const r = run(process.execPath, [cli, 'validate', '--live', '--docker-host', 'unix:///nonexistent/docker.sock'], { cwd: dir, env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot reach the Docker Engine at unix:\/\/\/nonexistent\/docker\.sock \(from --docker-host\)/);
});
