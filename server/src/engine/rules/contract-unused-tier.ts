import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-unused-tier',
  severity: 'warning',
  category: 'contract',
  doc: 'A tier of the network contract that no service belongs to.',
  check({ project, contract, report }) {
    if (!contract) return;
    const used = new Set(project.services.map((s) => contract.placement(s)?.tier.name));
    for (const tier of contract.tiers.values()) {
      if (!used.has(tier.name)) report(tier.key, `No service belongs to tier "${tier.name}".`);
    }
  },
};
