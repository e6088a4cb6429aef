import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { runCommand } from '../docker/compose-cli';
import { readSwarm, type SwarmSnapshot, type SwarmTaskState } from './state';
import { buildSwarmTree, type SwarmTreeNode } from './tree';

export interface StackTarget {
  /** The stack name. */
  name: string;
  dir: string;
  /** Compose files, in order (`-c` each). */
  files: string[];
  /** Error-level findings of the static check in stack mode: any of them blocks the deploy. */
  errors: number;
}

export interface DeployOptions {
  /** Remove services of the stack that the files no longer define. */
  prune: boolean;
  /** Send the registry credentials of this machine to the nodes (private images). */
  withRegistryAuth: boolean;
  timeoutMs: number;
  /** The engine for the docker CLI (DOCKER_HOST …); defaults to this process's environment. */
  env?: NodeJS.ProcessEnv;
  onProgress: (message: string) => void;
  onLog: (line: string) => void;
  signal?: AbortSignal;
}

export interface TaskFailure {
  service: string;
  task: string;
  node: string;
  state: string;
  error: string;
  logLines: string[];
}

export type DeployOutcome =
  | { kind: 'blocked'; reason: string }
  | { kind: 'cli-failed'; code: number; output: string }
  | { kind: 'failing' | 'timeout'; failures: TaskFailure[]; waiting: string[] }
  | { kind: 'cancelled' }
  | { kind: 'deployed'; services: string[] };

export function deployArgs(stack: StackTarget, options: Pick<DeployOptions, 'prune' | 'withRegistryAuth'>): string[] {
  return [
    'stack',
    'deploy',
    ...stack.files.flatMap((f) => ['-c', f]),
    ...(options.prune ? ['--prune'] : []),
    ...(options.withRegistryAuth ? ['--with-registry-auth'] : []),
    '--detach=true',
    stack.name,
  ];
}

/** The last lines a failed task wrote (through the manager, wherever the task ran). */
async function taskLogLines(docker: Docker, task: SwarmTaskState): Promise<string[]> {
  try {
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      docker.modem.dial(
        {
          path: `/tasks/${task.id}/logs?`,
          method: 'GET',
          options: { stdout: true, stderr: true, tail: '20' },
          isStream: true,
          statusCodes: { 200: true, 404: 'no such task', 500: 'server error', 503: 'not a swarm manager' },
        },
        (err: unknown, s: unknown) => (err ? reject(err) : resolve(s as NodeJS.ReadableStream)),
      ),
    );
    let text = '';
    const out = new PassThrough();
    out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    docker.modem.demuxStream(stream, out, out);
    await new Promise((resolve) => stream.on('end', resolve));
    return text.split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

const FAILED = new Set(['failed', 'rejected']);

/**
 * How long a task without a healthcheck must have run to count as deployed: a command that fails
 * at once is "running" for a moment first.
 */
const STABLE_MS = 3000;

function justStarted(snapshot: SwarmSnapshot, stack: string, now: number): boolean {
  const ids = new Set(snapshot.services.filter((s) => s.stack === stack).map((s) => s.id));
  return snapshot.tasks.some((t) => ids.has(t.serviceId) && t.state === 'running' && t.health !== 'healthy' && now - t.since < STABLE_MS);
}

async function failuresOf(docker: Docker, snapshot: SwarmSnapshot, stack: string, since: number): Promise<TaskFailure[]> {
  const services = new Map(snapshot.services.filter((s) => s.stack === stack).map((s) => [s.id, s]));
  const nodes = new Map(snapshot.nodes.map((n) => [n.id, n.hostname]));
  const failed = snapshot.tasks.filter((t) => services.has(t.serviceId) && t.since >= since && (FAILED.has(t.state) || t.health === 'unhealthy'));
  // The newest failure of each service says enough.
  const newest = new Map<string, SwarmTaskState>();
  for (const t of failed.sort((a, b) => b.since - a.since)) if (!newest.has(t.serviceId)) newest.set(t.serviceId, t);
  const out: TaskFailure[] = [];
  for (const t of newest.values()) {
    const s = services.get(t.serviceId)!;
    out.push({
      service: s.short,
      task: t.slot !== undefined ? `${s.short}.${t.slot}` : `${s.short}@${nodes.get(t.nodeId) ?? t.nodeId}`,
      node: nodes.get(t.nodeId) ?? (t.nodeId || 'unassigned'),
      state: t.health === 'unhealthy' ? 'unhealthy' : t.state,
      error: t.error ?? t.message,
      logLines: await taskLogLines(docker, t),
    });
  }
  return out;
}

/**
 * Deploys a stack: the checks first (static errors block; the engine must be a swarm manager),
 * then `docker stack deploy`, then progress per service until every one has its desired tasks
 * running (and healthy, where they report health). Tasks that fail are named with their error
 * and last log lines.
 */
export async function deployStack(docker: Docker, stack: StackTarget, options: DeployOptions): Promise<DeployOutcome> {
  if (stack.errors > 0) return { kind: 'blocked', reason: `${stack.errors} error(s) in the compose files for stack mode: see the Problems panel.` };
  let before: SwarmSnapshot;
  try {
    before = await readSwarm(docker);
  } catch (err) {
    return { kind: 'blocked', reason: `The Docker Engine does not answer: ${(err as Error).message}` };
  }
  if (!before.manager)
    return { kind: 'blocked', reason: 'The Docker Engine is not a swarm manager: deploy to a manager node (docker swarm init, or DOCKER_HOST of a manager).' };
  const started = Date.now() - 1000;
  options.onProgress(`docker stack deploy ${stack.name}`);
  const cli = await runCommand('docker', deployArgs(stack, options), { cwd: stack.dir, env: options.env, onLine: options.onLog, signal: options.signal });
  if (options.signal?.aborted) return { kind: 'cancelled' };
  if (cli.code !== 0) return { kind: 'cli-failed', code: cli.code, output: cli.output };
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted) return { kind: 'cancelled' };
    const snapshot = await readSwarm(docker);
    const rows = buildSwarmTree(snapshot).find((r) => r.kind === 'stack' && r.label === stack.name)?.children ?? [];
    const ready = rows.filter((r) => r.status === 'healthy' || r.status === 'running' || r.status === 'empty');
    const waiting = rows.filter((r) => !ready.includes(r));
    options.onProgress(
      `${ready.length}/${rows.length} services ready${waiting.length ? ` — waiting for ${waiting.map((r: SwarmTreeNode) => `${r.label} (${r.description})`).join(', ')}` : ''}`,
    );
    if (rows.length > 0 && waiting.length === 0 && !justStarted(snapshot, stack.name, Date.now()))
      return { kind: 'deployed', services: ready.map((r) => r.label) };
    const failures = await failuresOf(docker, snapshot, stack.name, started);
    if (waiting.some((r) => r.status === 'failing') && failures.length) return { kind: 'failing', failures, waiting: waiting.map((r) => r.label) };
    if (Date.now() > deadline) return { kind: 'timeout', failures, waiting: waiting.map((r) => r.label) };
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `docker stack rm NAME`. */
export function removeStack(name: string, options: { env?: NodeJS.ProcessEnv; onLog?: (line: string) => void }): Promise<{ code: number; output: string }> {
  return runCommand('docker', ['stack', 'rm', name], { env: options.env, onLine: options.onLog });
}
