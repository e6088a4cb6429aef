/**
 * A TCP proxy in front of the engine's socket that a test owns: it can cut the engine off and
 * bring it back, and hold back the engine's answers to chosen requests (never touching the shared dockerd).
 */
import * as net from 'node:net';

/** Answers held back until `release()`; `asked` resolves once a matching request went to the engine. */
export interface Hold {
  asked: Promise<void>;
  release(): void;
}

export class EngineProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  /** The path of every request forwarded, in order (the query left off). */
  readonly requests: string[] = [];
  private held: { path: RegExp; asked: () => void; flushes: (() => void)[] } | undefined;
  /** Streams (the event stream) whose further bytes wait: what the engine says meanwhile comes on release. */
  private heldStream: { path: RegExp; writes: (() => void)[] } | undefined;

  constructor(
    readonly port: number,
    private readonly socketPath = '/var/run/docker.sock',
  ) {}

  get host(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  /** Starts forwarding (again). */
  async up(): Promise<void> {
    const server = net.createServer((client) => {
      const engine = net.connect(this.socketPath);
      for (const s of [client, engine]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      // What the engine says on this connection while one of its requests is held (HTTP answers in order: all of it waits).
      let waiting: Uint8Array[] | undefined;
      let last: string | undefined;
      client.on('data', (chunk: Uint8Array) => {
        const hold = this.held;
        const target = /^[A-Z]+ (\S+) HTTP\/1\.1\r?$/m.exec(new TextDecoder('latin1').decode(chunk))?.[1];
        if (target) this.requests.push((last = target.split('?')[0]));
        if (hold && target && hold.path.test(target) && !waiting) {
          const buffered: Uint8Array[] = [];
          waiting = buffered;
          hold.flushes.push(() => {
            if (waiting !== buffered) return;
            waiting = undefined;
            for (const b of buffered) client.write(b);
          });
          hold.asked();
        }
        engine.write(chunk);
      });
      engine.on('data', (chunk: Uint8Array) => {
        const stream = this.heldStream;
        if (waiting) waiting.push(chunk);
        else if (stream && last && stream.path.test(last)) stream.writes.push(() => client.write(chunk));
        else client.write(chunk);
      });
      client.on('close', () => engine.destroy());
      engine.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Holds back the answers to requests whose path matches, from now until `release()`. */
  hold(path: RegExp): Hold {
    let asked: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => (asked = resolve));
    const held = { path, asked, flushes: [] as (() => void)[] };
    this.held = held;
    return {
      asked: seen,
      release: () => {
        if (this.held === held) this.held = undefined;
        for (const flush of held.flushes) flush();
      },
    };
  }

  /**
   * Holds back what comes from now on over the open streams whose request matched (the event
   * stream), until `release()`: the engine's events arrive late, after answers asked later.
   */
  holdStream(path: RegExp): { release(): void } {
    const held = { path, writes: [] as (() => void)[] };
    this.heldStream = held;
    return {
      release: () => {
        if (this.heldStream === held) this.heldStream = undefined;
        for (const write of held.writes) write();
      },
    };
  }

  /** Cuts every connection and stops listening: to the watcher, the engine is gone. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export { freePort as freeTcpPort } from './vscode/harness';
