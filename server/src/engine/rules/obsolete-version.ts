import { getPair } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'obsolete-version',
  severity: 'hint',
  category: 'best-practice',
  doc: 'The top-level "version" key is obsolete: Compose v2 ignores it.',
  check({ project, report }) {
    for (const root of project.fileRoots.values()) {
      const version = getPair(root, 'version');
      if (version) report(version.key, 'The "version" key is obsolete and ignored by Compose v2; remove it.');
    }
  },
};
