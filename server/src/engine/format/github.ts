import type { Finding } from '../diagnostic';
import { located, withoutControls } from './location';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request. */
export function formatGithub(findings: Finding[], cwd: string): string {
  return findings
    .map((f) => {
      const l = located(f, cwd);
      const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const props = [
        `file=${withoutControls(l.file)}`,
        `line=${l.line}`,
        `col=${l.column}`,
        `endLine=${l.endLine}`,
        `endColumn=${l.endColumn}`,
        `title=compose-mesh (${f.ruleId})`,
      ]
        .map((p) => {
          const eq = p.indexOf('=');
          return `${p.slice(0, eq)}=${escapeProperty(p.slice(eq + 1))}`;
        })
        .join(',');
      return `::${level} ${props}::${escapeData(withoutControls(f.message))}\n`;
    })
    .join('');
}
