import { replicas } from '../stack/placement';
import { get, listItems, text } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'stack-host-port-replicas',
  severity: 'warning',
  category: 'runtime',
  scope: 'service',
  doc: 'Stack mode: a fixed port in host mode with several replicas; a node runs one such task, the rest stay pending when nodes run out.',
  check({ project, target, report }) {
    if (target !== 'swarm') return;
    for (const s of project.services) {
      const n = replicas(s);
      if (n === undefined || n < 2) continue;
      for (const item of listItems(get(s.node, 'ports'))) {
        const published = text(get(item, 'published'));
        if (text(get(item, 'mode')) !== 'host' || published === undefined) continue;
        report(
          item,
          `Service "${s.name}" publishes port ${published} in host mode with ${n} replicas: each node can run only one of them, and with fewer than ${n} nodes the rest stay pending ("no suitable node (host-mode port already in use on 1 node)"). Use mode: global, or the ingress mode.`,
        );
      }
    }
  },
};
