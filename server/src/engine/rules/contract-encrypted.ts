import { createdNetworks } from '../stack/tier-networks';
import { getPair, getPath, keyText } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-encrypted',
  severity: 'error',
  category: 'contract',
  doc: 'Stack mode: a network of a tier that the contract requires to be encrypted has no "driver_opts: {encrypted: \\"\\"}".',
  check({ project, contract, target, report }) {
    if (!contract || target !== 'swarm') return;
    for (const tier of contract.tiers.values()) {
      if (!tier.encrypted) continue;
      for (const def of createdNetworks(project, tier)) {
        if (getPair(getPath(def.value, 'driver_opts'), 'encrypted')) continue;
        report(
          getPair(def.value, 'driver_opts')?.key ?? def.key,
          `Network "${keyText(def)}" is in tier ${tier.name}, which must be encrypted: add driver_opts: {encrypted: ""} so its overlay traffic between nodes is encrypted (contract: tiers.${tier.name}.encrypted).`,
        );
      }
    }
  },
};
