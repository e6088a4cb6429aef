/** What the mesh map needs from the health watcher: its containers, when they change, whether to trust them. */
export interface HealthSource {
  readonly containers: ReadonlyMap<string, { project: string; service: string; state: string; health: string }>;
  readonly reachability: { kind: string };
  onChanged(listener: (projects: string[]) => void): { dispose(): void };
}

/** The worst first: one unhealthy replica colours the whole service. */
const ORDER = ['unhealthy', 'starting', 'stopped', 'running', 'healthy'];

/**
 * Each service's live colour in one project: healthy, running (no healthcheck), starting,
 * unhealthy or stopped; every service "unknown" while the engine cannot be trusted; services
 * with no container are left out (drawn plain).
 */
export function liveColours(source: HealthSource, project: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of source.containers.values()) {
    if (c.project !== project) continue;
    const state = source.reachability.kind !== 'live' ? 'unknown' : c.state !== 'running' ? 'stopped' : c.health === 'none' ? 'running' : c.health;
    const known = out[c.service];
    if (!known || ORDER.indexOf(state) < ORDER.indexOf(known)) out[c.service] = state;
  }
  return out;
}
