/** A TCP proxy in front of the engine's socket that a test owns: it can cut the engine off and bring it back (never touching the shared dockerd). */
import * as net from 'node:net';

export class EngineProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

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
      client.pipe(engine).pipe(client);
      client.on('close', () => engine.destroy());
      engine.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
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
