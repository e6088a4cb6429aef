import { get, text } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'network-mode-service',
  severity: 'error',
  category: 'runtime',
  profileScoped: true,
  doc: '"network_mode: service:NAME" (and the same form of ipc and pid) must name a service of the project.',
  check({ project, report }) {
    for (const s of project.services) {
      for (const field of ['network_mode', 'ipc', 'pid']) {
        const node = get(s.node, field);
        const m = /^service:(.*)$/.exec(text(node) ?? '');
        if (node && m && !project.service(m[1])) {
          report(node, `Service "${s.name}" uses ${field} "service:${m[1]}", but there is no service "${m[1]}".`);
        }
      }
    }
  },
};
