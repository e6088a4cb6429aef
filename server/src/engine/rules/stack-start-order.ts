import { servicesByFile } from '../stack/files';
import { getPair, isSeq } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'stack-start-order',
  severity: 'info',
  category: 'runtime',
  doc: 'Stack mode: "depends_on" is accepted but a swarm starts services in no order; a service must wait for its dependencies itself.',
  check({ project, target, report }) {
    if (target !== 'swarm') return;
    for (const s of servicesByFile(project)) {
      const dependsOn = getPair(s.node, 'depends_on');
      if (dependsOn && isSeq(dependsOn.value)) {
        report(dependsOn.key, `A swarm keeps no start order: service "${s.name}" may start before what it depends on, so it must retry until they answer.`);
      }
    }
  },
};
