import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import Docker from 'dockerode';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
import { dockerSkip, run } from './docker';
import { project } from './helpers';

test('endpoint: the explicit setting wins, then DOCKER_HOST with TLS material', () => {
  const certs = project({ 'ca.pem': 'CA', 'cert.pem': 'CERT', 'key.pem': 'KEY' });
  const e = resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://build.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, home: '/nonexistent' });
  assert.equal(e.description, 'tcp://build.example:2376 (from DOCKER_HOST)');
  assert.equal(e.options.protocol, 'https');
  assert.equal(e.options.host, 'build.example');
  assert.equal(e.options.port, 2376);
  assert.equal(String(e.options.ca), 'CA');
  const s = resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://x:2375' }, explicitHost: 'unix:///run/user/1000/podman/podman.sock' });
  assert.deepEqual(s.options, { socketPath: '/run/user/1000/podman/podman.sock' });
  assert.equal(s.source, 'setting');
  const ssh = resolveDockerEndpoint({ env: { DOCKER_HOST: 'ssh://deploy@prod.example:2222' }, home: '/nonexistent' }).options;
  assert.deepEqual([ssh.protocol, ssh.host, ssh.port], ['http', 'prod.example', 2222]);
});

test('endpoint: the current docker context, from config.json and meta.json, with its TLS files', () => {
  const id = createHash('sha256').update('remote').digest('hex');
  const home = project({
    '.docker/config.json': JSON.stringify({ currentContext: 'remote' }),
    [`.docker/contexts/meta/${id}/meta.json`]: JSON.stringify({ Name: 'remote', Endpoints: { docker: { Host: 'tcp://10.1.2.3:2376', SkipTLSVerify: false } } }),
    [`.docker/contexts/tls/${id}/docker/ca.pem`]: 'CTXCA',
  });
  const e = resolveDockerEndpoint({ env: {}, home });
  assert.equal(e.description, 'tcp://10.1.2.3:2376 (docker context "remote")');
  assert.equal(e.options.protocol, 'https');
  assert.equal(String(e.options.ca), 'CTXCA');
  // DOCKER_CONTEXT overrides the file; "default" means the default socket.
  assert.equal(resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'default' }, home }).source, 'default');
  assert.throws(
    () => resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'missing' }, home }),
    /docker context "missing" is selected but .*meta\.json does not exist/,
  );
  fs.rmSync(path.join(home, '.docker'), { recursive: true });
});

test('endpoint: Windows — the default named pipe, and npipe:// hosts as docker-modem takes them', () => {
  const e = resolveDockerEndpoint({ env: {}, home: '/nonexistent', platform: 'win32' });
  assert.deepEqual(e.options, { socketPath: '//./pipe/docker_engine' });
  assert.equal(e.description, 'npipe:////./pipe/docker_engine (the default named pipe)');
  const desktop = resolveDockerEndpoint({ env: { DOCKER_HOST: 'npipe:////./pipe/dockerDesktopLinuxEngine' }, home: '/nonexistent', platform: 'win32' });
  assert.deepEqual(desktop.options, { socketPath: '//./pipe/dockerDesktopLinuxEngine' });
});

test(
  'endpoint: without the system socket, rootless Docker, then Docker Desktop, then Podman; the engine behind the chosen socket answers, and the CLI is pointed at it',
  { skip: dockerSkip() },
  async () => {
    const home = project({});
    const runtime = project({ 'podman/podman.sock': '' });
    const desktop = path.join(home, '.docker', 'run', 'docker.sock');
    fs.mkdirSync(path.dirname(desktop), { recursive: true });
    // Docker Desktop's socket, served here by a relay to this machine's engine.
    const relay = net.createServer((client) => {
      const engine = net.connect('/var/run/docker.sock');
      client.pipe(engine).pipe(client);
      for (const s of [client, engine]) s.on('error', () => (client.destroy(), engine.destroy()));
    });
    await new Promise<void>((resolve) => relay.listen(desktop, resolve));
    const resolve = () => resolveDockerEndpoint({ env: { XDG_RUNTIME_DIR: runtime }, home, platform: 'linux', systemSocket: path.join(home, 'none.sock') });
    try {
      const e = resolve();
      assert.equal(e.description, `unix://${desktop} (Docker Desktop's socket)`);
      assert.deepEqual(e.cliEnv, { DOCKER_HOST: `unix://${desktop}` });
      // The engine answers through it, to this extension and to the docker CLI Start and Stop run.
      assert.equal(String(await new Docker(e.options).ping()), 'OK');
      const cli = await new Promise<string>((done, fail) =>
        execFile('docker', ['version', '--format', '{{.Server.Version}}'], { env: { PATH: process.env.PATH, ...e.cliEnv } }, (err, out) =>
          err ? fail(err) : done(out.trim()),
        ),
      );
      assert.equal(cli, run('docker', ['version', '--format', '{{.Server.Version}}']).stdout.trim());
      // Rootless Docker comes before Docker Desktop; Podman after it; with none, the system socket.
      fs.writeFileSync(path.join(runtime, 'docker.sock'), '');
      assert.equal(resolve().description, `unix://${path.join(runtime, 'docker.sock')} (rootless Docker)`);
      fs.rmSync(path.join(runtime, 'docker.sock'));
      await new Promise<void>((done) => relay.close(() => done()));
      fs.rmSync(desktop, { force: true });
      assert.equal(resolve().description, `unix://${path.join(runtime, 'podman', 'podman.sock')} (rootless Podman)`);
      fs.rmSync(path.join(runtime, 'podman', 'podman.sock'));
      assert.equal(resolve().description, `unix://${path.join(home, 'none.sock')} (the default socket)`);
    } finally {
      relay.close();
    }
  },
);
