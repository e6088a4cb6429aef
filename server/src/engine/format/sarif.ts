import type { Finding, Severity } from '../diagnostic';
import { RULES } from '../rules';
import { located } from './location';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, as code-scanning services read it. */
export function formatSarif(findings: Finding[], cwd: string, version: string): string {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'compose-mesh',
            version,
            rules: RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: r.doc },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { category: r.category },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `file://${cwd.endsWith('/') ? cwd : `${cwd}/`}` } },
        results: findings.map((f) => {
          const l = located(f, cwd);
          return {
            ruleId: f.ruleId,
            ruleIndex: index.get(f.ruleId) ?? -1,
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: l.file.split('\\').join('/'), uriBaseId: 'SRCROOT' },
                  region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn },
                },
              },
            ],
          };
        }),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
