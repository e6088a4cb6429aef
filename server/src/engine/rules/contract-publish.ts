import { isAllInterfaces, parsePort } from '../project/ports';
import { swarmPublishing } from '../stack/publishing';
import { get, listItems } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-publish',
  severity: 'error',
  category: 'contract',
  doc: 'A published port in a tier that may not publish, or bound to a host IP the tier may not use (on a swarm, every port publishes on all interfaces).',
  check({ project, contract, target, report }) {
    if (!contract) return;
    for (const s of project.services) {
      const tier = contract.placement(s)?.tier;
      if (!tier || tier.publish === true || contract.excepted(s, 'contract-publish')) continue;
      for (const item of listItems(get(s.node, 'ports'))) {
        const b = parsePort(item);
        const swarm = target === 'swarm' ? swarmPublishing(item) : undefined;
        if (!swarm && !b?.host && !(item.kind === 'map' && get(item, 'published'))) continue;
        if (tier.publish === false) {
          report(item, `Service "${s.name}" publishes a port${swarm ? ` ${swarm}` : ''}, but tier ${tier.name} may not publish ports (contract: tiers.${tier.name}.publish).`);
        } else if (swarm ? !tier.publish.some(isAllInterfaces) : !tier.publish.includes(b?.hostIp ?? '')) {
          const where = swarm ?? (!b || isAllInterfaces(b.hostIp) ? 'on all interfaces' : `on ${b.hostIp}`);
          report(item, `Service "${s.name}" publishes a port ${where}, but tier ${tier.name} may publish only on ${tier.publish.join(', ')} (contract: tiers.${tier.name}.publish).`);
        }
      }
    }
  },
};
