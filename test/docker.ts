/** Helpers for the suites that need a real Docker Engine. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineConnection } from '../client/src/docker/connection';
import { HealthWatcher } from '../client/src/docker/health-watcher';
import { nextEvent } from '../client/src/events';
import { resolveDockerEndpoint } from '../common/docker/endpoint';

export const IMAGE = 'busybox:1.36';

/** false when the engine and compose are usable; otherwise the reason to skip (a failure under CI). */
export function dockerSkip(): string | false {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  const compose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  const reason =
    info.status !== 0
      ? `no Docker Engine answers (${(info.stderr || info.error?.message || '').trim()}); run .ci/provision.sh, then: source .ci/engine.sh && use_engine current`
      : compose.status !== 0
        ? 'docker compose is not installed'
        : '';
  if (!reason) return false;
  if (process.env.CI) throw new Error(`CI needs a Docker Engine: ${reason}`);
  return reason;
}

export function run(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, encoding: 'utf8', env: { ...process.env, ...opts.env }, timeout: opts.timeout ?? 300_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Builds the local busybox image (FROM scratch + the static busybox) unless it exists; `env` may name another engine (DOCKER_HOST). */
export function ensureImage(env?: Record<string, string>): void {
  if (run('docker', ['image', 'inspect', IMAGE], { env }).status === 0) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-image-'));
  fs.copyFileSync('/bin/busybox', path.join(dir, 'busybox'));
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      'RUN ["/bin/mkdir", "-p", "/tmp", "/www", "/etc"]',
      'RUN ["/bin/sh", "-c", "echo ok > /www/index.html"]',
      'CMD ["/bin/sh"]',
      '',
    ].join('\n'),
  );
  const r = run('docker', ['build', '-q', '-t', IMAGE, dir], { env });
  if (r.status !== 0) throw new Error(`docker build failed: ${r.stderr}`);
}

/** Polls until `probe` gives a value (or fails after `timeoutMs`). */
export async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An engine connection and a health watcher that has read the engine once. */
export async function connectedWatcher(
  options: { backoff?: { firstMs: number; maxMs: number }; watcher?: { safetyNetMs: number; coalesceMs: number }; endpoint?: { explicitHost?: string } } = {},
): Promise<{ connection: EngineConnection; watcher: HealthWatcher; dispose: () => void }> {
  const connection = new EngineConnection(() => resolveDockerEndpoint({ env: process.env, ...options.endpoint }), options.backoff);
  const watcher = new HealthWatcher(connection, options.watcher);
  const synced = nextEvent(watcher.onSynced);
  await connection.connect();
  await synced;
  return { connection, watcher, dispose: () => (watcher.dispose(), connection.dispose()) };
}
