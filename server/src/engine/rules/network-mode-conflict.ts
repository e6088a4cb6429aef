import { getPair } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'network-mode-conflict',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  profileScoped: true,
  doc: '"network_mode" and "networks" cannot be used together on one service.',
  check({ project, report }) {
    for (const s of project.services) {
      const mode = getPair(s.node, 'network_mode');
      if (mode && getPair(s.node, 'networks')) {
        report(mode.key, `Service "${s.name}" declares both "network_mode" and "networks"; they are mutually exclusive.`);
      }
    }
  },
};
