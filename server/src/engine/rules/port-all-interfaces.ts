import { isAllInterfaces, parsePort } from '../project/ports';
import { get, listItems } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'port-all-interfaces',
  severity: 'info',
  category: 'best-practice',
  scope: 'service',
  doc: 'A port published on every host interface; bind it to 127.0.0.1 unless it must be reachable from other machines.',
  check({ project, target, report }) {
    // Compose-only: a swarm drops the host IP (stack-ignored says so).
    if (target === 'swarm') return;
    for (const s of project.services) {
      for (const item of listItems(get(s.node, 'ports'))) {
        const b = parsePort(item);
        if (b?.host && isAllInterfaces(b.hostIp)) {
          report(
            item,
            `Port ${b.host.from}${b.host.to !== b.host.from ? `-${b.host.to}` : ''} of service "${s.name}" is published on all interfaces; prefix it with 127.0.0.1: if only this machine needs it.`,
          );
        }
      }
    }
  },
};
