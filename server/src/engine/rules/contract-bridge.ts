import type { Tier } from '../contract/model';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-bridge',
  severity: 'error',
  category: 'contract',
  doc: "A service on the networks of two tiers that may not reach each other, directly or through the service's own tier.",
  check({ project, contract, report }) {
    if (!contract) return;
    const may = (a: Tier, b: Tier) => contract.mayReach(a, b) || contract.mayReach(b, a);
    for (const s of project.services) {
      const home = contract.placement(s)?.tier;
      if (!home || contract.excepted(s, 'contract-bridge')) continue;
      const joined: { tier: Tier }[] = [];
      for (const n of project.networksOf(s)) {
        const tier = contract.tierOfNetwork(n.name);
        if (!tier || tier === home || joined.some((j) => j.tier === tier)) continue;
        const other = joined.find(
          (j) =>
            !may(j.tier, tier) &&
            !(contract.mayReach(j.tier, home) && contract.mayReach(home, tier)) &&
            !(contract.mayReach(tier, home) && contract.mayReach(home, j.tier)),
        );
        if (other) {
          report(
            n.node,
            `Service "${s.name}" bridges tiers ${other.tier.name} and ${tier.name}, which may not reach each other (contract: tiers.${other.tier.name}.reach, tiers.${tier.name}.reach).`,
          );
        }
        joined.push({ tier });
      }
    }
  },
};
