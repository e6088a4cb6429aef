import type { ContainerState, Reachability } from './docker/health-watcher';

import type { DeclaredProject } from '../../common/protocol';
import type { SwarmTreeNode } from './swarm/tree';

/**
 * The health tree as data: project → service → container, with the label, description, icon,
 * colour and tooltip each row shows. Pure (no editor API): the view only draws it.
 */
/** What the tree needs of a workspace project (the full DeclaredProject fits). */
export type DeclaredTreeProject = Pick<DeclaredProject, 'name' | 'dir'> & {
  services: Pick<DeclaredProject['services'][number], 'name' | 'uri' | 'line' | 'enabled'>[];
};

/** What one container is doing, as the tree names it. `stopping`: running, but a stop was asked for. */
export type ContainerStatus = 'healthy' | 'unhealthy' | 'starting' | 'unmonitored' | 'restarting' | 'stopping' | 'exited' | 'failed' | 'paused' | 'not-created';
/** A row's status: a container's, or `unknown` while the engine cannot be read (connecting, unreachable). */
export type ServiceStatus = ContainerStatus | 'unknown';

export interface TreeNode {
  id: string;
  kind: 'project' | 'service' | 'container';
  label: string;
  description?: string;
  tooltip: string;
  icon: string;
  color?: string;
  /** For menus: `project`, `service.running`, `service.stopped`, `container`. */
  contextValue: string;
  children: TreeNode[];
  status?: ServiceStatus;
  /** Where a service is written in the workspace, if it is. */
  location?: { uri: string; line: number };
  /** Greyed rows (declared, never created). */
  dimmed?: boolean;
}

const ICONS: Record<ServiceStatus, { icon: string; color?: string; words: string }> = {
  healthy: { icon: 'pass-filled', color: 'testing.iconPassed', words: 'healthy' },
  unhealthy: { icon: 'error', color: 'testing.iconFailed', words: 'unhealthy' },
  starting: { icon: 'loading~spin', color: 'charts.yellow', words: 'starting' },
  unmonitored: { icon: 'circle-filled', color: 'charts.blue', words: 'running, unmonitored' },
  restarting: { icon: 'debug-restart', color: 'charts.orange', words: 'restarting' },
  stopping: { icon: 'debug-stop', color: 'disabledForeground', words: 'stopping' },
  exited: { icon: 'circle-slash', color: 'disabledForeground', words: 'exited' },
  failed: { icon: 'close', color: 'testing.iconFailed', words: 'exited' },
  paused: { icon: 'debug-pause', color: 'charts.yellow', words: 'paused' },
  'not-created': { icon: 'circle-outline', color: 'disabledForeground', words: 'not created' },
  unknown: { icon: 'question', color: 'disabledForeground', words: 'unknown' },
};

/** Severity order for a project's summary: the worst service decides its icon. */
const WORST: ServiceStatus[] = [
  'unknown',
  'unhealthy',
  'failed',
  'restarting',
  'starting',
  'stopping',
  'paused',
  'exited',
  'unmonitored',
  'not-created',
  'healthy',
];

export function containerStatus(c: ContainerState): ContainerStatus {
  if (c.state === 'restarting') return 'restarting';
  if (c.state === 'paused') return 'paused';
  // A stop that was asked for is no failure, whatever the exit code (137 after the stop timeout).
  if (c.state === 'exited' || c.state === 'dead') return c.exitCode === 0 || c.stopRequested ? 'exited' : 'failed';
  if (c.state === 'created') return 'not-created';
  // While stopping, a failing check is the stop's doing, not news.
  if (c.stopRequested) return 'stopping';
  if (c.health === 'none') return 'unmonitored';
  return c.health;
}

/**
 * A row's status: its container's, except for a stopped one drawn from the list alone whose code
 * says nothing yet (137 is a stop's SIGKILL or the OOM killer's; a dead container has none): its
 * inspect decides.
 */
function rowStatus(c: ContainerState): ServiceStatus {
  const s = containerStatus(c);
  return s === 'failed' && c.fromList && (c.exitCode === 137 || Number.isNaN(c.exitCode)) ? 'unknown' : s;
}

function serviceStatus(containers: ContainerState[]): ServiceStatus {
  if (containers.length === 0) return 'not-created';
  const statuses = containers.map(rowStatus);
  return WORST.find((s) => statuses.includes(s)) ?? 'unmonitored';
}

export function uptime(startedAt: string, now: number): string {
  const ms = now - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

function ports(containers: ContainerState[]): string {
  const list = [
    ...new Set(
      containers.flatMap((c) =>
        c.ports.map((p) => `${p.hostIp && p.hostIp !== '0.0.0.0' && p.hostIp !== '::' ? `${p.hostIp}:` : ''}${p.hostPort}→${p.containerPort}`),
      ),
    ),
  ];
  return list.join(', ');
}

function statusWords(status: ServiceStatus, containers: ContainerState[]): string {
  // `unknown` too: a container stopped with a code whose meaning its inspect has yet to tell.
  if (status === 'failed' || status === 'exited' || status === 'unknown') {
    const codes = [...new Set(containers.filter((c) => c.state === 'exited' || c.state === 'dead').map((c) => c.exitCode))].filter((n) => !Number.isNaN(n));
    if (codes.length) return `exited (${codes.join(', ')})`;
  }
  return ICONS[status].words;
}

function tooltip(service: string, status: ServiceStatus, containers: ContainerState[]): string {
  const lines = [`**${service}** — ${statusWords(status, containers)}`];
  const c = containers[0];
  if (c) {
    lines.push(`image: \`${c.image}\``);
    if (c.networks.length) lines.push(`networks: ${c.networks.join(', ')}`);
    // Drawn from the list: the health-check log and streak come with its inspect.
    if (c.fromList) lines.push('reading details…');
    else if (c.health !== 'none') {
      lines.push(`failing streak: ${c.failingStreak}`);
      for (const l of c.healthLog) lines.push(`health check (exit ${l.exitCode}): \`${l.output.split('\n')[0].slice(0, 200) || '(no output)'}\``);
    }
  }
  return lines.join('\n\n');
}

export interface TreeInput {
  declared: DeclaredTreeProject[];
  containers: Iterable<ContainerState>;
  now: number;
  /** Default `live`; otherwise every row is unknown (its last known state in the tooltip). */
  reachability?: Reachability;
}

/**
 * "connecting…" or "engine unreachable since 10:42": why the rows cannot be trusted; undefined
 * when they can (`reading` too: its rows are the engine's list, true as far as they go).
 */
export function untrusted(r: Reachability | undefined): string | undefined {
  if (!r || r.kind === 'live' || r.kind === 'reading') return undefined;
  if (r.kind === 'connecting') return 'connecting…';
  const at = new Date(r.since);
  return `engine unreachable since ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** The whole tree: workspace projects (with their never-created services) and running projects from elsewhere. */
export function buildTree({ declared, containers, now, reachability }: TreeInput): TreeNode[] {
  const unknown = untrusted(reachability);
  const byProject = new Map<string, ContainerState[]>();
  for (const c of containers) {
    const list = byProject.get(c.project);
    if (list) list.push(c);
    else byProject.set(c.project, [c]);
  }
  const names = [...new Set([...declared.map((p) => p.name), ...byProject.keys()])];
  return names.map((name) => {
    const project = declared.find((p) => p.name === name);
    const running = byProject.get(name) ?? [];
    const serviceNames = [
      ...new Set([
        ...(project?.services.filter((s) => s.enabled || running.some((c) => c.service === s.name)).map((s) => s.name) ?? []),
        ...running.map((c) => c.service),
      ]),
    ];
    const services = serviceNames.map((service): TreeNode => {
      const mine = running.filter((c) => c.service === service).sort((a, b) => a.number - b.number);
      const known = serviceStatus(mine);
      const status = unknown ? 'unknown' : known;
      const declaredService = project?.services.find((s) => s.name === service);
      const up = mine.find((c) => c.state === 'running');
      const description = unknown ?? [statusWords(known, mine), up ? uptime(up.startedAt, now) : '', ports(mine)].filter(Boolean).join(' · ');
      return {
        id: `${name}/${service}`,
        kind: 'service',
        label: service,
        description,
        tooltip: unknown ? `**${service}** — ${unknown}; last known: ${statusWords(known, mine)}` : tooltip(service, known, mine),
        icon: ICONS[status].icon,
        color: ICONS[status].color,
        contextValue: mine.some((c) => c.state === 'running') ? 'service.running' : 'service.stopped',
        status,
        dimmed: status === 'not-created' || status === 'unknown',
        location:
          declaredService?.uri !== undefined && declaredService.line !== undefined ? { uri: declaredService.uri, line: declaredService.line } : undefined,
        children:
          mine.length > 1
            ? mine.map((c) => {
                const s = unknown ? 'unknown' : rowStatus(c);
                return {
                  id: c.id,
                  kind: 'container',
                  label: c.name,
                  description: statusWords(s, [c]),
                  tooltip: tooltip(c.name, s, [c]),
                  icon: ICONS[s].icon,
                  color: ICONS[s].color,
                  contextValue: 'container',
                  children: [],
                  status: s,
                };
              })
            : [],
      };
    });
    const counted = services.filter((s) => s.status !== 'not-created');
    const healthy = counted.filter((s) => s.status === 'healthy').length;
    const worst = WORST.find((w) => services.some((s) => s.status === w)) ?? 'not-created';
    return {
      id: name,
      kind: 'project',
      label: name,
      description: unknown ?? (counted.length ? `${healthy}/${counted.length} healthy` : 'not running'),
      tooltip: `**${name}**${project ? `\n\n${project.dir}` : '\n\n(not in this workspace)'}`,
      icon: ICONS[worst].icon,
      color: ICONS[worst].color,
      contextValue: 'project',
      children: services,
    };
  });
}

export interface Summary {
  text: string;
  warning: boolean;
  icon: string;
  /** One line per stack for the tooltip ("Stack shop: 2 of 3 tasks up"); empty without a swarm. */
  stacks: string[];
}

/**
 * The status bar's sum: "5/6 healthy" for compose services, "3/3 stack tasks" for the stacks of
 * a watched swarm, and whether something needs attention (failing services of either kind);
 * while the rows cannot be trusted, why ("engine unreachable since 10:42"), shown even with no service.
 */
export function summary(tree: readonly TreeNode[], reachability?: Reachability, swarm: readonly SwarmTreeNode[] = []): Summary | undefined {
  const unknown = untrusted(reachability);
  if (unknown)
    return {
      text: unknown,
      warning: reachability?.kind === 'unreachable',
      icon: reachability?.kind === 'unreachable' ? 'debug-disconnect' : 'sync~spin',
      stacks: [],
    };
  const services = tree.flatMap((p) => p.children).filter((s) => s.status !== 'not-created');
  const stacks = swarm.filter((r) => r.kind === 'stack');
  if (services.length === 0 && stacks.length === 0) return undefined;
  const healthy = services.filter((s) => s.status === 'healthy').length;
  const up = stacks.reduce((sum, s) => sum + (s.tasks?.up ?? 0), 0);
  const desired = stacks.reduce((sum, s) => sum + (s.tasks?.desired ?? 0), 0);
  const bad =
    services.filter((s) => s.status === 'unhealthy' || s.status === 'failed' || s.status === 'restarting').length +
    stacks.flatMap((s) => s.children).filter((s) => s.status === 'failing').length;
  const parts = [
    services.length ? `${healthy}/${services.length} healthy` : '',
    stacks.length ? `${up}/${desired} stack tasks` : '',
    bad ? `${bad} failing` : '',
  ];
  return {
    text: parts.filter(Boolean).join(' · '),
    warning: bad > 0,
    icon: bad > 0 ? 'warning' : 'pulse',
    stacks: stacks.map((s) => s.tooltip),
  };
}
