/** Starting and stopping projects with Compose v2 and v1, and the checks before a start. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import Docker from 'dockerode';
import type { DeclaredProject } from '../common/protocol';
import { composeArgs, detectCompose, runCompose, type ComposeCli } from '../client/src/docker/compose-cli';
import { preflight } from '../client/src/docker/preflight';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
import { dockerSkip, ensureImage, IMAGE, run } from './docker';
import { project, yaml } from './helpers';

const skip = dockerSkip();

test('compose: arguments are an array with -p, every -f and every --profile', () => {
  const cli: ComposeCli = { kind: 'v2', command: 'docker', prefix: ['compose'], version: '2.26.1' };
  assert.deepEqual(
    composeArgs(cli, { name: 'shop', dir: '/srv/shop', files: ['/srv/shop/compose.yaml', '/srv/shop/compose.prod.yaml'] }, ['debug'], ['up', '-d']),
    ['compose', '-p', 'shop', '-f', '/srv/shop/compose.yaml', '-f', '/srv/shop/compose.prod.yaml', '--profile', 'debug', 'up', '-d'],
  );
});

for (const kind of ['v2', 'v1'] as const) {
  test(`compose ${kind}: up and down a project; its containers carry the compose labels`, { skip }, async () => {
    ensureImage();
    const detected = detectCompose();
    const v1Version = run('docker-compose', ['version', '--short']);
    if (kind === 'v1' && v1Version.status !== 0) {
      if (process.env.CI) assert.fail('CI needs docker-compose v1');
      return;
    }
    const cli: ComposeCli = kind === 'v2' ? (detected as ComposeCli) : { kind: 'v1', command: 'docker-compose', prefix: [], version: v1Version.stdout.trim() };
    assert.equal(cli.kind, kind);
    const dir = project({
      'compose.yaml': yaml`
      services:
        app:
          image: ${IMAGE}
          command: ["sleep", "300"]
    `,
    });
    const target = { name: `cmcompose${kind}${process.pid}`, dir, files: [`${dir}/compose.yaml`] };
    const lines: string[] = [];
    const up = await runCompose(cli, target, [], ['up', '-d'], { onLine: (l) => lines.push(l) });
    try {
      assert.equal(up.code, 0, up.output);
      assert.ok(lines.length > 0);
      const docker = new Docker(resolveDockerEndpoint({ env: process.env }).options);
      const list = await docker.listContainers({
        filters: JSON.stringify({ label: [`com.docker.compose.project=${target.name}`, 'com.docker.compose.service=app'] }),
      });
      assert.equal(list.length, 1);
      assert.equal(list[0].State, 'running');
    } finally {
      const down = await runCompose(cli, target, [], ['down', '--timeout', '0']);
      assert.equal(down.code, 0, down.output);
    }
  });
}

test('preflight: a host port in use blocks the start; a missing image is a warning', { skip }, async () => {
  const holder = net.createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
  const port = (holder.address() as net.AddressInfo).port;
  try {
    const declared: DeclaredProject = {
      name: 'cmpreflight',
      dir: '/tmp',
      files: [],
      profiles: [],
      errors: 0,
      services: [
        {
          name: 'web',
          hasHealthcheck: false,
          enabled: true,
          profiles: [],
          image: IMAGE,
          build: false,
          ports: [{ hostIp: '127.0.0.1', hostPort: port, protocol: 'tcp' }],
        },
        { name: 'ghost', hasHealthcheck: false, enabled: true, profiles: [], image: 'compose-mesh/not-here:0', build: false, ports: [] },
        { name: 'built', hasHealthcheck: false, enabled: true, profiles: [], image: 'compose-mesh/built:0', build: true, ports: [] },
      ],
    };
    const docker = new Docker(resolveDockerEndpoint({ env: process.env }).options);
    assert.deepEqual(await preflight(docker, declared, []), [
      { service: 'web', message: `Host port 127.0.0.1:${port}/tcp of service "web" is already in use.`, blocking: true, reason: 'port-in-use' },
      {
        service: 'ghost',
        message: 'Image "compose-mesh/not-here:0" of service "ghost" is not present: compose will try to pull it.',
        blocking: false,
        reason: 'image-missing',
      },
    ]);
    assert.deepEqual(await preflight(docker, { ...declared, errors: 2, services: [] }, []), [
      { message: '2 error(s) in the compose files: see the Problems panel.', blocking: true, reason: 'compose-errors' },
    ]);
  } finally {
    holder.close();
  }
});
