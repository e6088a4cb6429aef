import type { Finding, Severity } from '../diagnostic';
import type { SourceFile } from '../text';
import { CONTROL, located, withoutControls } from './location';

const COLORS: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '90' };

export function formatText(findings: Finding[], cwd: string, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const secrets = secretSpans(findings);
  const out: string[] = [];
  for (const f of findings) {
    const loc = located(f, cwd);
    out.push(`${withoutControls(loc.file)}:${loc.line}:${loc.column}: ${paint(COLORS[f.severity], f.severity)} [${f.ruleId}] ${withoutControls(f.message)}`);
    const source = f.file.quotable ? shownLine(f.file, loc.line - 1, secrets.get(f.file) ?? []) : '';
    if (source.trim()) {
      const width = Math.max(1, (loc.endLine === loc.line ? loc.endColumn : source.length + 1) - loc.column);
      out.push(`  ${source}`);
      out.push(`  ${' '.repeat(loc.column - 1)}${paint(COLORS[f.severity], '^'.repeat(width))}`);
    }
  }
  const counts = (['error', 'warning', 'info', 'hint'] as Severity[])
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 ? '' : s === 'info' ? '' : 's'}`);
  out.push(counts.length ? `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts.join(', ')}` : 'No problems found.');
  return out.join('\n') + '\n';
}

/** Ranges of secrets written in plain text, per file: masked in every line printed. */
function secretSpans(findings: Finding[]): Map<SourceFile, [number, number][]> {
  const spans = new Map<SourceFile, [number, number][]>();
  for (const f of findings) {
    if (!f.secret) continue;
    const list = spans.get(f.file) ?? [];
    list.push([f.start, f.end]);
    spans.set(f.file, list);
  }
  return spans;
}

/**
 * A source line as printed: secrets masked with `*` and control characters (a terminal escape
 * in a service name) shown as `?`, one for one, so the carets still line up.
 */
function shownLine(file: SourceFile, line: number, secrets: [number, number][]): string {
  const text = file.lineText(line);
  const lineStart = file.offsetAt({ line, character: 0 });
  const chars = text.split('');
  for (const [start, end] of secrets) {
    for (let i = Math.max(start, lineStart); i < Math.min(end, lineStart + text.length); i++) chars[i - lineStart] = '*';
  }
  return chars.join('').replace(CONTROL, '?');
}
