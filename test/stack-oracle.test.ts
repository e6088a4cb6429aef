/**
 * Stack-mode rules against the docker CLI users run: `docker stack config` loads a file as
 * `docker stack deploy` does (same loader and schema), without touching a swarm. Every property
 * that stack-unsupported refuses is refused by the CLI with the words the rule quotes, and a
 * file the rule accepts is accepted.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { check, project } from './helpers';
import { show, start } from './lsp-client';
import { FORBIDDEN_SERVICE_PROPERTIES, REJECTED_SERVICE_PROPERTIES } from '../server/src/engine/stack/properties';

function stackConfig(dir: string): { ok: boolean; output: string } {
  const r = spawnSync('docker', ['stack', 'config', '-c', path.join(dir, 'compose.yaml')], { encoding: 'utf8', timeout: 20_000 });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const available = spawnSync('docker', ['stack', 'config', '--help'], { encoding: 'utf8' }).status === 0;
const swarm = { config: { target: 'swarm' as const } };

test(
  'every property stack-unsupported refuses is refused by docker stack config, in the quoted words',
  { skip: !available && 'no docker CLI with "stack config"' },
  () => {
    for (const property of [...REJECTED_SERVICE_PROPERTIES, ...FORBIDDEN_SERVICE_PROPERTIES]) {
      const text = `services:\n  web:\n    image: busybox:1.36\n    ${property}: "x"\n`;
      const ours = check({ 'compose.yaml': text }, swarm).filter((f) => f.includes(' stack-unsupported: '));
      assert.equal(ours.length, 1, `${property}: ${ours.join('\n')}`);
      const words = /refuses this: "(.*?)"\./.exec(ours[0])![1];
      const cli = stackConfig(project({ 'compose.yaml': text }));
      assert.ok(!cli.ok && cli.output.includes(words), `${property}: the CLI said ${cli.output}`);
    }
  },
);

test(
  'a stack file with only ignored and supported properties: the CLI accepts it and stack-unsupported is silent',
  { skip: !available && 'no docker CLI with "stack config"' },
  () => {
    const text = [
      'services:',
      '  web:',
      '    image: busybox:1.36',
      '    restart: always',
      '    container_name: web',
      '    depends_on: [db]',
      '    cap_add: [NET_ADMIN]',
      '    ports: ["127.0.0.1:8080:80", {target: 81, published: 8081, mode: host}]',
      '    deploy: {replicas: 2, resources: {limits: {cpus: "0.5", memory: 64M, pids: 10}}}',
      '  db:',
      '    image: busybox:1.36',
      '    networks: [back]',
      'networks:',
      '  back: {driver: overlay, internal: true, attachable: true, driver_opts: {encrypted: ""}}',
      '',
    ].join('\n');
    const dir = project({ 'compose.yaml': text });
    const cli = stackConfig(dir);
    assert.ok(cli.ok, cli.output);
    assert.match(cli.output, /ignoring IP-address \(127\.0\.0\.1:8080:80\/tcp\) service will listen on '0\.0\.0\.0'/);
    assert.deepEqual(
      check({ 'compose.yaml': text }, swarm).filter((f) => / error /.test(f)),
      [],
    );
  },
);

const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const runCli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });

test('the target: --target swarm, "target: swarm" in .compose-mesh.yaml, and a wrong value', () => {
  const text = 'services:\n  web:\n    image: busybox:1.36\n    cpus: 0.5\n    restart: always\n    healthcheck: { test: ["CMD", "true"] }\n';
  const refused =
    'compose.yaml:4:5: error [stack-unsupported] docker stack deploy refuses this: "services.web Additional property cpus is not allowed". Use deploy.resources.limits.cpus.';
  const dir = project({ 'compose.yaml': text });
  assert.equal(runCli(dir, 'validate', '--no-color', '--format', 'text').status, 0);
  const flagged = runCli(dir, 'validate', '--no-color', '--target', 'swarm');
  assert.equal(flagged.status, 1);
  assert.ok(flagged.stdout.includes(refused), flagged.stdout);
  const configured = project({ 'compose.yaml': text, '.compose-mesh.yaml': 'target: swarm\n' });
  assert.ok(runCli(configured, 'validate', '--no-color').stdout.includes(refused));
  assert.equal(runCli(configured, 'validate', '--no-color', '--target', 'compose').status, 0);
  const wrong = runCli(dir, 'validate', '--target', 'kubernetes');
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /--target takes compose or swarm, not "kubernetes"/);
  assert.match(runCli(project({ 'compose.yaml': text, '.compose-mesh.yaml': 'target: k8s\n' }), 'validate').stderr, /config: target must be compose or swarm/);
});

test('the target inferred in the editor: a project deployed as a stack from it is checked in stack mode, unless a target is chosen', async () => {
  const text = 'services:\n  web:\n    image: busybox:1.36\n    cpus: 0.5\n';
  const deployed = project({ 'compose.yaml': text });
  const chosen = project({ 'compose.yaml': text, '.compose-mesh.yaml': 'target: compose\n' });
  const c = await start(deployed);
  const stackFindings = async (dir: string, count: number) =>
    (await c.diagnostics(path.join(dir, 'compose.yaml'), (d) => d.filter((x) => String(x.code).startsWith('stack-')).length === count))
      .filter((x) => String(x.code).startsWith('stack-'))
      .map(show);
  try {
    for (const dir of [deployed, chosen]) c.open(path.join(dir, 'compose.yaml'));
    assert.deepEqual(await stackFindings(deployed, 0), []);
    await c.connection.sendNotification('composeMesh/stackProjects', { dirs: [deployed, chosen] });
    assert.deepEqual(await stackFindings(deployed, 1), [
      '4:5-4:9 1 stack-unsupported: docker stack deploy refuses this: "services.web Additional property cpus is not allowed". Use deploy.resources.limits.cpus.',
    ]);
    // "target: compose" in .compose-mesh.yaml was a choice: the deploy does not override it.
    assert.deepEqual(await stackFindings(chosen, 0), []);
    // The stack removed from the editor: compose again.
    await c.connection.sendNotification('composeMesh/stackProjects', { dirs: [] });
    assert.deepEqual(await stackFindings(deployed, 0), []);
  } finally {
    await c.stop();
  }
});
