import { getPair, truthy } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'privileged',
  severity: 'warning',
  category: 'best-practice',
  scope: 'service',
  doc: 'A privileged container has every capability and every host device: grant only the capabilities it needs (cap_add).',
  check({ project, report }) {
    for (const s of project.services) {
      const p = getPair(s.node, 'privileged');
      if (p && truthy(p.value))
        report(p.key, `Service "${s.name}" runs privileged: it can take over the host. Grant only the capabilities it needs with "cap_add".`);
    }
  },
};
