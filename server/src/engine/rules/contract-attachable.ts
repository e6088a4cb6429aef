import { createdNetworks } from '../stack/tier-networks';
import { getPair, keyText, truthy } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-attachable',
  severity: 'error',
  category: 'contract',
  doc: 'Stack mode: a network of a tier that forbids attaching is "attachable: true", so any container started on a node can join it.',
  check({ project, contract, target, report }) {
    if (!contract || target !== 'swarm') return;
    for (const tier of contract.tiers.values()) {
      if (tier.attachable) continue;
      for (const def of createdNetworks(project, tier)) {
        const attachable = getPair(def.value, 'attachable');
        if (!attachable || !truthy(attachable.value)) continue;
        report(
          attachable.value,
          `Network "${keyText(def)}" is in tier ${tier.name}, which forbids attaching: with "attachable: true" any container run on a node joins it outside the contract (contract: tiers.${tier.name}.attachable).`,
        );
      }
    }
  },
};
