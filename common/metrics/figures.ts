import { DAY, HOUR, type MetricsRecord, type ServiceInterval } from './records';

/**
 * The figures the dashboard, the CLI and the OpenMetrics endpoint show, computed from the store's
 * records alone (pure: the same records and `now` give the same figures everywhere).
 *
 * - uptime: time healthy (or running, for a service without a health check) over the time the
 *   service was observed with a container; `gone` (no container) and time nobody recorded
 *   (editor closed) count for neither side.
 * - an unhealthy episode runs from `unhealthy` until the service is `healthy` again (through any
 *   restarts); MTTR is the mean length of the episodes that ended healthy.
 * - a recovery attempt succeeded when the episode it was made in ended healthy before the next
 *   attempt or a give-up.
 */
export type State = Exclude<ServiceInterval, 'gone'>;
export const STATES: State[] = ['healthy', 'unhealthy', 'starting', 'down', 'unmonitored'];

export interface Span {
  from: number;
  to: number;
  state: State;
}

export interface Episode {
  from: number;
  to: number;
  recovered: boolean;
}

export interface Counts {
  attempts: number;
  recovered: number;
  gaveUp: number;
}

export interface ServiceFigures {
  project: string;
  service: string;
  monitored: boolean;
  /** 0…1, or null when the service was not observed in the window. */
  uptime: number | null;
  ms: Record<State, number>;
  episodes: number;
  mttrMs: number | null;
  restarts: number;
  /** Exit code → how many exits. */
  exits: Record<string, number>;
  checks: { runs: number; failed: number; meanMs: number | null; maxMs: number | null };
  recovery: Counts;
}

export type StartFigure = Omit<Extract<MetricsRecord, { kind: 'start' }>, 'kind'>;

export interface WindowFigures {
  name: string;
  ms: number;
  services: ServiceFigures[];
  episodes: number;
  mttrMs: number | null;
  recovery: Counts;
  starts: { total: number; started: number; blockedBeforeUp: number; failedAfterUp: number; cancelled: number; meanTimeToHealthyMs: number | null };
}

export interface Figures {
  now: number;
  /** Whether a window is recording now (open intervals run until now), or since when nothing was recorded. */
  recording: boolean;
  firstRecord: number | null;
  coverage: { monitored: number; total: number; unmonitored: string[] };
  windows: WindowFigures[];
  /** The longest window: every service's spans and unhealthy episodes, for the timeline. */
  timeline: { project: string; service: string; spans: Span[]; episodes: Episode[] }[];
  starts: StartFigure[];
}

export const WINDOWS = [
  { name: '1h', ms: HOUR },
  { name: '24h', ms: DAY },
  { name: '7d', ms: 7 * DAY },
];

interface Track {
  project: string;
  service: string;
  monitored: boolean;
  open?: { state: State; from: number };
  present: boolean;
  spans: Span[];
  episode?: { from: number; recoveries: Recovery[] };
  episodes: Episode[];
  restarts: number[];
  exits: { t: number; code: number }[];
  checks: { t: number; ms: number; code: number }[];
  recoveries: Recovery[];
  giveUps: number[];
}

interface Recovery {
  t: number;
  recovered: boolean;
}

export function computeFigures(records: MetricsRecord[], now: number, options: { recording: boolean; project?: string }): Figures {
  const sorted = records.filter((r) => !options.project || !('project' in r) || r.project === options.project);
  sorted.sort((a, b) => a.t - b.t);
  const tracks = new Map<string, Track>();
  const starts: StartFigure[] = [];
  let last = 0;
  const track = (project: string, service: string): Track => {
    const key = `${project}\u0000${service}`;
    let t = tracks.get(key);
    if (!t)
      tracks.set(
        key,
        (t = { project, service, monitored: false, present: false, spans: [], episodes: [], restarts: [], exits: [], checks: [], recoveries: [], giveUps: [] }),
      );
    return t;
  };
  const endAll = (t: number) => {
    for (const tr of tracks.values()) enter(tr, undefined, t);
  };
  for (const r of sorted) {
    switch (r.kind) {
      case 'session':
        // The previous session ended with its last record unless it said so.
        endAll(last);
        break;
      case 'close':
        endAll(r.t);
        break;
      case 'state': {
        const tr = track(r.project, r.service);
        tr.monitored = r.monitored;
        tr.present = r.state !== 'gone';
        if (tr.open?.state !== r.state) enter(tr, r.state === 'gone' ? undefined : r.state, r.t);
        break;
      }
      case 'restart':
        track(r.project, r.service).restarts.push(r.t);
        break;
      case 'exit':
        track(r.project, r.service).exits.push({ t: r.t, code: r.code });
        break;
      case 'check':
        track(r.project, r.service).checks.push({ t: r.t, ms: r.ms, code: r.code });
        break;
      case 'recovery': {
        const tr = track(r.project, r.service);
        const attempt = { t: r.t, recovered: false };
        tr.recoveries.push(attempt);
        // Only the latest attempt of an episode can be the one that worked.
        if (tr.episode) tr.episode.recoveries = [attempt];
        break;
      }
      case 'give-up': {
        const tr = track(r.project, r.service);
        tr.giveUps.push(r.t);
        if (tr.episode) tr.episode.recoveries = [];
        break;
      }
      case 'start':
        starts.push({ t: r.t, project: r.project, ms: r.ms, result: r.result, slowest: r.slowest, blocked: r.blocked, failed: r.failed });
        break;
    }
    last = Math.max(last, r.t);
  }
  endAll(options.recording ? now : Math.min(now, last));

  const all = [...tracks.values()].sort((a, b) => a.project.localeCompare(b.project) || a.service.localeCompare(b.service, undefined, { numeric: true }));
  const present = all.filter((t) => t.present);
  const longest = WINDOWS[WINDOWS.length - 1].ms;
  return {
    now,
    recording: options.recording,
    firstRecord: sorted.length ? sorted[0].t : null,
    coverage: {
      monitored: present.filter((t) => t.monitored).length,
      total: present.length,
      unmonitored: present.filter((t) => !t.monitored).map((t) => t.service),
    },
    windows: WINDOWS.map((w) => windowFigures(w.name, w.ms, all, starts, now)),
    timeline: all.map((t) => ({
      project: t.project,
      service: t.service,
      spans: t.spans.filter((s) => s.to > now - longest).map((s) => ({ ...s, from: Math.max(s.from, now - longest) })),
      episodes: t.episodes.filter((e) => e.to > now - longest),
    })),
    starts: starts.filter((s) => s.t > now - longest),
  };
}

/** Moves a service into `state` (undefined: out of sight) at time t, closing spans and episodes. */
function enter(tr: Track, state: State | undefined, t: number): void {
  if (tr.open) {
    if (t > tr.open.from) tr.spans.push({ from: tr.open.from, to: t, state: tr.open.state });
    tr.open = undefined;
  }
  const ends = state === undefined || state === 'healthy';
  if (tr.episode && ends) {
    const recovered = state === 'healthy';
    tr.episodes.push({ from: tr.episode.from, to: t, recovered });
    if (recovered) for (const a of tr.episode.recoveries) a.recovered = true;
    tr.episode = undefined;
  }
  if (state === 'unhealthy' && !tr.episode) tr.episode = { from: t, recoveries: [] };
  if (state) tr.open = { state, from: t };
}

function windowFigures(name: string, ms: number, tracks: Track[], starts: StartFigure[], now: number): WindowFigures {
  const from = now - ms;
  const inWindow = (t: number) => t > from && t <= now;
  const services = tracks.map((tr): ServiceFigures => {
    const time = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>;
    for (const s of tr.spans) time[s.state] += Math.max(0, Math.min(s.to, now) - Math.max(s.from, from));
    const observed = STATES.reduce((sum, s) => sum + time[s], 0);
    const episodes = tr.episodes.filter((e) => e.to > from);
    const repaired = episodes.filter((e) => e.recovered && inWindow(e.to));
    const checks = tr.checks.filter((c) => inWindow(c.t));
    const exits: Record<string, number> = {};
    for (const e of tr.exits.filter((x) => inWindow(x.t))) exits[e.code] = (exits[e.code] ?? 0) + 1;
    const attempts = tr.recoveries.filter((a) => inWindow(a.t));
    return {
      project: tr.project,
      service: tr.service,
      monitored: tr.monitored,
      uptime: observed > 0 ? (time.healthy + time.unmonitored) / observed : null,
      ms: time,
      episodes: episodes.length,
      mttrMs: mean(repaired.map((e) => e.to - e.from)),
      restarts: tr.restarts.filter(inWindow).length,
      exits,
      checks: {
        runs: checks.length,
        failed: checks.filter((c) => c.code !== 0).length,
        meanMs: mean(checks.map((c) => c.ms)),
        maxMs: checks.length ? Math.max(...checks.map((c) => c.ms)) : null,
      },
      recovery: { attempts: attempts.length, recovered: attempts.filter((a) => a.recovered).length, gaveUp: tr.giveUps.filter(inWindow).length },
    };
  });
  const repairs = tracks.flatMap((tr) => tr.episodes.filter((e) => e.recovered && inWindow(e.to)).map((e) => e.to - e.from));
  const mine = starts.filter((s) => inWindow(s.t));
  const started = mine.filter((s) => s.result === 'started');
  return {
    name,
    ms,
    services,
    episodes: services.reduce((n, s) => n + s.episodes, 0),
    mttrMs: mean(repairs),
    recovery: {
      attempts: services.reduce((n, s) => n + s.recovery.attempts, 0),
      recovered: services.reduce((n, s) => n + s.recovery.recovered, 0),
      gaveUp: services.reduce((n, s) => n + s.recovery.gaveUp, 0),
    },
    starts: {
      total: mine.length,
      started: started.length,
      blockedBeforeUp: mine.filter((s) => s.result === 'blocked').length,
      failedAfterUp: mine.filter((s) => s.result === 'compose-failed' || s.result === 'unhealthy' || s.result === 'timeout').length,
      cancelled: mine.filter((s) => s.result === 'cancelled').length,
      meanTimeToHealthyMs: mean(started.map((s) => s.ms)),
    },
  };
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
