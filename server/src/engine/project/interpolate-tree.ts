import type { Finding } from '../diagnostic';
import { interpolate, type InterpolationIssue, type Lookup } from '../interpolate';
import type { Pair, ScalarNode, YNode } from '../yaml/nodes';

export type InterpolationReport = (ruleId: string, severity: Finding['severity'], message: string, node: ScalarNode, start: number, end: number) => void;

/**
 * Interpolates every scalar value (not keys) of a file's tree, as Compose does before it
 * validates the file. Returns a new tree; nodes without `$` are shared, not copied.
 */
export function interpolateTree(root: YNode, lookup: Lookup, report: InterpolationReport): YNode {
  // Aliases share collections: each is walked once.
  const memo = new Map<YNode, YNode>();
  const walk = (node: YNode): YNode => {
    if (node.kind === 'scalar') return scalar(node, lookup, report);
    const known = memo.get(node);
    if (known) return known;
    // Arrays are copied only from the first changed child on: most collections hold no `$`.
    let out: YNode = node;
    if (node.kind === 'seq') {
      let items: YNode[] | undefined;
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i];
        const value = walk(item);
        if (value !== item) items ??= node.items.slice(0, i);
        items?.push(value);
      }
      if (items) out = { ...node, items };
    } else {
      let pairs: Pair[] | undefined;
      for (let i = 0; i < node.pairs.length; i++) {
        const p = node.pairs[i];
        const value = walk(p.value);
        if (value !== p.value) pairs ??= node.pairs.slice(0, i);
        pairs?.push(value === p.value ? p : { key: p.key, value });
      }
      if (pairs) out = { ...node, pairs };
    }
    memo.set(node, out);
    return out;
  };
  return walk(root);
}

const RULE_OF: Record<InterpolationIssue['kind'], [string, Finding['severity']]> = {
  unset: ['unset-variable', 'warning'],
  required: ['required-variable', 'error'],
  invalid: ['interpolation', 'error'],
  limit: ['input-limit', 'warning'],
};

function scalar(node: ScalarNode, lookup: Lookup, report: InterpolationReport): ScalarNode {
  if (typeof node.value !== 'string' || !node.value.includes('$')) return node;
  const result = interpolate(node.value, lookup);
  const raw = node.file.text.slice(node.start, node.end);
  for (const issue of result.issues) {
    const expr = node.value.slice(issue.start, issue.end);
    const at = raw.indexOf(expr);
    const start = at >= 0 ? node.start + at : node.start;
    const end = at >= 0 ? start + expr.length : node.end;
    const [ruleId, severity] = RULE_OF[issue.kind];
    report(ruleId, severity, issue.message, node, start, end);
  }
  if (result.value === node.value) return node;
  return { ...node, value: result.value, interpolated: result.variables.length > 0 };
}
