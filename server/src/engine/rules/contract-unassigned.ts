import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-unassigned',
  severity: 'warning',
  category: 'contract',
  doc: 'A service or a network that the network contract places in no tier.',
  check({ project, contract, report }) {
    if (!contract) return;
    for (const s of project.services) {
      if (contract.excepted(s, 'contract-unassigned')) continue;
      if (!contract.placement(s)) report(s.key, `Service "${s.name}" is in no tier of the network contract: add it under "services" in the contract, or label it com.compose-mesh.tier.`);
      else if (project.networksOf(s).some((n) => n.name === 'default' && n.node === s.key) && !contract.tierOfNetwork('default')) {
        report(s.key, `Service "${s.name}" joins the implicit "default" network, which is in no tier: give it "networks".`);
      }
    }
    for (const n of project.resources('networks')) {
      const name = String(n.key.value);
      if (!contract.tierOfNetwork(name)) report(n.key, `Network "${name}" is in no tier of the network contract.`);
    }
  },
};
