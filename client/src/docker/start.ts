import type Docker from 'dockerode';
import type { DeclaredProject } from '../../../common/protocol';
import { buildTree, type TreeNode } from '../tree-model';
import { cliName, runCompose, type ComposeCli } from './compose-cli';
import type { HealthWatcher } from './health-watcher';
import { demuxLogs } from './log-tail';
import { preflight, type PreflightProblem } from './preflight';

export interface StartFailure {
  service: string;
  status: string;
  healthOutput: string[];
  logLines: string[];
}

export type StartOutcome =
  | { kind: 'blocked'; problems: PreflightProblem[] }
  | { kind: 'compose-failed'; code: number; output: string; failures: StartFailure[] }
  | { kind: 'unhealthy' | 'timeout'; failures: StartFailure[] }
  | { kind: 'cancelled' }
  | { kind: 'started'; ready: string[]; notes: PreflightProblem[] };

export interface StartOptions {
  profiles: string[];
  timeoutMs: number;
  onProgress: (message: string) => void;
  onLog: (line: string) => void;
  signal?: AbortSignal;
  /** The compose process's environment (pointing it at the engine the tree shows). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Brings a project up: the checks first (a blocking problem stops it), then `compose up -d`,
 * then progress per service until every one is healthy (or running, for those without a
 * healthcheck) or a timeout. A failure names the services, with their last health-check output
 * and log lines.
 */
export async function startProject(
  docker: Docker,
  cli: ComposeCli,
  watcher: HealthWatcher,
  project: DeclaredProject,
  options: StartOptions,
): Promise<StartOutcome> {
  const problems = await preflight(docker, project, [...watcher.containers.values()]);
  if (problems.some((p) => p.blocking)) return { kind: 'blocked', problems };
  options.onProgress(`${cliName(cli)} up -d`);
  // Containers compose recreates are stopped on purpose: no alarm for those.
  const deploying = watcher.expect(project.name, undefined, 'deploy');
  const up = await runCompose(cli, project, options.profiles, ['up', '-d'], { env: options.env, onLine: options.onLog, signal: options.signal }).finally(() =>
    deploying.end(),
  );
  await watcher.resync().catch(() => undefined);
  const wanted = project.services.filter((s) => s.enabled).map((s) => s.name);
  const rows = () =>
    buildTree({ declared: [project], containers: watcher.containers.values(), now: Date.now() })
      .find((p) => p.label === project.name)
      ?.children.filter((s) => wanted.includes(s.label)) ?? [];
  if (up.code !== 0) {
    // Compose v2 names the dependency that failed ("container x-db-1 is unhealthy").
    const named = [...up.output.matchAll(/container ([\w.-]+) (?:is unhealthy|exited)/g)].map((m) => m[1]);
    const failing = rows().filter(
      (r) => r.status === 'unhealthy' || r.status === 'failed' || named.some((n) => n.includes(`-${r.label}-`) || n.includes(`_${r.label}_`)),
    );
    return { kind: 'compose-failed', code: up.code, output: up.output, failures: await describe(docker, watcher, project, failing) };
  }
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted) return { kind: 'cancelled' };
    const current = rows();
    const ready = current.filter((s) => s.status === 'healthy' || s.status === 'unmonitored' || s.status === 'exited');
    const waiting = current.filter((s) => !ready.includes(s));
    options.onProgress(
      `${ready.length}/${current.length} ready${waiting.length ? ` — waiting for ${waiting.map((s) => `${s.label} (${s.description?.split(' · ')[0]})`).join(', ')}` : ''}`,
    );
    if (waiting.length === 0) return { kind: 'started', ready: ready.map((r) => r.label), notes: problems };
    const failed = current.filter((s) => s.status === 'failed');
    if (failed.length) return { kind: 'unhealthy', failures: await describe(docker, watcher, project, failed) };
    if (Date.now() > deadline) return { kind: 'timeout', failures: await describe(docker, watcher, project, waiting) };
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function describe(docker: Docker, watcher: HealthWatcher, project: DeclaredProject, rows: TreeNode[]): Promise<StartFailure[]> {
  const out: StartFailure[] = [];
  for (const row of rows) {
    const c = [...watcher.containers.values()].find((x) => x.project === project.name && x.service === row.label);
    let logLines: string[] = [];
    if (c) {
      try {
        const buf = (await docker.getContainer(c.id).logs({ stdout: true, stderr: true, tail: 20, follow: false })) as unknown as Buffer;
        logLines = demuxLogs(buf).split('\n').filter(Boolean);
      } catch {
        // Gone already: its state says enough.
      }
    }
    out.push({ service: row.label, status: row.description?.split(' · ')[0] ?? '', healthOutput: c?.healthLog.map((h) => h.output) ?? [], logLines });
  }
  return out;
}
