import { isPattern } from '../contract/model';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-reference',
  severity: 'error',
  category: 'contract',
  doc: 'The network contract names a tier, network or service that does not exist, or puts a network in two tiers.',
  check({ project, contract, report }) {
    if (!contract) return;
    const owner = new Map<string, string>();
    for (const tier of contract.tiers.values()) {
      for (const r of tier.reach) if (!contract.tiers.has(r.name)) report(r.node, `Unknown tier "${r.name}" in the reach of tier "${tier.name}".`);
      for (const n of tier.networks) {
        if (n.name !== 'default' && !project.resource('networks', n.name)) {
          report(n.node, `Tier "${tier.name}" names network "${n.name}", which the compose project does not define.`);
        }
        const first = owner.get(n.name);
        if (first && first !== tier.name) report(n.node, `Network "${n.name}" is already in tier "${first}": a network belongs to one tier.`);
        else owner.set(n.name, tier.name);
      }
    }
    for (const a of contract.assignments) {
      if (!contract.tiers.has(a.tierName)) report(a.value, `Unknown tier "${a.tierName}" for service "${a.pattern}".`);
      if (!isPattern(a.pattern) && !project.service(a.pattern))
        report(a.key, `The contract places service "${a.pattern}", which the compose project does not define.`);
    }
  },
};
