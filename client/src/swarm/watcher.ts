import type { EngineConnection } from '../docker/connection';
import { Links, type Link } from '../docker/link';
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
  /** The safety net when all is settled, while the view is visible (hidden and settled, only events cause reads). */
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
 * node and task-container events; `swarm init` shows as a node event too); `onChanged` fires with
 * each new snapshot. Reads without an event only while something converges, or as the safety
 * net while the view is visible: settled and unseen, it makes no Engine call.
 */
export class SwarmWatcher {
  snapshot: SwarmSnapshot = { manager: false, nodes: [], services: [], tasks: [] };
  private readonly changed = new Emitter<SwarmSnapshot>();
  readonly onChanged = this.changed.event;
  private readonly stateSubscription: Subscription;
  private readonly options: SwarmWatcherOptions;
  private stream: NodeJS.ReadableStream | undefined;
  /** The read an event burst asked for. */
  private eventTimer: NodeJS.Timeout | undefined;
  /** The next read without an event (converging, or the safety net). */
  private pollTimer: NodeJS.Timeout | undefined;
  private visible = false;
  /** The read in flight, and the link it reads on (a read of an earlier link is not this one's). */
  private reading: { link: Link; done: Promise<void> } | undefined;
  private readonly links: Links;
  private disposed = false;
  /** Engine API calls made, for the bench (idle cost). */
  calls = 0;

  constructor(
    private readonly connection: EngineConnection,
    options: Partial<SwarmWatcherOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.links = new Links(connection);
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
    const link = this.links.now();
    link.docker
      .getEvents({ filters: { type: ['service', 'node', 'container'] } })
      .then((stream) => {
        // Disposed, or the engine changed, while the stream was opening: nobody listens.
        if (!link.current()) return (stream as unknown as { destroy(): void }).destroy();
        this.stream = stream;
        stream.on('data', (chunk: Buffer) => link.current() && this.onEvents(chunk.toString('utf8')));
        stream.on('error', (err: Error) => this.links.failed(link, err));
      })
      .catch((err: Error) => this.links.failed(link, err));
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
    clearTimeout(this.eventTimer);
    this.eventTimer = setTimeout(() => void this.refresh(), ms);
  }

  /** Polls while tasks converge (their changes on other nodes send no event here), else only as the visible view's safety net. */
  private armPoll(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (this.disposed || this.connection.state.kind !== 'connected') return;
    if (!settled(this.snapshot)) this.pollTimer = setTimeout(() => void this.refresh(), this.options.convergingMs);
    else if (this.visible) this.pollTimer = setTimeout(() => void this.refresh(), this.options.safetyNetMs);
  }

  /** The view was shown (read now, then keep the safety net) or hidden (the safety net stops). */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.connection.state.kind === 'connected') void this.refresh();
    else this.armPoll();
  }

  /** Reads the swarm now (one read at a time) and emits `changed`. */
  refresh(): Promise<void> {
    if (this.reading?.link.current()) return this.reading.done;
    const link = this.links.now();
    const reading = { link, done: this.read(link) };
    this.reading = reading;
    void reading.done.then(() => {
      if (this.reading === reading) this.reading = undefined;
    });
    return reading.done;
  }

  private async read(link: Link): Promise<void> {
    try {
      const snapshot = await readSwarm(link.docker);
      // One call tells a manager from a plain engine; a manager's read takes four more.
      this.calls += snapshot.manager ? 5 : 1;
      // The old engine's swarm is not shown as the new one's.
      if (!link.current()) return;
      this.snapshot = snapshot;
      this.changed.fire(this.snapshot);
      this.armPoll();
    } catch (err) {
      this.links.failed(link, err as Error);
    }
  }

  private stop(): void {
    this.links.end();
    clearTimeout(this.eventTimer);
    clearTimeout(this.pollTimer);
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
