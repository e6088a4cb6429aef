import { get, text } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-network-mode',
  severity: 'error',
  category: 'contract',
  doc: 'A network_mode that bypasses the tiers: host, bridge, container:…, or service:… of another tier.',
  check({ project, contract, report }) {
    if (!contract) return;
    for (const s of project.services) {
      const node = get(s.node, 'network_mode');
      const mode = text(node);
      if (!node || mode === undefined || mode === 'none' || contract.excepted(s, 'contract-network-mode')) continue;
      const tier = contract.placement(s)?.tier;
      const shared = /^service:(.*)$/.exec(mode)?.[1];
      if (shared) {
        const target = project.service(shared);
        const other = target ? contract.placement(target)?.tier : undefined;
        if (!tier || !other || other === tier) continue;
        report(node, `Service "${s.name}" (tier ${tier.name}) shares the network stack of "${shared}" (tier ${other.name}): network_mode bypasses the tiers.`);
      } else {
        report(node, `Service "${s.name}" uses network_mode "${mode}", which bypasses the network tiers of the contract.`);
      }
    }
  },
};
