import type { Tier } from '../contract/model';
import { get, namesOf, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-alias-collision',
  severity: 'error',
  category: 'contract',
  doc: 'The same DNS name (service name or network alias) is given by different services on networks of different tiers.',
  check({ project, contract, report }) {
    if (!contract) return;
    const seen = new Map<string, { service: string; tier: Tier }>();
    for (const s of project.services) {
      const names: { name: string; node: YNode; network: string }[] = [];
      const networks = get(s.node, 'networks');
      for (const n of project.networksOf(s)) {
        names.push({ name: s.name, node: s.key, network: n.name });
        if (networks?.kind === 'map')
          for (const a of namesOf(get(get(networks, n.name), 'aliases'))) names.push({ name: a.name, node: a.node, network: n.name });
      }
      for (const { name, node, network } of names) {
        const tier = contract.tierOfNetwork(network);
        if (!tier) continue;
        const first = seen.get(name);
        if (!first) seen.set(name, { service: s.name, tier });
        else if (first.service !== s.name && first.tier !== tier) {
          report(
            node,
            `The name "${name}" resolves to service "${first.service}" in tier ${first.tier.name} and to "${s.name}" in tier ${tier.name}: a service on both tiers cannot tell them apart.`,
          );
        }
      }
    }
  },
};
