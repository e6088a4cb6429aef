import * as path from 'node:path';
import type { Host } from './host';

/**
 * Which files make up the project a given file belongs to, following the Compose CLI:
 * `compose.yaml` (or `compose.yml`, `docker-compose.yaml`, `docker-compose.yml`) plus its
 * `.override` file; `COMPOSE_FILE` when set; a variant such as `compose.prod.yaml` is checked
 * on top of the base file beside it, as it is used (`-f compose.yaml -f compose.prod.yaml`).
 */

export const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

const COMPOSE_FILE_NAME = /^(docker-)?compose(\.[^/\\]+)?\.ya?ml$/i;

export function isComposeFileName(file: string): boolean {
  return COMPOSE_FILE_NAME.test(path.basename(file));
}

function overridesOf(base: string, host: Host): string[] {
  const dir = path.dirname(base);
  const stem = path.basename(base).replace(/\.ya?ml$/i, '');
  return [`${stem}.override.yaml`, `${stem}.override.yml`]
    .map((n) => path.join(dir, n))
    .filter((f) => host.exists(f))
    .slice(0, 1);
}

export function findBaseFile(dir: string, host: Host): string | undefined {
  return BASE_NAMES.map((n) => path.join(dir, n)).find((f) => host.exists(f));
}

/** The file set named by COMPOSE_FILE, resolved against `dir`. */
export function composeFileVariable(dir: string, env: (name: string) => string | undefined): string[] | undefined {
  const value = env('COMPOSE_FILE');
  if (!value) return undefined;
  const sep = env('COMPOSE_PATH_SEPARATOR') ?? path.delimiter;
  return value
    .split(sep)
    .filter(Boolean)
    .map((f) => path.resolve(dir, f));
}

/** The default file set of a directory, or undefined when it holds no compose file. */
export function defaultFileSet(dir: string, host: Host, env: (name: string) => string | undefined): string[] | undefined {
  const fromEnv = composeFileVariable(dir, env);
  if (fromEnv) return fromEnv;
  const base = findBaseFile(dir, host);
  return base ? [base, ...overridesOf(base, host)] : undefined;
}

/** The file set that gives `file` its meaning. */
export function fileSetFor(file: string, host: Host, env: (name: string) => string | undefined): string[] {
  const dir = path.dirname(file);
  const fromEnv = composeFileVariable(dir, env);
  if (fromEnv?.includes(file)) return fromEnv;
  const name = path.basename(file);
  if (BASE_NAMES.includes(name.toLowerCase())) return [file, ...overridesOf(file, host)];
  const base = findBaseFile(dir, host);
  if (!base || !isComposeFileName(file)) return [file];
  return [base, file];
}
