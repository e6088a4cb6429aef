import { keyedEntries } from '../project/merge';
import { get, type ScalarNode } from '../yaml/nodes';
import type { Rule } from './rule';

// PW and PASS only as a whole word (`PW`, `DB_PASS`): BYPASS or COMPASS are no secrets, and PWD is a directory.
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|(^|_)(PW|PASS))$/i;
/** Values that only point at a secret rather than being one. */
const REFERENCE = /^(\/run\/secrets\/|\/|file:)|_FILE$/;
/** A literal default or alternative in an expression: `${PW:-prodpass}`, `${PW-x}`, `${PW:+x}`. */
const LITERAL_DEFAULT = /(?<!\$)\$\{([_a-zA-Z][_a-zA-Z0-9]*):?[-+]([^${}]+)\}/g;

export const rule: Rule = {
  id: 'plaintext-secret',
  severity: 'warning',
  category: 'best-practice',
  scope: 'service',
  doc: 'A password, token or key written in plain text in "environment", as a value or as the default of a variable: use secrets, or a variable from an untracked .env file. The value is never shown.',
  check({ project, report }) {
    for (const s of project.services) {
      const env = get(s.node, 'environment');
      if (!env) continue;
      for (const { key, value } of keyedEntries(env, 'byKeyValue')) {
        const name = String(key.value);
        if (name.endsWith('_FILE')) continue;
        const v = value as ScalarNode;
        if (v.kind !== 'scalar' || v.value === null || (v.value === '' && !v.interpolated)) continue;
        const span = valueSpan(v, env.kind === 'seq');
        if (v.interpolated) {
          for (const d of literalDefaults(v, span)) {
            if (!SECRET_NAME.test(name) && !SECRET_NAME.test(d.variable)) continue;
            report(
              { ...v, ...d.span },
              `"${name}" of service "${s.name}" has a secret in plain text as the default of \${${d.variable}}: leave the default out and set ${d.variable} in an untracked .env file.`,
              { secret: true },
            );
          }
          continue;
        }
        if (!SECRET_NAME.test(name)) continue;
        if (typeof v.value === 'string' && (REFERENCE.test(v.value) || v.value.includes('$'))) continue;
        report({ ...v, ...span }, `"${name}" of service "${s.name}" holds a secret in plain text: move it to a secret or an untracked .env file.`, {
          secret: true,
        });
      }
    }
  },
};

/** Where the value itself is written: inside quotes, and after `=` in a list entry. */
function valueSpan(v: ScalarNode, listEntry: boolean): { start: number; end: number } {
  const raw = v.file.text.slice(v.start, v.end);
  let start = v.start;
  let end = v.end;
  if (/^(["']).*\1$/s.test(raw)) {
    start++;
    end--;
  }
  if (listEntry) {
    const sep = v.file.text.slice(start, end).search(/[=:]/);
    if (sep >= 0) start += sep + 1;
  }
  return { start, end };
}

/** Literal defaults in the written expression, with the offsets of their text. */
function literalDefaults(v: ScalarNode, span: { start: number; end: number }): { variable: string; span: { start: number; end: number } }[] {
  const written = v.file.text.slice(span.start, span.end);
  const out: { variable: string; span: { start: number; end: number } }[] = [];
  for (const m of written.matchAll(LITERAL_DEFAULT)) {
    if (REFERENCE.test(m[2])) continue;
    const at = span.start + (m.index ?? 0) + m[0].length - 1 - m[2].length;
    out.push({ variable: m[1], span: { start: at, end: at + m[2].length } });
  }
  return out;
}
