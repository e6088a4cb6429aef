import { keyedEntries } from '../project/merge';
import { get, type ScalarNode } from '../yaml/nodes';
import type { Rule } from './rule';

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;
/** Values that only point at a secret rather than being one. */
const REFERENCE = /^(\/run\/secrets\/|\/|file:)|_FILE$/;

export const rule: Rule = {
  id: 'plaintext-secret',
  severity: 'warning',
  category: 'best-practice',
  doc: 'A password, token or key written in plain text in "environment": use secrets, or a variable from an untracked .env file. The value is never shown.',
  check({ project, report }) {
    for (const s of project.services) {
      const env = get(s.node, 'environment');
      if (!env) continue;
      for (const { key, value } of keyedEntries(env, 'byKeyValue')) {
        const name = String(key.value);
        if (!SECRET_NAME.test(name) || name.endsWith('_FILE')) continue;
        const v = value as ScalarNode;
        if (v.kind !== 'scalar' || v.value === null || v.value === '' || v.interpolated) continue;
        if (typeof v.value === 'string' && (REFERENCE.test(v.value) || v.value.includes('$'))) continue;
        report(v, `"${name}" of service "${s.name}" holds a secret in plain text: move it to a secret or an untracked .env file.`);
      }
    }
  },
};
