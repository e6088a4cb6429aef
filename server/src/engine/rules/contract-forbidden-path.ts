import { connections } from '../project/references';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'contract-forbidden-path',
  severity: 'error',
  category: 'contract',
  doc: "A service connects to another one it shares a network with (a URL or host:port in its environment, command or healthcheck, links, external_links), although the contract forbids its tier to reach the other's. depends_on only orders start-up and is not a path.",
  check({ project, contract, report }) {
    if (!contract) return;
    for (const ref of connections(project)) {
      const from = contract.placement(ref.from)?.tier;
      const to = contract.placement(ref.to)?.tier;
      if (!from || !to || contract.mayReach(from, to) || contract.excepted(ref.from, 'contract-forbidden-path')) continue;
      const mine = new Set(project.networksOf(ref.from).map((n) => n.name));
      const shared = project.networksOf(ref.to).find((n) => mine.has(n.name));
      if (!shared) continue;
      report(
        ref.node,
        `Service "${ref.from.name}" (tier ${from.name}) reaches "${ref.to.name}" (tier ${to.name}) through ${ref.kind === 'links' || ref.kind === 'external_links' ? ref.kind : `"${ref.written}"`} over network "${shared.name}", but tier ${from.name} may not reach tier ${to.name} (contract: tiers.${from.name}.reach).`,
      );
    }
  },
};
