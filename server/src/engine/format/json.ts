import type { Finding } from '../diagnostic';
import { located } from './location';

export function formatJson(findings: Finding[], cwd: string): string {
  return (
    JSON.stringify(
      findings.map((f) => ({ ...located(f, cwd), severity: f.severity, rule: f.ruleId, message: f.message })),
      null,
      2,
    ) + '\n'
  );
}
