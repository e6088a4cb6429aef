import { EventEmitter } from 'node:events';
import Docker from 'dockerode';
import type { DockerEndpoint } from '../../../server/src/docker/endpoint';

export type ConnectionState =
  | { kind: 'connecting'; engine: string }
  | { kind: 'connected'; engine: string; version: string; api: string }
  | { kind: 'down'; engine: string; reason: string; retryInMs: number };

/**
 * The link to the Docker Engine: connects, says what it is connected to, and when the engine is
 * down or goes away, retries by itself with exponential backoff (1 s … 30 s) — one attempt at a
 * time, no error storms. `retryNow()` is the view's "Retry".
 */
export class EngineConnection extends EventEmitter {
  docker: Docker;
  state: ConnectionState;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private disposed = false;

  constructor(
    readonly endpoint: DockerEndpoint,
    private readonly backoff = { firstMs: 1000, maxMs: 30_000 },
  ) {
    super();
    this.docker = new Docker(endpoint.options);
    this.state = { kind: 'connecting', engine: endpoint.description };
  }

  /** Connects now; resolves when connected or when the first attempt failed (a retry is then scheduled). */
  async connect(): Promise<void> {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.set({ kind: 'connecting', engine: this.endpoint.description });
    try {
      const v = (await this.docker.version()) as { Version: string; ApiVersion: string };
      this.attempt = 0;
      this.set({ kind: 'connected', engine: this.endpoint.description, version: v.Version, api: v.ApiVersion });
    } catch (err) {
      this.lost(err as Error);
    }
  }

  /** Called by users of the engine when a call or a stream fails: schedules a reconnection. */
  lost(err: Error): void {
    if (this.disposed || (this.state.kind === 'down' && this.timer)) return;
    const retryInMs = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** this.attempt++);
    this.set({ kind: 'down', engine: this.endpoint.description, reason: describe(err), retryInMs });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, retryInMs);
  }

  retryNow(): void {
    this.attempt = 0;
    void this.connect();
  }

  private set(state: ConnectionState): void {
    this.state = state;
    this.emit('state', state);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.removeAllListeners();
  }
}

function describe(err: Error & { code?: string; address?: string }): string {
  if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') return `nothing answers at ${err.address ?? 'the socket'} (is the Docker Engine running?)`;
  if (err.code === 'EACCES') return `permission denied on ${err.address ?? 'the socket'} (is your user in the docker group?)`;
  return err.message;
}
