import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
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
