import { get } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'image-or-build',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  profileScoped: true,
  doc: 'A service needs an image or a build (a provider-managed service needs neither).',
  check({ project, report }) {
    for (const s of project.services) {
      // A service whose `extends` could not be resolved is reported by the extends rule.
      if (get(s.node, 'image') || get(s.node, 'build') || get(s.node, 'provider') || get(s.node, 'extends')) continue;
      report(s.key, `Service "${s.name}" has neither an image nor a build context.`);
    }
  },
};
