import type { EngineConnection } from '../docker/connection';
import { Emitter, type Subscription } from '../events';
import { readSwarm, type SwarmSnapshot } from './state';

export interface SwarmWatcherOptions {
  /** Events within this window cause one read. */
  coalesceMs: number;
  /**
   * While a service has fewer tasks up than it asks for, or is updating, the swarm is read this
   * often: task changes on other nodes come with no event to this engine.
   */
  convergingMs: number;
  /** The safety net when all is settled. */
  safetyNetMs: number;
}

const DEFAULTS: SwarmWatcherOptions = { coalesceMs: 150, convergingMs: 1000, safetyNetMs: 30_000 };

function settled(s: SwarmSnapshot): boolean {
  return s.services.every((svc) => {
    if (svc.update && /^(updating|rollback_started)$/.test(svc.update.state)) return false;
    const current = s.tasks.filter((t) => t.serviceId === svc.id && t.desired === 'running');
    return current.length >= (svc.replicas ?? 0) && current.every((t) => t.state === 'running' && t.health !== 'starting');
  });
}

/**
 * The swarm as the engine's manager sees it, kept current by the Engine's event stream (service,
 * node and task-container events); `onChanged` fires with each new snapshot.
 */
export class SwarmWatcher {
  snapshot: SwarmSnapshot = { manager: false, nodes: [], services: [], tasks: [] };
  private readonly changed = new Emitter<SwarmSnapshot>();
  readonly onChanged = this.changed.event;
  private readonly stateSubscription: Subscription;
  private readonly options: SwarmWatcherOptions;
  private stream: NodeJS.ReadableStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private disposed = false;
  /** Engine API calls made, for the bench (idle cost). */
  calls = 0;

  constructor(
    private readonly connection: EngineConnection,
    options: Partial<SwarmWatcherOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.stateSubscription = connection.onState(this.onState);
    if (connection.state.kind === 'connected') this.start();
  }

  private readonly onState = () => {
    if (this.connection.state.kind === 'connected') this.start();
    else this.stop();
  };

  private start(): void {
    this.stop();
    void this.refresh();
    this.connection.docker
      .getEvents({ filters: { type: ['service', 'node', 'container'] } })
      .then((stream) => {
        if (this.disposed) return (stream as unknown as { destroy(): void }).destroy();
        this.stream = stream;
        stream.on('data', (chunk: Buffer) => this.onEvents(chunk.toString('utf8')));
        stream.on('error', (err: Error) => this.connection.lost(err));
      })
      .catch((err: Error) => this.connection.lost(err));
  }

  private onEvents(text: string): void {
    const relevant = text
      .split('\n')
      .filter(Boolean)
      .some((line) => {
        try {
          const e = JSON.parse(line) as { Type: string; Actor?: { Attributes?: Record<string, string> } };
          return e.Type !== 'container' || !!e.Actor?.Attributes?.['com.docker.swarm.task.id'];
        } catch {
          return false;
        }
      });
    if (relevant) this.schedule(this.options.coalesceMs);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), ms);
  }

  /** Reads the swarm now (one read at a time) and emits `changed`. */
  refresh(): Promise<void> {
    this.reading ??= (async () => {
      try {
        this.calls += 5;
        this.snapshot = await readSwarm(this.connection.docker);
        this.changed.fire(this.snapshot);
        if (!this.disposed) this.schedule(settled(this.snapshot) ? this.options.safetyNetMs : this.options.convergingMs);
      } catch (err) {
        this.connection.lost(err as Error);
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  private stop(): void {
    clearTimeout(this.timer);
    (this.stream as unknown as { destroy?(): void } | undefined)?.destroy?.();
    this.stream = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.stateSubscription.dispose();
    this.changed.dispose();
  }
}
