import type { Finding } from './diagnostic';
import type { SourceFile } from './text';

/**
 * Inline suppressions, written as YAML comments:
 *   `# compose-mesh-disable-line [rule, …]`       on the line itself
 *   `# compose-mesh-disable-next-line [rule, …]`  on the line before
 *   `# compose-mesh-disable-file [rule, …]`       anywhere in the file
 * Without rule ids, every rule is silenced there.
 */
const DIRECTIVE = /#\s*compose-mesh-disable(-line|-next-line|-file)\b([^\n\r]*)/g;

interface Suppressions {
  file: Set<string> | 'all' | undefined;
  lines: Map<number, Set<string> | 'all'>;
}

function rulesOf(text: string): Set<string> | 'all' {
  const ids = text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return ids.length ? new Set(ids) : 'all';
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

function scan(file: SourceFile): Suppressions {
  const out: Suppressions = { file: undefined, lines: new Map() };
  if (!file.text.includes('compose-mesh-disable')) return out;
  for (const m of file.text.matchAll(DIRECTIVE)) {
    const line = file.positionAt(m.index ?? 0).line;
    const rules = rulesOf(m[2]);
    if (m[1] === '-file') out.file = merge(out.file, rules);
    else {
      const target = m[1] === '-line' ? line : line + 1;
      out.lines.set(target, merge(out.lines.get(target), rules));
    }
  }
  return out;
}

const covers = (s: Set<string> | 'all' | undefined, id: string) => s === 'all' || (s !== undefined && s.has(id));

export function applySuppressions(findings: Finding[]): Finding[] {
  const cache = new Map<SourceFile, Suppressions>();
  return findings.filter((f) => {
    let s = cache.get(f.file);
    if (!s) cache.set(f.file, (s = scan(f.file)));
    if (covers(s.file, f.ruleId)) return false;
    return !covers(s.lines.get(f.file.positionAt(f.start).line), f.ruleId);
  });
}
