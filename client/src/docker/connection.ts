import Docker from 'dockerode';
import type { DockerEndpoint } from '../../../common/docker/endpoint';
import { Emitter } from '../events';

export type ConnectionState =
  | { kind: 'connecting'; engine: string }
  | { kind: 'connected'; engine: string; name: string; version: string; api: string }
  | { kind: 'down'; engine: string; reason: string; retryInMs: number | undefined };

/**
 * The link to the Docker Engine: connects, says what it is connected to, and when the engine is
 * down or goes away, retries by itself with exponential backoff (1 s … 30 s) — one attempt at a
 * time, no error storms. `retryNow()` is the view's "Retry"; `reconfigure()` resolves the
 * endpoint again (a setting changed) and reconnects. An endpoint that cannot be resolved (an
 * unknown docker context) is a `down` state with its reason and no retry: nothing would change.
 */
export class EngineConnection {
  private client: Docker | undefined;
  private resolved: DockerEndpoint | undefined;
  state: ConnectionState;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private disposed = false;
  /** Counts connects, so that a late answer from an earlier endpoint is ignored. */
  private generation = 0;
  private readonly stateChanged = new Emitter<ConnectionState>();
  readonly onState = this.stateChanged.event;

  constructor(
    private readonly resolve: () => DockerEndpoint,
    private readonly backoff = { firstMs: 1000, maxMs: 30_000 },
  ) {
    this.state = { kind: 'connecting', engine: 'the Docker Engine' };
  }

  /** The engine client; throws while the endpoint cannot be resolved. */
  get docker(): Docker {
    if (!this.client) throw new Error(this.state.kind === 'down' ? this.state.reason : 'not connected to a Docker Engine yet');
    return this.client;
  }

  /** What was resolved (for the environment of the compose CLI), if anything. */
  get endpoint(): DockerEndpoint | undefined {
    return this.resolved;
  }

  /** Connects now; resolves when connected or when the first attempt failed (a retry is then scheduled). */
  async connect(): Promise<void> {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const generation = ++this.generation;
    if (!this.resolved) {
      try {
        this.resolved = this.resolve();
        this.client = new Docker(this.resolved.options);
      } catch (err) {
        this.set({ kind: 'down', engine: 'the Docker Engine', reason: (err as Error).message, retryInMs: undefined });
        return;
      }
    }
    const engine = this.resolved.description;
    this.set({ kind: 'connecting', engine });
    try {
      const v = (await this.docker.version()) as { Version: string; ApiVersion: string };
      const info = (await this.docker.info()) as { Name?: string };
      if (generation !== this.generation) return;
      this.attempt = 0;
      this.set({ kind: 'connected', engine, name: this.resolved.context ?? info.Name ?? '', version: v.Version, api: v.ApiVersion });
    } catch (err) {
      if (generation === this.generation) this.lost(err as Error);
    }
  }

  /** Called by users of the engine when a call or a stream fails: schedules a reconnection. */
  lost(err: Error): void {
    if (this.disposed || (this.state.kind === 'down' && this.timer)) return;
    const retryInMs = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** this.attempt++);
    this.set({ kind: 'down', engine: this.resolved?.description ?? 'the Docker Engine', reason: describe(err), retryInMs });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, retryInMs);
  }

  retryNow(): Promise<void> {
    this.attempt = 0;
    return this.connect();
  }

  /** The endpoint's settings changed: resolve again and connect to what they say now. */
  reconfigure(): Promise<void> {
    this.resolved = undefined;
    this.client = undefined;
    this.attempt = 0;
    return this.connect();
  }

  private set(state: ConnectionState): void {
    this.state = state;
    this.stateChanged.fire(state);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.stateChanged.dispose();
  }
}

/**
 * Why there is no engine, in one sentence a person can act on: an endpoint that cannot be
 * resolved says what to fix (there is no engine to name); a resolved one names it and says when
 * the next attempt is.
 */
export function downLine(state: Extract<ConnectionState, { kind: 'down' }>): string {
  if (state.retryInMs === undefined) return `No Docker Engine: ${state.reason}. Fix composeMesh.docker.host or the docker context, then Retry.`;
  return `Docker Engine ${state.engine}: ${state.reason}. Retrying in ${Math.round(state.retryInMs / 1000)} s.`;
}

function describe(err: Error & { code?: string; address?: string }): string {
  if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') return `nothing answers at ${err.address ?? 'the socket'} (is the Docker Engine running?)`;
  if (err.code === 'EACCES') return `permission denied on ${err.address ?? 'the socket'} (is your user in the docker group?)`;
  return err.message;
}
