/** A language client for tests: spawns the bundled server and speaks LSP to it over stdio. */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
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

const serverPath = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

export class Client {
  readonly connection: ProtocolConnection;
  private readonly latest = new Map<string, Diagnostic[]>();
  private readonly waiters: { uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private version = 1;

  constructor(env: Record<string, string | undefined> = { PATH: process.env.PATH }) {
    this.child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
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

  async initialize(root: string, initializationOptions?: unknown) {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      initializationOptions,
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

export const show = (d: Diagnostic) =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${d.code}: ${d.message}`;
export const errors = (list: Diagnostic[]) => list.filter((d) => d.severity === 1).map(show);

const clients: Client[] = [];
// A server left running by a failed test must not outlive the test process.
process.on('exit', () => {
  for (const c of clients) c.child.kill();
});

export async function start(root: string, env?: Record<string, string | undefined>, initializationOptions?: unknown): Promise<Client> {
  const c = new Client(env);
  clients.push(c);
  const init = await c.initialize(root, initializationOptions);
  assert.ok(init.capabilities.textDocumentSync, 'the server announces document sync');
  return c;
}

