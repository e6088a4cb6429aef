/**
 * The bundled language server, spawned as the editor spawns it and spoken to over the real
 * protocol (JSON-RPC on stdio).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { errors, start } from './lsp-client';
import { TopologyRequest, ValidateRequest } from '../common/protocol';
import { project, yaml } from './helpers';

test('lsp: didOpen publishes diagnostics with exact ranges; didChange updates them', async () => {
  const dir = project({
    'compose.yaml': yaml`
    services:
      web:
        image: busybox:1.36
        depends_on: [db]
        networks: [front]
  `,
  });
  const file = path.join(dir, 'compose.yaml');
  const c = await start(dir);
  c.open(file);
  const first = await c.diagnostics(file, (d) => errors(d).length > 0);
  assert.deepEqual(errors(first), [
    '4:18-4:20 1 depends-on-unknown: Service "web" depends on undefined service "db".',
    '5:16-5:21 1 undefined-reference: Service "web" refers to undefined network "front": add it under the top-level "networks" key.',
  ]);
  assert.equal(first[0].source, 'compose-mesh');
  c.change(file, 'services:\n  web:\n    image: busybox:1.36\n    depends_on: [db]\n  db:\n    image: busybox:1.36\n');
  const fixed = await c.diagnostics(file, (d) => errors(d).length === 0);
  assert.deepEqual(errors(fixed), []);
  await c.stop();
});

test('lsp: a multi-file project — findings land in the override file, and editing the base re-checks it', async () => {
  const dir = project({
    'compose.yaml': 'services:\n  web:\n    image: busybox:1.36\n',
    'compose.override.yaml': 'services:\n  web:\n    depends_on: [db]\n',
  });
  const base = path.join(dir, 'compose.yaml');
  const override = path.join(dir, 'compose.override.yaml');
  const c = await start(dir);
  c.open(override);
  const d = await c.diagnostics(override, (list) => errors(list).length > 0);
  assert.deepEqual(errors(d), ['3:18-3:20 1 depends-on-unknown: Service "web" depends on undefined service "db".']);
  // The base file, edited but not saved, now defines db: the override's error goes away.
  c.open(base);
  c.change(base, 'services:\n  web:\n    image: busybox:1.36\n  db:\n    image: busybox:1.36\n');
  const after = await c.diagnostics(override, (list) => errors(list).length === 0);
  assert.deepEqual(errors(after), []);
  await c.stop();
});

test('lsp: hostile input — a YAML bomb and a huge file — gets answers, and the server lives on', async () => {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 12; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  lines.push('services:', '  s:', '    image: busybox:1.36', '    command: *a11');
  const dir = project({
    'compose.yaml': lines.join('\n') + '\n',
    'big/compose.yaml': 'services:\n' + Array.from({ length: 3000 }, (_, i) => `  s${i}:\n    image: busybox:1.36\n    ports: ["${10000 + i}:80"]\n`).join(''),
  });
  const c = await start(dir);
  const bomb = path.join(dir, 'compose.yaml');
  c.open(bomb);
  const d = await c.diagnostics(bomb, (list) => list.some((x) => x.code === 'yaml-bomb'));
  assert.equal(d.filter((x) => x.code === 'yaml-bomb').length, 1);
  const big = path.join(dir, 'big', 'compose.yaml');
  c.open(big);
  const bigDiagnostics = await c.diagnostics(big, (list) => list.length > 0);
  assert.deepEqual(errors(bigDiagnostics), []);
  const summary = await c.connection.sendRequest(ValidateRequest, { uri: pathToFileURL(big).toString() });
  assert.equal(summary.services, 3000);
  assert.equal(summary.counts.error, 0);
  await c.stop();
});

test('lsp: composeMesh/validate sums up a project', async () => {
  const dir = project({ 'compose.yaml': 'services:\n  web:\n    image: busybox:1.36\n    networks: [nope]\n' });
  const c = await start(dir);
  const uri = pathToFileURL(path.join(dir, 'compose.yaml')).toString();
  const result = await c.connection.sendRequest(ValidateRequest, { uri });
  assert.deepEqual(result.files, [uri]);
  assert.equal(result.services, 1);
  assert.equal(result.counts.error, 1);
  await c.stop();
});

test('lsp: a network contract — its own diagnostics, and contract findings in the compose file', async () => {
  const dir = project({
    'compose.yaml': 'services:\n  web:\n    image: busybox:1.36\n    networks: [front, data]\nnetworks:\n  front:\n  data:\n    internal: true\n',
    'network-contract.yaml':
      'tiers:\n  front: { networks: [front] }\n  data: { networks: [data], internal: true, reach: [nowhere] }\nservices:\n  web: front\n',
  });
  const c = await start(dir);
  const compose = path.join(dir, 'compose.yaml');
  const contractFile = path.join(dir, 'network-contract.yaml');
  c.open(contractFile);
  const onContract = await c.diagnostics(contractFile, (d) => errors(d).length > 0);
  assert.deepEqual(errors(onContract), ['3:53-3:60 1 contract-reference: Unknown tier "nowhere" in the reach of tier "data".']);
  c.open(compose);
  const onCompose = await c.diagnostics(compose, (d) => errors(d).length > 0);
  assert.deepEqual(errors(onCompose), [
    '4:23-4:27 1 contract-membership: Service "web" (tier front) joins network "data" of tier data, but neither tier may reach the other (contract: tiers.front.reach is none).',
  ]);
  // Allowing the path in the (unsaved) contract clears the compose file.
  c.change(contractFile, 'tiers:\n  front: { networks: [front], reach: [data] }\n  data: { networks: [data], internal: true }\nservices:\n  web: front\n');
  assert.deepEqual(errors(await c.diagnostics(compose, (d) => errors(d).length === 0)), []);
  await c.stop();
});

test('lsp: composeMesh/topology returns the picture with violations and their files', async () => {
  const dir = project({
    'compose.yaml': 'services:\n  web:\n    image: busybox:1.36\n    networks: [front, data]\nnetworks:\n  front:\n  data:\n    internal: true\n',
    'network-contract.yaml': 'tiers:\n  front: { networks: [front] }\n  data: { networks: [data], internal: true }\nservices:\n  web: front\n',
  });
  const c = await start(dir);
  const result = await c.connection.sendRequest(TopologyRequest, { uri: pathToFileURL(path.join(dir, 'compose.yaml')).toString() });
  assert.ok(result);
  assert.deepEqual(
    result.topology.violations.map((v) => `${v.file}:${v.line} ${v.rule}`),
    ['compose.yaml:4 contract-membership', 'network-contract.yaml:3 contract-unused-tier'],
  );
  assert.equal(result.files['compose.yaml'], pathToFileURL(path.join(dir, 'compose.yaml')).toString());
  assert.match(result.svg, /^<svg /);
  assert.match(result.mermaid, /svc_web -\. violation \.- net_data/);
  await c.stop();
});

test('lsp: settings per workspace folder — a rule off in one folder stays on in the other, a folder added later gets its own, changes apply at once', async () => {
  const privileged = 'services:\n  web:\n    image: busybox:1.36\n    restart: always\n    healthcheck: { test: ["CMD", "true"] }\n    privileged: true\n';
  const root = project({ 'a/compose.yaml': privileged, 'b/compose.yaml': privileged, 'c/compose.yaml': privileged });
  const [a, b, c] = ['a', 'b', 'c'].map((d) => path.join(root, d));
  const client = await start(root, undefined, undefined, [a, b]);
  const rule = (list: { code?: unknown; severity?: number }[]) => list.filter((d) => d.code === 'privileged').map((d) => d.severity);
  client.scoped.set(pathToFileURL(b).toString(), { rules: { privileged: 'off' } });
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  for (const d of [a, b, c]) client.open(path.join(d, 'compose.yaml'));
  assert.deepEqual(rule(await client.diagnostics(path.join(a, 'compose.yaml'), (d) => rule(d).length > 0)), [2]);
  assert.deepEqual(rule(await client.diagnostics(path.join(b, 'compose.yaml'), (d) => rule(d).length === 0)), []);
  // The folder's setting changes: it applies at once, to that folder only.
  client.scoped.set(pathToFileURL(b).toString(), { rules: { privileged: 'error' } });
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  assert.deepEqual(rule(await client.diagnostics(path.join(b, 'compose.yaml'), (d) => rule(d).length > 0)), [1]);
  assert.deepEqual(rule(client.current(path.join(a, 'compose.yaml')) ?? []), [2]);
  // A folder added to the workspace reads its own settings.
  client.scoped.set(pathToFileURL(c).toString(), { rules: { privileged: 'off' } });
  await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
    event: { added: [{ uri: pathToFileURL(c).toString(), name: 'c' }], removed: [] },
  });
  assert.deepEqual(rule(await client.diagnostics(path.join(c, 'compose.yaml'), (d) => rule(d).length === 0)), []);
  await client.stop();
});
