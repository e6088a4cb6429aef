/** A language client for tests: spawns the bundled server and speaks LSP to it over stdio. */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ComposeMeshServer, type ServerOptions } from '../server/src/compose-server';

const serverPath = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

/** Where the server runs: a child process as the editor spawns it, or in this process over in-memory streams. */
type Transport = { child: ChildProcessByStdio<Writable, Readable, null> } | { input: Readable; output: Writable; server: ComposeMeshServer };

export class Client {
  readonly connection: ProtocolConnection;
  private readonly latest = new Map<string, Diagnostic[]>();
  /** How many times diagnostics were published for each URI (a file sent the same list again counts again). */
  private readonly publications = new Map<string, number>();
  private readonly waiters: { uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  /** The server process (undefined for a server in this process). */
  readonly child?: ChildProcessByStdio<Writable, Readable, null>;
  private version = 1;
  /** What the client answers when the server asks for the `composeMesh` settings (null: none set). */
  settings: unknown = null;
  /** What it answers for one workspace folder (by URI) instead, as VS Code scopes resource settings. */
  readonly scoped = new Map<string, unknown>();

  constructor(transport: Transport = spawnServer()) {
    this.child = 'child' in transport ? transport.child : undefined;
    const [input, output] = 'child' in transport ? [transport.child.stdout, transport.child.stdin] : [transport.input, transport.output];
    this.connection = createProtocolConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p.diagnostics);
      this.publications.set(p.uri, (this.publications.get(p.uri) ?? 0) + 1);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.accept(p.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', ({ items }: { items: { scopeUri?: string }[] }) =>
      items.map((i) => (i.scopeUri !== undefined && this.scoped.has(i.scopeUri) ? this.scoped.get(i.scopeUri) : this.settings)),
    );
    this.connection.listen();
  }

  async initialize(root: string, initializationOptions?: unknown, folders = [root]) {
    const result = await this.connection.sendRequest('initialize', {
      // A server in this process must not watch this process (its timer would keep the test alive).
      processId: this.child ? process.pid : null,
      initializationOptions,
      rootUri: pathToFileURL(root).toString(),
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
      workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).toString(), name: path.basename(f) })),
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
    this.edit(file, [{ text }]);
  }

  /** Sends changes as the editor does: whole texts, or ranges with their replacement (incremental sync). */
  edit(
    file: string,
    contentChanges: ({ text: string } | { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string })[],
  ) {
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: pathToFileURL(file).toString(), version: this.version++ },
      contentChanges,
    });
  }

  close(file: string) {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: pathToFileURL(file).toString() } });
  }

  /** The diagnostics last published for `file`. */
  current(file: string): Diagnostic[] | undefined {
    return this.latest.get(pathToFileURL(file).toString());
  }

  /** How many times diagnostics were published for `file` so far. */
  publishedCount(file: string): number {
    return this.publications.get(pathToFileURL(file).toString()) ?? 0;
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
    // `exit` ends the server's process: a server in this process is only disconnected.
    if (this.child) await this.connection.sendNotification('exit');
    this.connection.dispose();
  }
}

function spawnServer(env: Record<string, string | undefined> = { PATH: process.env.PATH }): Transport {
  return { child: spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env }) };
}

/** A server in this process, with its handlers and state reachable by the test. */
function inProcessServer(options: ServerOptions): Transport {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = new ComposeMeshServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), options);
  server.listen();
  return { input: toClient, output: toServer, server };
}

export const show = (d: Diagnostic) =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${d.code}: ${d.message}`;
export const errors = (list: Diagnostic[]) => list.filter((d) => d.severity === 1).map(show);

const clients: Client[] = [];
// A server left running by a failed test must not outlive the test process.
process.on('exit', () => {
  for (const c of clients) c.child?.kill();
});

export async function start(root: string, env?: Record<string, string | undefined>, initializationOptions?: unknown, folders?: string[]): Promise<Client> {
  return initialized(new Client(spawnServer(env)), root, initializationOptions, folders);
}

/** A server in this test's process (spoken to over the same protocol), e.g. with an engine that fails on purpose. */
export async function startInProcess(root: string, options: ServerOptions = {}, initializationOptions?: unknown): Promise<Client> {
  return initialized(new Client(inProcessServer({ env: { PATH: process.env.PATH }, ...options })), root, initializationOptions);
}

async function initialized(c: Client, root: string, initializationOptions: unknown, folders?: string[]): Promise<Client> {
  clients.push(c);
  const init = await c.initialize(root, initializationOptions, folders);
  assert.ok(init.capabilities.textDocumentSync, 'the server announces document sync');
  return c;
}
