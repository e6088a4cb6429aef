import { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import type { EngineConnection } from './connection';

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
}

const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
};

/**
 * The live state of every compose container, kept current by the Engine's event stream: each
 * event re-inspects only the container it concerns, so a health change reaches the model within
 * the event's latency. A slow safety-net check runs only while someone looks (`setVisible`), and
 * a lost stream hands the engine back to the connection, which reconnects with backoff; the
 * watcher then re-reads everything once.
 */
export class HealthWatcher extends EventEmitter {
  readonly containers = new Map<string, ContainerState>();
  private stream: NodeJS.ReadableStream | undefined;
  private safetyNet: NodeJS.Timeout | undefined;
  private visible = false;
  /** Engine API calls made, for the idle-load benchmark. */
  apiCalls = 0;
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: EngineConnection,
    private readonly options = { safetyNetMs: 60_000, coalesceMs: 30 },
  ) {
    super();
    connection.on('state', (s) => {
      if (s.kind === 'connected') void this.start();
      else this.stopStream();
    });
  }

  private get docker(): Docker {
    return this.connection.docker;
  }

  /** Full read, then the event stream. Called on every (re)connection. */
  async start(): Promise<void> {
    this.stopStream();
    try {
      await this.openStream();
      await this.resync();
    } catch (err) {
      this.connection.lost(err as Error);
    }
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

  /** Re-reads the list; inspects what is new or changed, forgets what is gone. */
  async resync(): Promise<void> {
    this.apiCalls++;
    const list = await this.docker.listContainers({ all: true, filters: JSON.stringify({ label: [LABEL.project] }) });
    const seen = new Set(list.map((c) => c.Id));
    const changed = new Set<string>();
    for (const [id, c] of this.containers) {
      if (!seen.has(id)) {
        this.containers.delete(id);
        changed.add(c.project);
      }
    }
    for (const c of list) {
      const known = this.containers.get(c.Id);
      // The list shows health only for running containers; a stopped one keeps its last health in inspect.
      if (known && known.state === c.State && statusHealth(c.Status) === (c.State === 'running' ? known.health : 'none')) continue;
      const state = await this.inspect(c.Id);
      if (state) changed.add(state.project);
    }
    if (changed.size) this.emit('changed', [...changed]);
    this.emit('synced');
  }

  private async inspect(id: string): Promise<ContainerState | undefined> {
    this.apiCalls++;
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(id).inspect();
    } catch (err) {
      // A container that vanished between the event and the inspect: forget it.
      if ((err as { statusCode?: number }).statusCode === 404) {
        const gone = this.containers.get(id);
        this.containers.delete(id);
        return gone;
      }
      throw err;
    }
    const labels = info.Config.Labels ?? {};
    const ports: ContainerState['ports'] = [];
    for (const [spec, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
      const [port, protocol] = spec.split('/');
      for (const b of bindings ?? []) ports.push({ hostIp: b.HostIp, hostPort: Number(b.HostPort), containerPort: Number(port), protocol });
    }
    const health = info.State.Health as { Status?: string; FailingStreak?: number; Log?: { ExitCode: number; Output: string; Start: string; End: string }[] } | undefined;
    const state: ContainerState = {
      id,
      name: info.Name.replace(/^\//, ''),
      project: labels[LABEL.project] ?? '',
      service: labels[LABEL.service] ?? '',
      number: Number(labels[LABEL.number] ?? 1),
      state: info.State.Status,
      health: (health?.Status as Health | undefined) ?? 'none',
      exitCode: info.State.ExitCode,
      startedAt: info.State.StartedAt,
      image: info.Config.Image,
      networks: Object.keys(info.NetworkSettings?.Networks ?? {}),
      ports,
      healthLog: (health?.Log ?? []).slice(-3).map((l) => ({ exitCode: l.ExitCode, output: l.Output.trim(), start: l.Start, end: l.End })),
      failingStreak: health?.FailingStreak ?? 0,
      configFiles: (labels[LABEL.configFiles] ?? '').split(',').filter(Boolean),
      workingDir: labels[LABEL.workingDir] ?? '',
    };
    this.containers.set(id, state);
    return state;
  }

  private async openStream(): Promise<void> {
    this.apiCalls++;
    const stream = (await this.docker.getEvents({ filters: JSON.stringify({ type: ['container', 'network'] }) })) as NodeJS.ReadableStream;
    this.stream = stream;
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) this.onEvent(line);
      }
    });
    const ended = (err?: Error) => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      this.connection.lost(err ?? new Error('the event stream ended'));
    };
    stream.on('end', () => ended());
    stream.on('error', (e: Error) => ended(e));
  }

  private onEvent(line: string): void {
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
    if (!id || (event.Type === 'container' && !attrs[LABEL.project] && !this.containers.has(id))) return;
    if (event.Action === 'destroy') {
      const gone = this.containers.get(id);
      if (gone && this.containers.delete(id)) this.emit('changed', [gone.project]);
      return;
    }
    // Several events for one container in a burst (die, stop, start…) make one inspect.
    clearTimeout(this.pending.get(id));
    this.pending.set(
      id,
      setTimeout(() => {
        this.pending.delete(id);
        this.inspect(id)
          .then((s) => s && this.emit('changed', [s.project]))
          .catch((e: Error) => this.connection.lost(e));
      }, this.options.coalesceMs),
    );
  }

  private stopStream(): void {
    const s = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    this.stream = undefined;
    s?.destroy?.();
    clearInterval(this.safetyNet);
    this.safetyNet = undefined;
  }

  dispose(): void {
    this.stopStream();
    for (const t of this.pending.values()) clearTimeout(t);
    this.removeAllListeners();
  }
}

/** Container event actions that change state, health, networks or ports. */
const RELEVANT = new Set(['create', 'start', 'restart', 'die', 'stop', 'kill', 'pause', 'unpause', 'destroy', 'rename', 'update', 'oom', 'health_status']);

function statusHealth(status: string): Health {
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(status)?.[1];
  return m === 'health: starting' ? 'starting' : ((m as Health | undefined) ?? 'none');
}
