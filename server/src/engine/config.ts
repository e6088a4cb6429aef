import * as path from 'node:path';
import { parse } from 'yaml';
import { isSeverity, type Severity, type SeverityOrOff } from './diagnostic';
import { DEFAULT_MAX_FILE_MIB, type Host } from './project/host';
import { RULES_BY_ID } from './rules';

export const CONFIG_NAMES = ['.compose-mesh.yaml', '.compose-mesh.yml'];

/** What runs the project: `docker compose` on one host, or `docker stack deploy` on a swarm. */
export type Target = 'compose' | 'swarm';
export const TARGETS: readonly Target[] = ['compose', 'swarm'];

export function isTarget(value: unknown): value is Target {
  return TARGETS.includes(value as Target);
}

/** The project configuration shared by the editor and the CLI (`.compose-mesh.yaml`). */
export interface Config {
  /** Severity per rule id; 'off' disables the rule. */
  rules: Record<string, SeverityOrOff>;
  /** The lowest severity that makes `compose-mesh validate` exit 1. */
  failOn: Severity;
  /** Explicit file sets, relative to the config file: each is validated as one project. */
  fileSets: string[][];
  profiles?: string[];
  /** The network contract file, when it is not `network-contract.yaml` beside the compose files. */
  contract?: string;
  /** Stack-mode rules run only for `swarm`. */
  target: Target;
  /** Whether a config file, setting or flag chose the target (else it may be inferred: a stack deployed from the editor). */
  targetChosen?: boolean;
  /** Compose files larger than this are reported as not checked instead of being read. */
  maxFileSizeMiB: number;
  /** Where the config was read from, if anywhere. */
  path?: string;
  /** Problems found in the config file itself. */
  problems: string[];
}

export function defaultConfig(): Config {
  return { rules: {}, failOn: 'error', fileSets: [], target: 'compose', maxFileSizeMiB: DEFAULT_MAX_FILE_MIB, problems: [] };
}

/** The nearest config file at or above `dir`. */
export function findConfig(dir: string, host: Host): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(cur, name);
      if (host.exists(candidate)) return candidate;
    }
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

export function loadConfig(dir: string, host: Host): Config {
  const file = findConfig(dir, host);
  return file ? readConfigFile(file, host) : defaultConfig();
}

export function readConfigFile(file: string, host: Host): Config {
  const config = defaultConfig();
  config.path = file;
  const text = host.readFile(file);
  if (text === undefined) {
    config.problems.push(`cannot read ${file}`);
    return config;
  }
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    config.problems.push(`${file}: ${(err as Error).message}`);
    return config;
  }
  return applyConfig(config, raw, path.dirname(file));
}

/** Reads a config object (from the file or from editor settings) over `base`. */
export function applyConfig(base: Config, raw: unknown, dir: string): Config {
  const config: Config = { ...base, rules: { ...base.rules }, problems: [...base.problems] };
  if (raw === null || raw === undefined) return config;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    config.problems.push('the configuration must be a mapping');
    return config;
  }
  const obj = raw as Record<string, unknown>;
  const rules = obj.rules;
  if (rules && typeof rules === 'object') {
    for (const [id, severity] of Object.entries(rules as Record<string, unknown>)) {
      if (!RULES_BY_ID.has(id)) config.problems.push(`unknown rule "${id}"`);
      else if (!isSeverity(severity)) config.problems.push(`rule "${id}": severity must be off, hint, info, warning or error`);
      else config.rules[id] = severity;
    }
  }
  if (obj.failOn !== undefined) {
    if (isSeverity(obj.failOn) && obj.failOn !== 'off') config.failOn = obj.failOn;
    else config.problems.push('failOn must be hint, info, warning or error');
  }
  if (Array.isArray(obj.fileSets)) {
    config.fileSets = obj.fileSets
      .map((set) => (Array.isArray(set) ? set : [set]).filter((f): f is string => typeof f === 'string').map((f) => path.resolve(dir, f)))
      .filter((set) => set.length > 0);
  }
  if (typeof obj.contract === 'string') config.contract = path.resolve(dir, obj.contract);
  if (obj.target !== undefined) {
    if (isTarget(obj.target)) {
      config.target = obj.target;
      config.targetChosen = true;
    } else config.problems.push(`target must be ${TARGETS.join(' or ')}`);
  }
  if (obj.maxFileSizeMiB !== undefined) {
    if (typeof obj.maxFileSizeMiB === 'number' && obj.maxFileSizeMiB > 0) config.maxFileSizeMiB = obj.maxFileSizeMiB;
    else config.problems.push('maxFileSizeMiB must be a positive number');
  }
  if (Array.isArray(obj.profiles)) config.profiles = obj.profiles.filter((p): p is string => typeof p === 'string');
  return config;
}

export function severityFor(config: Config, ruleId: string, fallback: Severity): SeverityOrOff {
  return config.rules[ruleId] ?? RULES_BY_ID.get(ruleId)?.severity ?? fallback;
}
