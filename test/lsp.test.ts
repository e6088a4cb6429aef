/**
 * The bundled language server, spawned as the editor spawns it and spoken to over the real
 * protocol (JSON-RPC on stdio).
 */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { ValidateRequest } from '../common/protocol';
import { project, yaml } from './helpers';

const serverPath = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

class Client {
  readonly connection: ProtocolConnection;
  private readonly latest = new Map<string, Diagnostic[]>();
  private readonly waiters: { uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  readonly child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { PATH: process.env.PATH } });
  private version = 1;

  constructor() {
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p.diagnostics);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.accept(p.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', () => [null]);
    this.connection.listen();
  }

  async initialize(root: string) {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).toString(),
      capabilities: { workspace: { configuration: true } },
      workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'test' }],
    });
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown> };
  }

  open(file: string, text = fs.readFileSync(file, 'utf8')) {
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: pathToFileURL(file).toString(), languageId: 'dockercompose', version: this.version++, text },
    });
  }

  change(file: string, text: string) {
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: pathToFileURL(file).toString(), version: this.version++ },
      contentChanges: [{ text }],
    });
  }

  /** The next diagnostics for `file` that satisfy `accept` (or the current ones if they do). */
  diagnostics(file: string, accept: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const uri = pathToFileURL(file).toString();
    const current = this.latest.get(uri);
    if (current && accept(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${file}; last: ${JSON.stringify(this.latest.get(uri))}`)), timeoutMs);
      this.waiters.push({ uri, accept, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  async stop() {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    this.connection.dispose();
  }
}

const show = (d: Diagnostic) =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${d.code}: ${d.message}`;
const errors = (list: Diagnostic[]) => list.filter((d) => d.severity === 1).map(show);

const clients: Client[] = [];
after(async () => {
  for (const c of clients) c.child.kill();
});

async function start(root: string): Promise<Client> {
  const c = new Client();
  clients.push(c);
  const init = await c.initialize(root);
  assert.ok(init.capabilities.textDocumentSync, 'the server announces document sync');
  return c;
}

test('lsp: didOpen publishes diagnostics with exact ranges; didChange updates them', async () => {
  const dir = project({ 'compose.yaml': yaml`
    services:
      web:
        image: busybox:1.36
        depends_on: [db]
        networks: [front]
  ` });
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
  for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  lines.push('services:', '  s:', '    image: busybox:1.36', '    command: *a11');
  const dir = project({ 'compose.yaml': lines.join('\n') + '\n', 'big/compose.yaml': 'services:\n' + Array.from({ length: 3000 }, (_, i) => `  s${i}:\n    image: busybox:1.36\n    ports: ["${10000 + i}:80"]\n`).join('') });
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
    'network-contract.yaml': 'tiers:\n  front: { networks: [front] }\n  data: { networks: [data], internal: true, reach: [nowhere] }\nservices:\n  web: front\n',
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
