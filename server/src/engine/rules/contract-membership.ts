import type { Tier } from '../contract/model';
import type { ServiceEntry } from '../project/model';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-membership',
  severity: 'error',
  category: 'contract',
  doc: 'A service joins a network of a tier its own tier may not reach nor be reached from, or a network that also holds a service of such a tier: Docker connects every pair of containers on a network.',
  check({ project, contract, report }) {
    if (!contract) return;
    // Who is on each network so far, in file order: the membership that completes a forbidden pair is reported.
    const members = new Map<string, { service: ServiceEntry; tier: Tier }[]>();
    const apart = (a: Tier, b: Tier) => !contract.mayReach(a, b) && !contract.mayReach(b, a);
    for (const s of project.services) {
      const home = contract.placement(s)?.tier;
      if (!home || contract.excepted(s, 'contract-membership')) continue;
      for (const n of project.networksOf(s)) {
        const owner = contract.tierOfNetwork(n.name);
        const earlier = members.get(n.name) ?? [];
        if (owner && apart(home, owner)) {
          const allowed = home.reach.map((r) => r.name).join(', ') || 'none';
          report(
            n.node,
            `Service "${s.name}" (tier ${home.name}) joins network "${n.name}" of tier ${owner.name}, but neither tier may reach the other (contract: tiers.${home.name}.reach is ${allowed}).`,
          );
          continue;
        }
        // A membership already reported stays out of later pairs: one finding per wrong membership.
        const other = earlier.find((m) => apart(home, m.tier));
        if (!other) members.set(n.name, [...earlier, { service: s, tier: home }]);
        else {
          report(
            n.node,
            `Service "${s.name}" (tier ${home.name}) joins network "${n.name}", which "${other.service.name}" (tier ${other.tier.name}) is on: Docker connects them, but neither tier may reach the other (contract: tiers.${home.name}.reach, tiers.${other.tier.name}.reach).`,
          );
        }
      }
    }
  },
};
