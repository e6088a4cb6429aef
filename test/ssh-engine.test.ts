/**
 * An ssh:// engine as the docker CLI reaches it, against a real engine: an ssh server of the
 * test's own (ssh2's) runs `docker system dial-stdio` by piping to the engine's socket; the
 * client finds host, port, user and key in ~/.ssh/config, checks the host key in known_hosts,
 * and prints no deprecation warning.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import Docker from 'dockerode';
import { Server, utils } from 'ssh2';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
import { sshConfigFor } from '../common/docker/ssh';
import { dockerSkip } from './docker';
import { freeTcpPort } from './engine-proxy';
import { project } from './helpers';

const skip = dockerSkip();

test('ssh config: the first value for each keyword wins, patterns and negations as ssh has them', () => {
  const config = [
    'Host *.internal !db.internal',
    '  User ops',
    'Host build',
    '  HostName 10.0.0.5',
    '  Port 2222',
    '  IdentityFile ~/.ssh/build_key',
    'Host *',
    '  User nobody',
    '  Port 22',
  ].join('\n');
  assert.deepEqual(sshConfigFor(config, 'build'), { hostname: '10.0.0.5', port: '2222', identityfile: ['~/.ssh/build_key'], user: 'nobody' });
  assert.deepEqual(sshConfigFor(config, 'web.internal'), { user: 'ops', port: '22' });
  assert.deepEqual(sshConfigFor(config, 'db.internal'), { user: 'nobody', port: '22' });
});

test('ssh://alias: ~/.ssh/config, a key file (no agent), known_hosts; a wrong host key is refused', { skip }, async () => {
  const hostKey = utils.generateKeyPairSync('ed25519');
  const userKey = utils.generateKeyPairSync('ed25519');
  const userPublic = utils.parseKey(userKey.public);
  assert.ok(!(userPublic instanceof Error));
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    client.on('authentication', (ctx) => {
      const ok =
        ctx.method === 'publickey' &&
        ctx.username === 'deployer' &&
        ctx.key.algo === userPublic.type &&
        ctx.key.data.toString('base64') === userPublic.getPublicSSH().toString('base64');
      if (ok) ctx.accept();
      else ctx.reject(['publickey']);
    });
    client.on('session', (accept) => {
      accept().once('exec', (acceptExec, _reject, info) => {
        const stream = acceptExec();
        if (info.command !== 'docker system dial-stdio') {
          stream.exit(127);
          stream.end();
          return;
        }
        const engine = net.connect('/var/run/docker.sock');
        stream.pipe(engine).pipe(stream);
        engine.on('error', () => stream.end());
      });
    });
    client.on('error', () => undefined);
  });
  const port = await freeTcpPort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    const hostPublic = utils.parseKey(hostKey.public);
    assert.ok(!(hostPublic instanceof Error));
    const known = `[127.0.0.1]:${port} ${hostPublic.type} ${hostPublic.getPublicSSH().toString('base64')}\n`;
    const home = project({
      '.ssh/config': `Host engine-box\n  HostName 127.0.0.1\n  Port ${port}\n  User deployer\n  IdentityFile ~/.ssh/engine_key\n`,
      '.ssh/engine_key': userKey.private,
      '.ssh/known_hosts': known,
    });
    const endpoint = resolveDockerEndpoint({ env: {}, explicitHost: 'ssh://engine-box', home });
    const version = (await new Docker(endpoint.options).version()) as { ApiVersion: string };
    assert.match(version.ApiVersion, /^1\.\d+$/);
    const list = await new Docker(endpoint.options).listContainers({ limit: 1 });
    assert.ok(Array.isArray(list));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings, []);

    // Another key on record for that host: refused, with what to do.
    const other = utils.parseKey(utils.generateKeyPairSync('ed25519').public);
    assert.ok(!(other instanceof Error));
    fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${port} ${other.type} ${other.getPublicSSH().toString('base64')}\n`);
    const wrong = resolveDockerEndpoint({ env: {}, explicitHost: 'ssh://engine-box', home });
    await assert.rejects(new Docker(wrong.options).version(), /the host key of 127\.0\.0\.1 is not in ~\/\.ssh\/known_hosts/);
  } finally {
    process.off('warning', onWarning);
    server.close();
  }
});
