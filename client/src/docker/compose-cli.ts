import { spawn, spawnSync } from 'node:child_process';

/**
 * The Compose CLI to run: v2 (`docker compose`) when it answers, else v1 (`docker-compose`),
 * else Podman's (`podman compose`, then `podman-compose`) for machines with Podman only.
 */
export interface ComposeCli {
  kind: 'v2' | 'v1' | 'podman' | 'podman-compose';
  command: string;
  /** Arguments before the project's own (`compose` for v2). */
  prefix: string[];
  version: string;
}

export interface ComposeTarget {
  name: string;
  dir: string;
  files: string[];
}

export function detectCompose(env: NodeJS.ProcessEnv = process.env): ComposeCli | undefined {
  const v2 = spawnSync('docker', ['compose', 'version', '--short'], { encoding: 'utf8', env });
  if (v2.status === 0) return { kind: 'v2', command: 'docker', prefix: ['compose'], version: v2.stdout.trim() };
  const v1 = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8', env });
  if (v1.status === 0) return { kind: 'v1', command: 'docker-compose', prefix: [], version: v1.stdout.trim() };
  const podman = spawnSync('podman', ['compose', 'version'], { encoding: 'utf8', env });
  if (podman.status === 0) return { kind: 'podman', command: 'podman', prefix: ['compose'], version: podman.stdout.trim().split('\n').pop() ?? '' };
  const podmanCompose = spawnSync('podman-compose', ['version'], { encoding: 'utf8', env });
  if (podmanCompose.status === 0)
    return { kind: 'podman-compose', command: 'podman-compose', prefix: [], version: podmanCompose.stdout.trim().split('\n').pop() ?? '' };
  return undefined;
}

/** How the CLI is written on a command line ("docker compose", "podman-compose"). */
export function cliName(cli: ComposeCli): string {
  return [cli.command, ...cli.prefix].join(' ');
}

/**
 * The environment for the compose process: the extension's own, with the variables that point
 * the CLI at the engine the tree shows (one resolution for everything).
 */
export function cliEnvironment(engineEnv: Record<string, string | undefined>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const [k, v] of Object.entries(engineEnv)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Arguments for a compose subcommand on a project: `-p`, every `-f`, every `--profile`. */
export function composeArgs(cli: ComposeCli, target: ComposeTarget, profiles: string[], sub: string[]): string[] {
  return [...cli.prefix, '-p', target.name, ...target.files.flatMap((f) => ['-f', f]), ...profiles.flatMap((p) => ['--profile', p]), ...sub];
}

/** Runs compose with an argument array (never a shell string), streaming its output lines. */
export function runCompose(
  cli: ComposeCli,
  target: ComposeTarget,
  profiles: string[],
  sub: string[],
  options: { env?: NodeJS.ProcessEnv; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<{ code: number; output: string }> {
  return runCommand(cli.command, composeArgs(cli, target, profiles, sub), { cwd: target.dir, ...options });
}

/** Runs a command with an argument array (never a shell string), streaming its output lines. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, signal: options.signal });
    let output = '';
    let partial = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      partial += text;
      const lines = partial.split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) options.onLine?.(l);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (err) => resolve({ code: -1, output: `${output}${err.message}\n` }));
    child.on('close', (code) => {
      if (partial.trim()) options.onLine?.(partial);
      resolve({ code: code ?? -1, output });
    });
  });
}
