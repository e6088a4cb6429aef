import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-unassigned',
  severity: 'warning',
  category: 'contract',
  doc: 'A service or a network that the network contract places in no tier, or a network no service uses.',
  check({ project, contract, report }) {
    if (!contract) return;
    for (const s of project.services) {
      if (contract.excepted(s, 'contract-unassigned')) continue;
      if (!contract.placement(s))
        report(s.key, `Service "${s.name}" is in no tier of the network contract: add it under "services" in the contract, or label it com.compose-mesh.tier.`);
      else if (project.networksOf(s).some((n) => n.name === 'default' && n.node === s.key) && !contract.tierOfNetwork('default')) {
        report(s.key, `Service "${s.name}" joins the implicit "default" network, which is in no tier: give it "networks".`);
      }
    }
    const used = new Set(project.services.flatMap((s) => project.networksOf(s).map((n) => n.name)));
    for (const n of project.resources('networks')) {
      const name = String(n.key.value);
      if (contract.tierOfNetwork(name)) continue;
      report(
        n.key,
        used.has(name)
          ? `Network "${name}" is in no tier of the network contract: add it to the "networks" of a tier.`
          : `Network "${name}" is used by no service: remove it.`,
      );
    }
  },
};
