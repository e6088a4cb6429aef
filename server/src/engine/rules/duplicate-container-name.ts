import type { ServiceEntry } from '../project/model';
import { get, namesOf, text, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

const profilesOf = (s: ServiceEntry) => namesOf(get(s.node, 'profiles')).map((p) => p.name);

/**
 * Whether some choice of profiles runs both services (both run now, one has no profile, or they
 * share one). Two services in profiles of their own are alternatives, as a CPU and a GPU variant
 * that take one name from a shared anchor: Compose refuses them only when both are activated.
 */
function runTogether(a: ServiceEntry, b: ServiceEntry): boolean {
  if (a.enabled && b.enabled) return true;
  const pa = profilesOf(a);
  const pb = profilesOf(b);
  return pa.length === 0 || pb.length === 0 || pa.some((p) => pb.includes(p));
}

export const rule: Rule = {
  id: 'duplicate-container-name',
  severity: 'error',
  category: 'project',
  profileScoped: true,
  doc: 'Two services that can run together set the same container_name (Compose 2.40 rejects it at config; older ones at up).',
  check({ project, target, report }) {
    // Compose-only: a stack ignores container_name (stack-ignored says so).
    if (target === 'swarm') return;
    const seen = new Map<string, { service: ServiceEntry; node: YNode }[]>();
    for (const s of project.services) {
      const node = get(s.node, 'container_name');
      const name = text(node);
      if (!node || !name) continue;
      const earlier = seen.get(name) ?? [];
      const first = earlier.find((e) => e.service.enabled && s.enabled) ?? earlier.find((e) => runTogether(e.service, s));
      // The finding is real once both run: it is about whichever of the two is disabled.
      if (first) report(node, `Container name "${name}" is already used by service "${first.service.name}".`, { service: s.enabled ? first.service : s });
      seen.set(name, [...earlier, { service: s, node }]);
    }
  },
};
