import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-membership',
  severity: 'error',
  category: 'contract',
  doc: 'A service joins a network of a tier that its own tier may not reach, nor be reached from.',
  check({ project, contract, report }) {
    if (!contract) return;
    for (const s of project.services) {
      const home = contract.placement(s)?.tier;
      if (!home || contract.excepted(s, 'contract-membership')) continue;
      for (const n of project.networksOf(s)) {
        const tier = contract.tierOfNetwork(n.name);
        if (!tier || contract.mayReach(home, tier) || contract.mayReach(tier, home)) continue;
        const allowed = home.reach.map((r) => r.name).join(', ') || 'none';
        report(
          n.node,
          `Service "${s.name}" (tier ${home.name}) joins network "${n.name}" of tier ${tier.name}, but neither tier may reach the other (contract: tiers.${home.name}.reach is ${allowed}).`,
        );
      }
    }
  },
};
