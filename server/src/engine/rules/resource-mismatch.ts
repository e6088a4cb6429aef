import { get, getPath, text } from '../yaml/nodes';
import type { Rule } from './rule';

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Bytes in a Compose memory size such as 512m, 1.5g or 1073741824. */
export function bytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgt])?i?b?$/i.exec(value.trim());
  if (!m) return NaN;
  return Math.round(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
}

const PAIRS: { field: string; limit: string; same: (a: string, b: string) => boolean }[] = [
  { field: 'cpus', limit: 'cpus', same: (a, b) => Number(a) === Number(b) },
  { field: 'mem_limit', limit: 'memory', same: (a, b) => bytes(a) === bytes(b) },
  { field: 'pids_limit', limit: 'pids', same: (a, b) => Number(a) === Number(b) },
];

export const rule: Rule = {
  id: 'resource-mismatch',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: '"cpus", "mem_limit" and "pids_limit" must agree with their deploy.resources.limits twins.',
  check({ project, report }) {
    for (const s of project.services) {
      for (const { field, limit, same } of PAIRS) {
        const a = text(get(s.node, field));
        const node = getPath(s.node, 'deploy', 'resources', 'limits', limit);
        const b = text(node);
        if (a !== undefined && b !== undefined && node && !same(a, b)) {
          report(node, `Service "${s.name}" sets ${field}: ${a} and deploy.resources.limits.${limit}: ${b}; they must be equal.`);
        }
      }
    }
  },
};
