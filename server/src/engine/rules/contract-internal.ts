import { getPair, truthy } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-internal',
  severity: 'error',
  category: 'contract',
  doc: 'A network of a tier that the contract requires to be internal is not "internal: true".',
  check({ project, contract, report }) {
    if (!contract) return;
    for (const tier of contract.tiers.values()) {
      if (!tier.internal) continue;
      for (const n of tier.networks) {
        const def = project.resource('networks', n.name);
        if (!def) {
          if (n.name === 'default')
            report(n.node, `Tier "${tier.name}" must be internal, but the implicit "default" network is not: define it with "internal: true".`);
          continue;
        }
        if (truthy(getPair(def.value, 'external')?.value)) continue;
        const internal = getPair(def.value, 'internal');
        if (!internal || !truthy(internal.value)) {
          report(
            internal?.value ?? def.key,
            `Network "${n.name}" is in tier ${tier.name}, which must be internal: set "internal: true" (contract: tiers.${tier.name}.internal).`,
          );
        }
      }
    }
  },
};
