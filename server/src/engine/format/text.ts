import type { Finding, Severity } from '../diagnostic';
import { located } from './location';

const COLORS: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '90' };

export function formatText(findings: Finding[], cwd: string, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const f of findings) {
    const loc = located(f, cwd);
    out.push(`${loc.file}:${loc.line}:${loc.column}: ${paint(COLORS[f.severity], f.severity)} [${f.ruleId}] ${f.message}`);
    const source = f.file.quotable ? f.file.lineText(loc.line - 1) : '';
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
