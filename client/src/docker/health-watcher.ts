import type Docker from 'dockerode';
import type { DockerEndpoint } from '../../../common/docker/endpoint';
import { Emitter } from '../events';
import type { ConnectionState, EngineConnection } from './connection';
import { readInOrder } from './in-order';
import { Links, type Link } from './link';

export type Health = 'healthy' | 'unhealthy' | 'starting' | 'none';

/** What the tree needs to know about one container. */
export interface ContainerState {
  id: string;
  name: string;
  project: string;
  service: string;
  number: number;
  /** Engine state: created, running, restarting, paused, exited, dead… */
  state: string;
  health: Health;
  /** NaN while only the list has been read and it gives none (a dead container). */
  exitCode: number;
  startedAt: string;
  image: string;
  networks: string[];
  ports: { hostIp: string; hostPort: number; containerPort: number; protocol: string }[];
  /** The last health-check outputs (newest last) with when each ran (engine timestamps), and the failing streak. */
  healthLog: { exitCode: number; output: string; start: string; end: string }[];
  failingStreak: number;
  /** `com.docker.compose.project.config_files`: the compose files the project came from. */
  configFiles: string[];
  workingDir: string;
  /** Restarts the engine made by the container's restart policy. */
  restartCount: number;
  oomKilled: boolean;
  /**
   * Someone asked for it to stop (a kill/stop/restart event, a Stop/Down/Restart of ours, or —
   * for a container already stopped when we first saw it — the exit code a stop leaves), and
   * it has not started since: its exit is no failure, its health while stopping no alarm.
   */
  stopRequested: boolean;
  /**
   * Drawn from the engine's list alone while its inspect is on its way: state, health (while
   * running), exit code, image, ports and networks are the list's; startedAt (''), the health
   * log, the failing streak, the restart count and oomKilled are not known yet.
   */
  fromList?: true;
}

/**
 * A change a person may care about, with whether it was asked for. `unhealthy`: a running
 * container's check started failing; `recovered`: it passes again; `crashed`: it exited by itself
 * with an error (`willRestart` when its restart policy brings it back); `crash-restarted`: it
 * died and was restarted between two looks; `restarted`: started again (asked for, or seen
 * after the engine was unreachable); `stopped`: exited on request or with code 0; `started`;
 * `removed`.
 */
export type TransitionKind = 'unhealthy' | 'recovered' | 'crashed' | 'crash-restarted' | 'restarted' | 'stopped' | 'started' | 'removed';

export interface HealthTransition {
  kind: TransitionKind;
  container: ContainerState;
  /** A person or a tool asked for it (stop, down, restart, recreate, a deploy). */
  requested: boolean;
  /** For `crashed`: the restart policy will start it again. */
  willRestart?: boolean;
}

/** A container that exited by itself (a `die` nobody asked for), with the exit code the event carries. */
export interface ContainerExit {
  id: string;
  name: string;
  project: string;
  service: string;
  code: number;
}

/**
 * Whether the rows can be trusted: `connecting` until the engine's list has answered;
 * `unreachable` from the moment the engine went away until its list answers again; then
 * `reading` while the inspects of that first full read fill in the details of rows drawn from
 * the list (true as far as they go, but nothing is recorded from them); `live` once every row is
 * an inspect's.
 */
export type Reachability = { kind: 'connecting' } | { kind: 'reading' } | { kind: 'live' } | { kind: 'unreachable'; since: number; reason: string };

const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
};

/** Inspects in flight during a full read: enough to hide the engine's latency, few enough not to crowd it. */
const READ_CONCURRENCY = 12;

/** One inspect's answer, numbered in the order it was asked. */
interface Look {
  id: string;
  asked: number;
  info: Docker.ContainerInspectInfo | undefined;
}

/** How long a stop/restart someone asked for explains what follows (compose's stop timeout is 10 s). */
const REQUEST_WINDOW_MS = 60_000;

/** What our own commands announce: `stop` (Stop, Down, the first half of Restart) or `deploy` (Start, up, recreate). */
export type ExpectedAction = 'stop' | 'deploy';

/**
 * The live state of every compose container, kept current by the Engine's event stream: each
 * event re-inspects only the container it concerns, so a health change reaches the model within
 * the event's latency. A slow safety-net check runs only while someone looks (`setVisible`), and
 * a lost stream hands the engine back to the connection, which reconnects with backoff; the
 * watcher then re-reads every container (a restart during the outage shows).
 */
export class HealthWatcher {
  readonly containers = new Map<string, ContainerState>();
  private stream: ClosableStream | undefined;
  private readonly links: Links;
  /** The endpoint the rows were read from. */
  private rowsFrom: DockerEndpoint | undefined;
  private safetyNet: NodeJS.Timeout | undefined;
  private visible = false;
  /** Engine API calls made, for the idle-load benchmark. */
  apiCalls = 0;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Inspects asked so far, and per container the number of the last one taken into the model. */
  private looksAsked = 0;
  private readonly lastLookTaken = new Map<string, number>();
  /** `looksAsked` when the current link began: a row inspected since is never drawn over from a list. */
  private linkBegan = 0;
  /**
   * The rows drawn from a list and not inspected yet, each with the inspected state it stands in
   * for (undefined: none, the container is new to us): what its inspect is compared with.
   */
  private readonly listed = new Map<string, ContainerState | undefined>();
  /** When a stop, kill or restart was asked for, per container id. */
  private readonly requestedAt = new Map<string, number>();
  /** Containers with a `start` event after such a request (the request is over once inspected). */
  private readonly startedSinceRequest = new Set<string>();
  /** Actions announced by our own commands, per project (and service, or every service). */
  private readonly expected: { project: string; services: string[] | undefined; action: ExpectedAction; until: number }[] = [];
  private status: Reachability = { kind: 'connecting' };
  private readonly changedEmitter = new Emitter<string[]>();
  private readonly syncedEmitter = new Emitter<void>();
  private readonly transitionEmitter = new Emitter<HealthTransition>();
  private readonly reachabilityEmitter = new Emitter<Reachability>();
  private readonly exitEmitter = new Emitter<ContainerExit>();
  private readonly subscription;
  /** The projects whose containers changed (redraw them). */
  readonly onChanged = this.changedEmitter.event;
  /** A full read of the engine finished. */
  readonly onSynced = this.syncedEmitter.event;
  /** One container changed in a way a person may care about (see `TransitionKind`). */
  readonly onTransition = this.transitionEmitter.event;
  /** The rows became trustworthy, or stopped being so. */
  readonly onReachability = this.reachabilityEmitter.event;
  /**
   * A container exited by itself: every `die`, even when its restart policy starts it again before
   * the next inspect (which then sees it running, its exit code reset).
   */
  readonly onExit = this.exitEmitter.event;

  constructor(
    private readonly connection: EngineConnection,
    private readonly options = { safetyNetMs: 60_000, coalesceMs: 30 },
  ) {
    this.links = new Links(connection);
    this.subscription = connection.onState((s) => this.onConnection(s));
  }

  get reachability(): Reachability {
    return this.status;
  }

  private onConnection(s: ConnectionState): void {
    if (s.kind === 'connected') {
      void this.start();
      return;
    }
    this.endLink();
    // A new endpoint (a setting changed) starts over: what the old engine ran is not shown as this
    // one's, whether its rows were live, out of reach or half read.
    const fresh = this.connection.endpoint !== this.rowsFrom;
    if (fresh) this.startOver();
    // One reachability per connection state: a passing "connecting" before "unreachable" would be
    // drawn (the view redraws at once) and stay on the status bar until the next redraw.
    if (s.kind === 'down') {
      const since = !fresh && this.status.kind === 'unreachable' ? this.status.since : Date.now();
      this.setReachability({ kind: 'unreachable', since, reason: s.reason });
    } else if ((fresh || this.status.kind === 'live' || this.status.kind === 'reading') && this.status.kind !== 'connecting')
      this.setReachability({ kind: 'connecting' });
  }

  private startOver(): void {
    this.rowsFrom = this.connection.endpoint;
    this.containers.clear();
    this.listed.clear();
    this.lastLookTaken.clear();
    this.requestedAt.clear();
    this.startedSinceRequest.clear();
  }

  private setReachability(r: Reachability): void {
    this.status = r;
    this.reachabilityEmitter.fire(r);
  }

  /**
   * Our own command is about to stop, restart or (re)deploy these services (all of the
   * project's when `services` is undefined): what follows within `ms` is reported as asked for.
   */
  expect(project: string, services: string[] | undefined, action: ExpectedAction, ms = REQUEST_WINDOW_MS): { end(): void } {
    // A new action on the project supersedes what was announced before (a Start right after a Stop).
    for (let i = this.expected.length - 1; i >= 0; i--) if (this.expected[i].project === project) this.expected.splice(i, 1);
    const entry = { project, services, action, until: Date.now() + ms };
    this.expected.push(entry);
    // Events of the last moments of the command may still be on their way.
    return { end: () => void (entry.until = Math.min(entry.until, Date.now() + 5000)) };
  }

  /** Whether a change of this container now was asked for: a stop only (`stop`), or any action. */
  private isRequested(c: Pick<ContainerState, 'id' | 'project' | 'service'>, now: number, only?: ExpectedAction): boolean {
    const at = this.requestedAt.get(c.id);
    if (at !== undefined && now - at < REQUEST_WINDOW_MS) return true;
    for (let i = this.expected.length - 1; i >= 0; i--) if (this.expected[i].until < now) this.expected.splice(i, 1);
    return this.expected.some((e) => e.project === c.project && (!e.services || e.services.includes(c.service)) && (!only || e.action === only));
  }

  /** The event stream, then a full read. Called on every (re)connection. */
  async start(): Promise<void> {
    this.endLink();
    const link = this.links.now();
    this.linkBegan = this.looksAsked;
    try {
      await this.openStream(link);
      // After an outage (or a new endpoint) every container is read again: events were missed.
      if (link.current()) await this.read(link, true);
    } catch (err) {
      this.links.failed(link, err as Error);
    }
    if (link.current()) this.armSafetyNet();
  }

  /** A new safety-net interval (the setting changed); applies at once. */
  setSafetyNet(ms: number): void {
    this.options.safetyNetMs = ms;
    this.armSafetyNet();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.armSafetyNet();
    if (visible && this.connection.state.kind === 'connected') void this.resync().catch((e: Error) => this.connection.lost(e));
  }

  private armSafetyNet(): void {
    clearInterval(this.safetyNet);
    this.safetyNet = undefined;
    if (!this.visible || this.connection.state.kind !== 'connected') return;
    this.safetyNet = setInterval(() => void this.resync().catch((e: Error) => this.connection.lost(e)), this.options.safetyNetMs);
  }

  /**
   * Re-reads the list; inspects what is new or changed (everything when `full`: Refresh, and
   * after a reconnection, since a restart leaves the list unchanged), forgets what is gone.
   */
  async resync({ full = false }: { full?: boolean } = {}): Promise<void> {
    const link = this.links.now();
    // A read the connection outlived ends quietly: its failure is not the current engine's.
    await this.read(link, full).catch((err: Error) => {
      if (link.current()) throw err;
    });
  }

  /** `resync` on one link: stops, having changed nothing more, as soon as the link ends. */
  private async read(link: Link, full: boolean): Promise<void> {
    this.apiCalls++;
    const list = await link.docker.listContainers({ all: true, filters: JSON.stringify({ label: [LABEL.project] }) });
    if (!link.current()) return;
    const seen = new Set(list.map((c) => c.Id));
    const changed = new Set<string>();
    for (const [id, c] of this.containers) {
      if (!seen.has(id)) {
        this.forget(id);
        changed.add(c.project);
      }
    }
    // Until every row is an inspect's (after connecting, or an outage), the list draws the rows at
    // once and each inspect's answer fills its row in; a live read changes the rows once, at its end.
    const drawing = this.status.kind !== 'live';
    if (drawing) this.draw(list, changed);
    const stale = list.filter((c) => {
      const known = this.containers.get(c.Id);
      // The list shows health only for running containers; a stopped one keeps its last health in inspect.
      return full || !known || known.fromList || known.state !== c.State || listHealth(c) !== (c.State === 'running' ? known.health : 'none');
    });
    // Several inspects at once, taken in the list's order: the model and its transitions come out as a one-by-one read gives them.
    await readInOrder(
      stale.map((c) => c.Id),
      READ_CONCURRENCY,
      (id) => this.look(link, id),
      (look) => {
        const state = this.take(look);
        if (state && drawing) this.changedEmitter.fire([state.project]);
        else if (state) changed.add(state.project);
      },
      link.current,
    );
    if (!link.current()) return;
    // Live once no row is the list's alone: a read alongside (a visibility resync) may have drawn rows this one does not inspect.
    if (this.status.kind !== 'live' && this.connection.state.kind === 'connected' && this.listed.size === 0) this.setReachability({ kind: 'live' });
    if (changed.size) this.changedEmitter.fire([...changed]);
    this.syncedEmitter.fire();
  }

  /**
   * Draws each listed container from the list alone and says so (`reading`), except rows an
   * inspect on this link has read (they are as new); a row from before (an outage) is drawn
   * over, since a restart meanwhile would leave its uptime false, and kept as what its inspect
   * is compared with.
   */
  private draw(list: Docker.ContainerInfo[], changed: Set<string>): void {
    const now = Date.now();
    for (const c of list) {
      if ((this.lastLookTaken.get(c.Id) ?? 0) > this.linkBegan) continue;
      const before = this.inspected(c.Id);
      this.listed.set(c.Id, before);
      const row = listedState(c);
      row.stopRequested = this.stopAsked(row, before, now);
      this.containers.set(c.Id, row);
      changed.add(row.project);
    }
    if (this.status.kind !== 'reading') this.setReachability({ kind: 'reading' });
    if (changed.size) this.changedEmitter.fire([...changed]);
    changed.clear();
  }

  /** The last state an inspect gave for this container (a row drawn from the list stands in for it). */
  private inspected(id: string): ContainerState | undefined {
    return this.listed.has(id) ? this.listed.get(id) : this.containers.get(id);
  }

  /**
   * Whether this container's stop was asked for: announced, or seen in a kill/stop event, or —
   * for one already stopped when first seen — by the exit code a stop leaves; and still so at a
   * later look while it has not started since.
   */
  private stopAsked(state: ContainerState, before: ContainerState | undefined, now: number): boolean {
    // A verdict holds while the container stays in the same stop: a later look (Refresh, a reconnection, an hour on) sees nothing new.
    const sameStop = !!before?.stopRequested && !isRunning(before) && !isRunning(state) && (state.fromList || before.startedAt === state.startedAt);
    return this.isRequested(state, now, 'stop') || sameStop || (!before && !isRunning(state) && stopExit(state));
  }

  private forget(id: string): void {
    const gone = this.inspected(id);
    this.containers.delete(id);
    this.listed.delete(id);
    this.lastLookTaken.delete(id);
    this.requestedAt.delete(id);
    this.startedSinceRequest.delete(id);
    // Removal is always asked for (down, rm, a recreate): never an alarm.
    if (gone) this.transitionEmitter.fire({ kind: 'removed', container: gone, requested: true });
  }

  private async inspect(link: Link, id: string): Promise<ContainerState | undefined> {
    const look = await this.look(link, id);
    return link.current() ? this.take(look) : undefined;
  }

  /** Asks the engine about one container; `info` is undefined when it is gone. */
  private async look(link: Link, id: string): Promise<Look> {
    this.apiCalls++;
    const asked = ++this.looksAsked;
    try {
      return { id, asked, info: await link.docker.getContainer(id).inspect() };
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return { id, asked, info: undefined };
      throw err;
    }
  }

  /**
   * Puts what a look saw into the model and reports the transition; returns the container's new
   * state (or the one forgotten). A look asked before the last one taken for the container is
   * dropped: answers to concurrent inspects (an event's and a full read's) may arrive out of order.
   */
  private take({ id, asked, info }: Look): ContainerState | undefined {
    if ((this.lastLookTaken.get(id) ?? 0) > asked) return undefined;
    this.lastLookTaken.set(id, asked);
    // A container that vanished between the event (or the list) and the inspect: forget it.
    if (!info) {
      const gone = this.containers.get(id);
      this.forget(id);
      return gone;
    }
    const ports: ContainerState['ports'] = [];
    for (const [spec, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
      const [port, protocol] = spec.split('/');
      for (const b of bindings ?? []) ports.push({ hostIp: b.HostIp, hostPort: Number(b.HostPort), containerPort: Number(port), protocol });
    }
    const before = this.inspected(id);
    const health = info.State.Health as
      { Status?: string; FailingStreak?: number; Log?: { ExitCode: number; Output: string; Start: string; End: string }[] } | undefined;
    const state: ContainerState = {
      id,
      name: info.Name.replace(/^\//, ''),
      ...composeLabels(info.Config.Labels ?? {}),
      state: info.State.Status,
      health: (health?.Status as Health | undefined) ?? 'none',
      exitCode: info.State.ExitCode,
      startedAt: info.State.StartedAt,
      image: info.Config.Image,
      networks: Object.keys(info.NetworkSettings?.Networks ?? {}),
      ports,
      healthLog: (health?.Log ?? []).slice(-3).map((l) => ({ exitCode: l.ExitCode, output: l.Output.trim(), start: l.Start, end: l.End })),
      failingStreak: health?.FailingStreak ?? 0,
      restartCount: info.RestartCount ?? 0,
      oomKilled: info.State.OOMKilled,
      stopRequested: false,
    };
    const now = Date.now();
    const requested = this.isRequested(state, now);
    // A start after the request ends it: from then on the container answers for itself again. An
    // inspect may see the new start before its event arrives (a restart read by a full read, or by
    // the answer to the die event's inspect): running with another start time says it as well.
    const startedAgain = !!before && Date.parse(before.startedAt) > 0 && before.startedAt !== state.startedAt;
    if ((this.startedSinceRequest.delete(id) || startedAgain) && state.state === 'running') this.requestedAt.delete(id);
    state.stopRequested = this.stopAsked(state, before, now);
    this.listed.delete(id);
    this.containers.set(id, state);
    const t = before && transition(before, state, requested, info.HostConfig?.RestartPolicy?.Name ?? '');
    if (t) this.transitionEmitter.fire(t);
    return state;
  }

  private async openStream(link: Link): Promise<void> {
    this.apiCalls++;
    const stream = (await link.docker.getEvents({ filters: JSON.stringify({ type: ['container', 'network'] }) })) as ClosableStream;
    // Opened for a link that has ended since it was asked for (the old engine answered late): nobody listens.
    if (!link.current()) return void stream.destroy?.();
    this.stream = stream;
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0 && link.current()) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) this.onEvent(link, line);
      }
    });
    const ended = (err?: Error) => {
      if (this.stream === stream) this.stream = undefined;
      this.links.failed(link, err ?? new Error('the event stream ended'));
    };
    stream.on('end', () => ended());
    stream.on('error', (e: Error) => ended(e));
  }

  private onEvent(link: Link, line: string): void {
    let event: { Type?: string; Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
    try {
      event = JSON.parse(line);
    } catch {
      return;
    }
    const action = event.Action ?? '';
    // Health checks run as execs every interval: their exec_* events change nothing we show.
    if (event.Type === 'container' && !RELEVANT.has(action.split(':')[0])) return;
    if (event.Type === 'network' && action !== 'connect' && action !== 'disconnect') return;
    const attrs = event.Actor?.Attributes ?? {};
    const id = event.Type === 'network' ? attrs.container : event.Actor?.ID;
    // Compose containers only: a container event carries the project label; a network event names
    // only the container, so it counts for one already known (a swarm task or a `docker run`
    // joining a network is none of ours; a new compose container is read on its own create/start).
    if (!id || (!this.containers.has(id) && (event.Type !== 'container' || !attrs[LABEL.project]))) return;
    // The engine says someone asked: what follows (die, exit code 137/143, a failing check while stopping) is expected.
    if (action === 'kill' || action === 'stop') this.requestedAt.set(id, Date.now());
    if (action === 'start' && this.requestedAt.has(id)) this.startedSinceRequest.add(id);
    if (action === 'die' && attrs[LABEL.project]) {
      const exit = { id, name: attrs.name ?? '', project: attrs[LABEL.project], service: attrs[LABEL.service] ?? '', code: Number(attrs.exitCode) };
      if (!this.isRequested(exit, Date.now(), 'stop')) this.exitEmitter.fire(exit);
    }
    if (event.Action === 'destroy') {
      const gone = this.containers.get(id);
      if (gone) {
        this.forget(id);
        this.changedEmitter.fire([gone.project]);
      }
      return;
    }
    // Several events for one container in a burst (die, stop, start…) make one inspect.
    clearTimeout(this.pending.get(id));
    this.pending.set(
      id,
      setTimeout(() => {
        this.pending.delete(id);
        this.inspect(link, id)
          .then((s) => s && this.changedEmitter.fire([s.project]))
          .catch((e: Error) => this.links.failed(link, e));
      }, this.options.coalesceMs),
    );
  }

  /** Ends the link: its stream, its timers, and (through `Link.current`) whatever of it is still on its way. */
  private endLink(): void {
    this.links.end();
    const s = this.stream;
    this.stream = undefined;
    s?.destroy?.();
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    clearInterval(this.safetyNet);
    this.safetyNet = undefined;
  }

  dispose(): void {
    this.endLink();
    this.subscription.dispose();
    for (const e of [this.changedEmitter, this.syncedEmitter, this.transitionEmitter, this.reachabilityEmitter, this.exitEmitter]) e.dispose();
  }
}

type ClosableStream = NodeJS.ReadableStream & { destroy?: () => void };

const isRunning = (c: ContainerState) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused';

/**
 * Exit codes a requested stop leaves: 0, SIGINT (130), SIGTERM (143), SIGKILL after the stop
 * timeout (137, unless out of memory — which the list does not say: only an inspect tells).
 */
function stopExit(c: ContainerState): boolean {
  return c.exitCode === 0 || c.exitCode === 130 || c.exitCode === 143 || (c.exitCode === 137 && !c.oomKilled && !c.fromList);
}

/** What changed between two looks at one container, in the words a person would use. */
function transition(before: ContainerState, after: ContainerState, requested: boolean, restartPolicy: string): HealthTransition | undefined {
  const t = (kind: TransitionKind, extra: Partial<HealthTransition> = {}): HealthTransition => ({ kind, container: after, requested, ...extra });
  const wasUp = before.state === 'running';
  const up = after.state === 'running';
  if (before.startedAt !== after.startedAt && up) {
    if (!wasUp) return t(before.stopRequested || before.exitCode === 0 ? 'started' : 'restarted');
    return after.restartCount > before.restartCount && !requested ? t('crash-restarted') : t('restarted');
  }
  if (wasUp && (after.state === 'exited' || after.state === 'dead')) {
    const clean = requested || (after.exitCode === 0 && !after.oomKilled);
    return clean
      ? t('stopped')
      : t('crashed', { willRestart: restartPolicy === 'always' || restartPolicy === 'unless-stopped' || restartPolicy === 'on-failure' });
  }
  if (wasUp && after.state === 'restarting' && before.state !== 'restarting' && !requested) return t('crashed', { willRestart: true });
  if (up && before.health !== 'unhealthy' && after.health === 'unhealthy') return t('unhealthy');
  if (up && before.health === 'unhealthy' && after.health === 'healthy') return t('recovered');
  return undefined;
}

/** Container event actions that change state, health, networks or ports. */
const RELEVANT = new Set(['create', 'start', 'restart', 'die', 'stop', 'kill', 'pause', 'unpause', 'destroy', 'rename', 'update', 'oom', 'health_status']);

/** The compose labels' part of a container's state. */
function composeLabels(labels: Record<string, string>): Pick<ContainerState, 'project' | 'service' | 'number' | 'configFiles' | 'workingDir'> {
  return {
    project: labels[LABEL.project] ?? '',
    service: labels[LABEL.service] ?? '',
    number: Number(labels[LABEL.number] ?? 1),
    configFiles: (labels[LABEL.configFiles] ?? '').split(',').filter(Boolean),
    workingDir: labels[LABEL.workingDir] ?? '',
  };
}

/** A row from the engine's list alone (`stopRequested` is the caller's to work out). */
function listedState(c: Docker.ContainerInfo): ContainerState {
  return {
    id: c.Id,
    // Legacy links add names such as /other/alias; the container's own has one slash.
    name: (c.Names.find((n) => n.lastIndexOf('/') === 0) ?? c.Names[0] ?? '').slice(1),
    ...composeLabels(c.Labels ?? {}),
    state: c.State,
    health: c.State === 'running' ? listHealth(c) : 'none',
    exitCode: listExitCode(c),
    startedAt: '',
    image: c.Image,
    networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
    ports: listPorts(c.Ports ?? []),
    healthLog: [],
    failingStreak: 0,
    restartCount: 0,
    oomKilled: false,
    stopRequested: false,
    fromList: true,
  };
}

/**
 * A listed container's health: the list's own field from API 1.52 on; before, the words the
 * engine appends to a running container's status ("Up 5 minutes (health: starting)").
 */
function listHealth(c: Docker.ContainerInfo): Health {
  const field = (c as { Health?: { Status?: Health } }).Health?.Status;
  if (field) return field;
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1];
  return m === 'health: starting' ? 'starting' : ((m as Health | undefined) ?? 'none');
}

/** The code in "Exited (3) 2 minutes ago" or "Restarting (1) …"; 0 while up or never started, as inspect says; NaN when dead. */
function listExitCode(c: Docker.ContainerInfo): number {
  const m = /^(?:Exited|Restarting) \((-?\d+)\)/.exec(c.Status);
  if (m) return Number(m[1]);
  return c.State === 'dead' || c.State === 'exited' ? NaN : 0;
}

/** Published ports as inspect lists them: by "port/protocol" in byte order (the engine's sorted map), unpublished ones left out. */
function listPorts(ports: Docker.Port[]): ContainerState['ports'] {
  const key = (p: ContainerState['ports'][number]) => `${p.containerPort}/${p.protocol}`;
  return ports
    .filter((p) => p.PublicPort)
    .map((p) => ({ hostIp: p.IP ?? '', hostPort: p.PublicPort, containerPort: p.PrivatePort, protocol: p.Type }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
