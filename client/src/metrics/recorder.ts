import type { DeclaredProject } from '../../../common/protocol';
import type { MetricsRecord, ServiceInterval } from '../../../common/metrics/records';
import type { MetricsStore } from '../../../common/metrics/store';
import type { ContainerState, HealthWatcher } from '../docker/health-watcher';
import type { Subscription } from '../events';
import type { RecoveryAction } from '../docker/recovery';
import type { StartOutcome } from '../docker/start';
import { containerStatus, type ContainerStatus } from '../tree-model';

const INTERVAL: Record<ContainerStatus, ServiceInterval> = {
  healthy: 'healthy',
  unhealthy: 'unhealthy',
  starting: 'starting',
  unmonitored: 'unmonitored',
  restarting: 'down',
  // Stopped on request, or finished by itself with code 0: not downtime, not uptime.
  stopping: 'gone',
  exited: 'gone',
  failed: 'down',
  paused: 'down',
  // Created and not started yet (`up` creates every container before it starts them, `create` alone
  // starts none): nothing has run, so nothing is down.
  'not-created': 'gone',
};

/** The worst interval among a service's containers decides the service's. */
const WORST: ServiceInterval[] = ['unhealthy', 'down', 'starting', 'unmonitored', 'healthy', 'gone'];

interface Seen {
  startedAt: string;
  /** Engine time (ms) of the newest health-check run already recorded. */
  lastCheck: number;
}

/**
 * Turns what the health watcher already learns into metrics records — no polling of its own: on
 * every `changed` it compares the watcher's containers with what it saw last and writes the
 * differences (service intervals, restarts, new health-check runs); each exit nobody asked for
 * comes from its die event. Recovery actions and Starts are reported to it by their owners. Only
 * projects `tracks` accepts are recorded (the workspace's own, not every project on the engine).
 */
export class MetricsRecorder {
  private readonly services = new Map<string, { state: ServiceInterval; monitored: boolean; project: string; service: string }>();
  private readonly containers = new Map<string, Seen>();
  /**
   * Containers recovery is restarting, with the start time they had: down until they run again.
   * (Stopping for a restart is not the service going away: its unhealthy episode goes on, and
   * ends recovered if the restart brings it back healthy.)
   */
  private readonly recovering = new Map<string, string>();
  private readonly began: number;
  private readonly subscriptions: Subscription[];

  constructor(
    private readonly watcher: HealthWatcher,
    private readonly store: MetricsStore,
    private readonly tracks: (project: string) => boolean,
    private readonly onRecord: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.began = now();
    this.append({ kind: 'session', t: this.began });
    this.subscriptions = [
      watcher.onChanged(() => this.observe()),
      watcher.onReachability((r) => (r.kind === 'live' ? this.observe() : this.pause())),
      // From the die event itself: an exit the restart policy undoes at once is gone by the next inspect.
      watcher.onExit(
        (e) => this.tracks(e.project) && this.append({ kind: 'exit', t: this.now(), project: e.project, service: e.service, container: e.name, code: e.code }),
      ),
    ];
    this.observe();
  }

  /** Compares the watcher's containers with the last look and records what changed. */
  observe(): void {
    // While the engine is out of reach the rows are guesses: nothing is recorded from them.
    if (this.watcher.reachability.kind !== 'live') return;
    const t = this.now();
    const byService = new Map<string, ContainerState[]>();
    for (const c of this.watcher.containers.values()) {
      if (!this.tracks(c.project)) continue;
      const key = `${c.project}/${c.service}`;
      byService.set(key, [...(byService.get(key) ?? []), c]);
      this.observeContainer(c, t);
    }
    for (const [key, list] of byService) {
      const intervals = list.map((c) => (this.recovering.has(c.id) ? 'down' : INTERVAL[containerStatus(c)]));
      const state = WORST.find((w) => intervals.includes(w)) ?? 'down';
      const before = this.services.get(key);
      // A stopped container may no longer report its health: it stays counted as monitored.
      const monitored = list.some((c) => c.health !== 'none') || ((state === 'down' || state === 'gone') && !!before?.monitored);
      if (before?.state === state && before.monitored === monitored) continue;
      // Seen first with no interval in force (created, not started yet): nothing begins or ends.
      if (!before && state === 'gone') continue;
      this.services.set(key, { state, monitored, project: list[0].project, service: list[0].service });
      this.append({ kind: 'state', t, project: list[0].project, service: list[0].service, state, monitored });
    }
    for (const [key, s] of this.services) if (!byService.has(key)) this.leave(s, t);
    for (const id of this.containers.keys()) if (!this.watcher.containers.has(id)) this.containers.delete(id);
    for (const id of this.recovering.keys()) if (!this.watcher.containers.has(id)) this.recovering.delete(id);
  }

  /** The engine went out of reach: what follows is unknown time, counted for nothing. */
  private pause(): void {
    const t = this.now();
    for (const s of this.services.values()) this.leave(s, t);
  }

  private leave(s: { state: ServiceInterval; monitored: boolean; project: string; service: string }, t: number): void {
    if (s.state === 'gone') return;
    s.state = 'gone';
    this.append({ kind: 'state', t, project: s.project, service: s.service, state: 'gone', monitored: s.monitored });
  }

  private observeContainer(c: ContainerState, t: number): void {
    const seen = this.containers.get(c.id);
    const ref = { project: c.project, service: c.service };
    if (this.recovering.has(c.id) && c.state === 'running' && c.startedAt !== this.recovering.get(c.id)) this.recovering.delete(c.id);
    // A container seen before with a real start time that now runs with another one started again
    // (a created container's start time is the zero date: its first start is no restart).
    if (seen && Date.parse(seen.startedAt) > 0 && c.startedAt !== seen.startedAt && c.state === 'running')
      this.append({ kind: 'restart', t, ...ref, container: c.name });
    // Health-check runs come with each inspect (the last few); only the ones not recorded yet count.
    let lastCheck = seen?.lastCheck ?? this.began;
    for (const run of c.healthLog) {
      const start = Date.parse(run.start);
      const end = Date.parse(run.end);
      if (!(start > lastCheck) || !Number.isFinite(end)) continue;
      this.append({ kind: 'check', t: end, ...ref, ms: Math.max(0, end - start), code: run.exitCode });
      lastCheck = start;
    }
    this.containers.set(c.id, { startedAt: c.startedAt, lastCheck });
  }

  /** What recovery did (its restarts and give-ups). */
  recovery(action: RecoveryAction): void {
    const c = action.container;
    if (!this.tracks(c.project)) return;
    const ref = { project: c.project, service: c.service, container: c.name };
    if (action.kind === 'restart') {
      this.recovering.set(c.id, c.startedAt);
      this.append({ kind: 'recovery', t: this.now(), ...ref, attempt: action.attempt });
    } else {
      this.recovering.delete(c.id);
      this.append({ kind: 'give-up', t: this.now(), ...ref, attempts: action.attempts });
    }
  }

  /**
   * Runs a Start and records it: from `commandAt` (when the user asked) to the outcome, the
   * service ready last, and what blocked or failed it.
   */
  async start(project: DeclaredProject, commandAt: number, run: () => Promise<StartOutcome>): Promise<StartOutcome> {
    const wanted = project.services.filter((s) => s.enabled).map((s) => s.name);
    const readyAt = new Map<string, number>();
    const markReady = () => {
      for (const s of this.services.values()) {
        if (s.project !== project.name || !wanted.includes(s.service) || readyAt.has(s.service)) continue;
        if (s.state === 'healthy' || s.state === 'unmonitored') readyAt.set(s.service, this.now());
      }
    };
    markReady();
    // Registered after observe(): the service states are current when it runs.
    const marking = this.watcher.onChanged(markReady);
    let outcome: StartOutcome;
    try {
      outcome = await run();
    } finally {
      marking.dispose();
    }
    this.observe();
    markReady();
    const t = this.now();
    const record: Extract<MetricsRecord, { kind: 'start' }> = { kind: 'start', t, project: project.name, ms: t - commandAt, result: outcome.kind };
    if (outcome.kind === 'started') {
      const last = [...readyAt].sort((a, b) => b[1] - a[1])[0];
      if (last) record.slowest = { service: last[0], ms: last[1] - commandAt };
    }
    if (outcome.kind === 'blocked') record.blocked = outcome.problems.filter((p) => p.blocking).map((p) => ({ reason: p.reason, service: p.service }));
    if (outcome.kind === 'compose-failed' || outcome.kind === 'unhealthy' || outcome.kind === 'timeout')
      record.failed = outcome.failures.map((f) => ({ service: f.service, status: f.status }));
    this.append(record);
    return outcome;
  }

  private append(record: MetricsRecord): void {
    this.store.append(record, () => this.carry());
    this.onRecord();
  }

  /** The intervals in force, which a new segment of the store starts with. */
  private carry(): MetricsRecord[] {
    const t = this.now();
    return [...this.services.values()]
      .filter((s) => s.state !== 'gone')
      .map((s) => ({ kind: 'state', t, project: s.project, service: s.service, state: s.state, monitored: s.monitored }));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.append({ kind: 'close', t: this.now() });
    this.store.close();
  }
}
