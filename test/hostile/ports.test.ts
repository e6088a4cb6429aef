import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DescribeProjectRequest } from '../../common/protocol';
import { hostPorts, parsePortSpec } from '../../server/src/engine/project/ports';
import { findings, project } from '../helpers';
import { startInProcess } from '../lsp-client';

const COMPOSE = 'services:\n  a:\n    image: busybox:1.36\n    ports: ["1-99999999:80", "8000-8002:80"]\n';

test('a port range past 65,535: one error, never expanded', () => {
  assert.deepEqual(findings('value-format', COMPOSE), [
    'compose.yaml:4:13-4:28 error value-format: Invalid port "1-99999999:80" in service "a": ports go from 1 to 65535.',
  ]);
  assert.deepEqual(hostPorts({ node: undefined as never, ...parsePortSpec('1-99999999:80') }), []);
  assert.deepEqual(hostPorts({ node: undefined as never, ...parsePortSpec('8000-8002:80') }), [8000, 8001, 8002]);
});

test('the language server describes a project with a huge port range without expanding it', async () => {
  const dir = project({ 'compose.yaml': COMPOSE });
  const client = await startInProcess(dir);
  try {
    await client.initialize(dir);
    const file = path.join(dir, 'compose.yaml');
    client.open(file);
    const described = await client.connection.sendRequest(DescribeProjectRequest, { uri: pathToFileURL(file).toString() });
    assert.deepEqual(
      described?.services[0].ports.map((p) => p.hostPort),
      [8000, 8001, 8002],
    );
  } finally {
    await client.stop();
  }
});
