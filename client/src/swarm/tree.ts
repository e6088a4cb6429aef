import * as path from 'node:path';
import type { SwarmNodeState, SwarmServiceState, SwarmSnapshot, SwarmTaskState } from './state';

/**
 * The swarm as tree rows: stack → service → task, then a Nodes branch. Pure (no editor API), like
 * the container tree: the view only draws it.
 */
export type SwarmStatus = 'healthy' | 'running' | 'starting' | 'failing' | 'updating' | 'down' | 'drained' | 'empty';

export interface SwarmTreeNode {
  id: string;
  kind: 'stack' | 'swarm-service' | 'task' | 'nodes' | 'node';
  label: string;
  description: string;
  tooltip: string;
  icon: string;
  color?: string;
  /** For menus: `stack`, `swarm-service`, `task`, `node`. */
  contextValue: string;
  status: SwarmStatus;
  children: SwarmTreeNode[];
  /** Stack rows: tasks up (running, and healthy where they report health) and tasks asked for. */
  tasks?: { up: number; desired: number };
}

const LOOK: Record<SwarmStatus, { icon: string; color?: string }> = {
  healthy: { icon: 'pass-filled', color: 'testing.iconPassed' },
  running: { icon: 'circle-filled', color: 'charts.blue' },
  starting: { icon: 'loading~spin', color: 'charts.yellow' },
  updating: { icon: 'sync~spin', color: 'charts.yellow' },
  failing: { icon: 'error', color: 'testing.iconFailed' },
  down: { icon: 'debug-disconnect', color: 'testing.iconFailed' },
  drained: { icon: 'circle-slash', color: 'disabledForeground' },
  empty: { icon: 'circle-outline', color: 'disabledForeground' },
};

/** Failed tasks shown per service, newest first, beside the current ones. */
const FAILED_SHOWN = 3;
const FAILED = new Set(['failed', 'rejected', 'orphaned']);

function row(partial: Omit<SwarmTreeNode, 'icon' | 'color' | 'children'> & { children?: SwarmTreeNode[] }): SwarmTreeNode {
  return { ...partial, ...LOOK[partial.status], children: partial.children ?? [] };
}

/** A task counts as up when it runs and, if it reports health, is healthy. */
function taskUp(t: SwarmTaskState): boolean {
  return t.state === 'running' && (t.health === undefined || t.health === 'none' || t.health === 'healthy');
}

export function portText(p: SwarmServiceState['ports'][number]): string {
  return `${p.published}→${p.target}/${p.protocol} (${p.mode})`;
}

function taskRow(service: SwarmServiceState, t: SwarmTaskState, nodes: Map<string, SwarmNodeState>): SwarmTreeNode {
  const node = nodes.get(t.nodeId)?.hostname ?? (t.nodeId ? t.nodeId.slice(0, 12) : 'unassigned');
  const label = t.slot !== undefined && service.mode === 'replicated' ? `${service.short}.${t.slot}` : `${service.short}@${node}`;
  const health = t.health && t.health !== 'none' ? t.health : undefined;
  const words = [t.state, node, health, t.error ?? (t.state !== 'running' && t.message ? t.message : undefined)].filter(Boolean);
  const status: SwarmStatus =
    FAILED.has(t.state) || health === 'unhealthy' ? 'failing' : taskUp(t) ? (health ? 'healthy' : 'running') : t.desired === 'running' ? 'starting' : 'empty';
  return row({
    id: `task:${t.id}`,
    kind: 'task',
    label,
    description: words.join(' · '),
    tooltip: [
      `Task ${t.id.slice(0, 12)} of ${service.name}`,
      `State: ${t.state} (desired ${t.desired})`,
      `Node: ${node}`,
      health && `Health: ${health}`,
      t.error && `Error: ${t.error}`,
      t.message && `Message: ${t.message}`,
    ]
      .filter(Boolean)
      .join('\n'),
    contextValue: 'task',
    status,
  });
}

function serviceRow(s: SwarmServiceState, tasks: SwarmTaskState[], nodes: Map<string, SwarmNodeState>): { node: SwarmTreeNode; up: number; desired: number } {
  const current = tasks.filter((t) => t.desired === 'running' || t.desired === 'ready');
  const failed = tasks
    .filter((t) => FAILED.has(t.state) && !current.includes(t))
    .sort((a, b) => b.since - a.since)
    .slice(0, FAILED_SHOWN);
  const desired = s.replicas ?? current.length;
  const up = current.filter(taskUp).length;
  const updating = s.update && /^(updating|rollback_started|paused|rollback_paused)$/.test(s.update.state) ? s.update.state.replace('_', ' ') : undefined;
  const failing = up < desired && (failed.length > 0 || current.some((t) => FAILED.has(t.state) || t.health === 'unhealthy'));
  const status: SwarmStatus =
    desired === 0
      ? 'empty'
      : failing
        ? 'failing'
        : updating
          ? 'updating'
          : up < desired
            ? 'starting'
            : current.some((t) => t.health === 'healthy')
              ? 'healthy'
              : 'running';
  const ports = s.ports.map(portText);
  const node = row({
    id: `swarm-service:${s.id}`,
    kind: 'swarm-service',
    label: s.short,
    description: [`${up}/${desired}`, s.mode === 'global' ? 'global' : undefined, updating, ...ports].filter(Boolean).join(' · '),
    tooltip: [
      `Service ${s.name} (${s.mode})`,
      `Image: ${s.image}`,
      `Running: ${up} of ${desired}`,
      s.update && `Update: ${s.update.state}${s.update.message ? ` — ${s.update.message}` : ''}`,
      ports.length ? `Ports: ${ports.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
    contextValue: 'swarm-service',
    status,
    children: [...current.sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0)), ...failed].map((t) => taskRow(s, t, nodes)),
  });
  return { node, up, desired };
}

const WORST: SwarmStatus[] = ['failing', 'down', 'updating', 'starting', 'running', 'healthy', 'drained', 'empty'];

function worst(rows: SwarmTreeNode[]): SwarmStatus {
  return WORST.find((s) => rows.some((r) => r.status === s)) ?? 'empty';
}

function nodeRow(n: SwarmNodeState): SwarmTreeNode {
  const labels = Object.entries(n.labels).map(([k, v]) => `${k}=${v}`);
  const role = n.role === 'manager' ? (n.leader ? 'manager (leader)' : 'manager') : 'worker';
  const status: SwarmStatus = n.state !== 'ready' ? 'down' : n.availability !== 'active' ? 'drained' : 'running';
  return row({
    id: `node:${n.id}`,
    kind: 'node',
    label: n.hostname,
    description: [role, n.state, n.availability, ...labels].join(' · '),
    tooltip: [
      `Node ${n.hostname} (${n.id.slice(0, 12)})`,
      `Role: ${role}`,
      `State: ${n.state}`,
      `Availability: ${n.availability}`,
      n.address && `Address: ${n.address}`,
      labels.length ? `Labels: ${labels.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
    contextValue: 'node',
    status,
  });
}

/**
 * Stacks (services without a stack under "(no stack)"), then the Nodes branch. `deployedFrom`:
 * stack → the workspace project deployed as it, whose files are checked in stack mode.
 */
export function buildSwarmTree(snapshot: SwarmSnapshot, deployedFrom: ReadonlyMap<string, string> = new Map()): SwarmTreeNode[] {
  if (!snapshot.manager) return [];
  const nodes = new Map(snapshot.nodes.map((n) => [n.id, n]));
  const stacks = new Map<string, ReturnType<typeof serviceRow>[]>();
  for (const s of [...snapshot.services].sort((a, b) => a.short.localeCompare(b.short))) {
    const stack = s.stack ?? '(no stack)';
    if (!stacks.has(stack)) stacks.set(stack, []);
    stacks.get(stack)!.push(
      serviceRow(
        s,
        snapshot.tasks.filter((t) => t.serviceId === s.id),
        nodes,
      ),
    );
  }
  const stackRows = [...stacks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, services]) => {
      const running = services.reduce((sum, s) => sum + s.up, 0);
      const desired = services.reduce((sum, s) => sum + s.desired, 0);
      const rows = services.map((s) => s.node);
      const from = deployedFrom.get(name);
      return row({
        id: `stack:${name}`,
        kind: 'stack',
        label: name,
        description: [`${services.length} service${services.length === 1 ? '' : 's'}`, `${running}/${desired} tasks`, from && `from ${path.basename(from)}`]
          .filter(Boolean)
          .join(' · '),
        tooltip: [`Stack ${name}: ${running} of ${desired} tasks up`, from && `Deployed from ${from}: its compose files are checked in stack mode.`]
          .filter(Boolean)
          .join('\n'),
        contextValue: 'stack',
        status: worst(rows),
        children: rows,
        tasks: { up: running, desired },
      });
    });
  const nodeRows = [...snapshot.nodes].sort((a, b) => a.hostname.localeCompare(b.hostname)).map(nodeRow);
  const down = nodeRows.filter((n) => n.status === 'down').length;
  const nodesBranch = row({
    id: 'nodes',
    kind: 'nodes',
    label: 'Nodes',
    description: `${nodeRows.length} node${nodeRows.length === 1 ? '' : 's'}${down ? ` · ${down} down` : ''}`,
    tooltip: 'The nodes of the swarm',
    contextValue: 'nodes',
    status: down ? 'down' : 'running',
    children: nodeRows,
  });
  return [...stackRows, nodesBranch];
}
