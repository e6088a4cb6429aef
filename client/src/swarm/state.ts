import type Docker from 'dockerode';

/** The label `docker stack deploy` puts on every service, network and task of a stack. */
export const STACK_LABEL = 'com.docker.stack.namespace';

export interface SwarmNodeState {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  leader: boolean;
  /** active, pause or drain. */
  availability: string;
  /** ready, down, unknown, disconnected. */
  state: string;
  address: string;
  labels: Record<string, string>;
}

export interface PublishedPort {
  published: number;
  target: number;
  protocol: string;
  /** ingress (the routing mesh, every node) or host (the task's node). */
  mode: string;
}

export interface SwarmServiceState {
  id: string;
  /** The full name (`STACK_service`). */
  name: string;
  stack?: string;
  /** Its name inside the stack. */
  short: string;
  mode: 'replicated' | 'global';
  /** Replicas asked for (replicated), or undefined for global (one per eligible node). */
  replicas?: number;
  image: string;
  ports: PublishedPort[];
  /** updating, paused, completed, rollback_started, rollback_paused, rollback_completed. */
  update?: { state: string; message: string };
  hasHealthcheck: boolean;
}

export type Health = 'healthy' | 'unhealthy' | 'starting' | 'none';

export interface SwarmTaskState {
  id: string;
  serviceId: string;
  /** Replica number (replicated services). */
  slot?: number;
  nodeId: string;
  /** What the orchestrator wants: running, shutdown, … */
  desired: string;
  /** new, pending, assigned, preparing, starting, running, complete, failed, rejected, shutdown, orphaned … */
  state: string;
  error?: string;
  message: string;
  containerId?: string;
  /** Known for tasks whose container runs on the engine we talk to. */
  health?: Health;
  /** When the task last changed state (ms since epoch). */
  since: number;
}

export interface SwarmSnapshot {
  /** Whether the engine is a manager that can answer for the swarm. */
  manager: boolean;
  nodes: SwarmNodeState[];
  services: SwarmServiceState[];
  tasks: SwarmTaskState[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the Engine's JSON, narrowed field by field below */

function toNode(n: any): SwarmNodeState {
  return {
    id: n.ID,
    hostname: n.Description?.Hostname ?? n.ID.slice(0, 12),
    role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
    leader: !!n.ManagerStatus?.Leader,
    availability: n.Spec?.Availability ?? 'active',
    state: n.Status?.State ?? 'unknown',
    address: n.Status?.Addr ?? '',
    labels: n.Spec?.Labels ?? {},
  };
}

function toService(s: any): SwarmServiceState {
  const labels: Record<string, string> = s.Spec?.Labels ?? {};
  const stack = labels[STACK_LABEL];
  const name: string = s.Spec?.Name ?? s.ID;
  const container = s.Spec?.TaskTemplate?.ContainerSpec ?? {};
  const healthTest: string[] | undefined = container.Healthcheck?.Test;
  return {
    id: s.ID,
    name,
    stack,
    short: stack && name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name,
    mode: s.Spec?.Mode?.Global ? 'global' : 'replicated',
    // A replicated service that names no count runs one.
    replicas: s.Spec?.Mode?.Global ? undefined : (s.Spec?.Mode?.Replicated?.Replicas ?? 1),
    image: String(container.Image ?? '').replace(/@sha256:[0-9a-f]+$/, ''),
    ports: (s.Endpoint?.Ports ?? []).map((p: any) => ({
      published: p.PublishedPort,
      target: p.TargetPort,
      protocol: p.Protocol ?? 'tcp',
      mode: p.PublishMode ?? 'ingress',
    })),
    update: s.UpdateStatus?.State ? { state: s.UpdateStatus.State, message: s.UpdateStatus.Message ?? '' } : undefined,
    // The image's own HEALTHCHECK counts too; the task's container health says for sure.
    hasHealthcheck: !!healthTest && healthTest[0] !== 'NONE',
  };
}

function toTask(t: any): SwarmTaskState {
  return {
    id: t.ID,
    serviceId: t.ServiceID,
    slot: t.Slot,
    nodeId: t.NodeID ?? '',
    desired: t.DesiredState ?? '',
    state: t.Status?.State ?? '',
    error: t.Status?.Err || undefined,
    message: t.Status?.Message ?? '',
    containerId: t.Status?.ContainerStatus?.ContainerID || undefined,
    since: Date.parse(t.Status?.Timestamp ?? '') || 0,
  };
}

/**
 * Reads the swarm as its manager sees it: nodes, services and tasks (three calls), and the health
 * of the task containers that run on this engine (one call; health of tasks on other nodes is not
 * visible through a manager).
 */
export async function readSwarm(docker: Docker): Promise<SwarmSnapshot> {
  const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean; LocalNodeState?: string } };
  if (!info.Swarm?.ControlAvailable) return { manager: false, nodes: [], services: [], tasks: [] };
  const [nodes, services, tasks, containers] = await Promise.all([
    docker.listNodes(),
    docker.listServices(),
    docker.listTasks(),
    docker.listContainers({ all: true, filters: { label: ['com.docker.swarm.task.id'] } }),
  ]);
  const health = new Map<string, Health>();
  for (const c of containers) {
    const m = /\((healthy|unhealthy|health: starting)\)/.exec(c.Status ?? '');
    const reported = (c as { Health?: { Status?: string } }).Health?.Status;
    const h = reported ?? m?.[1];
    health.set(
      c.Labels['com.docker.swarm.task.id'],
      h === 'health: starting' || h === 'starting' ? 'starting' : h === 'healthy' || h === 'unhealthy' ? h : 'none',
    );
  }
  return {
    manager: true,
    nodes: nodes.map(toNode),
    services: services.map(toService),
    tasks: tasks.map(toTask).map((t) => ({ ...t, health: health.get(t.id) })),
  };
}
