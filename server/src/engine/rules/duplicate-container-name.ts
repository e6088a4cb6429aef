import { get, text, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'duplicate-container-name',
  severity: 'error',
  category: 'project',
  profileScoped: true,
  doc: 'Two services set the same container_name; the second one cannot be created.',
  check({ project, target, report }) {
    // Compose-only: a stack ignores container_name (stack-ignored says so).
    if (target === 'swarm') return;
    const seen = new Map<string, { service: string; node: YNode }>();
    for (const s of project.services) {
      const node = get(s.node, 'container_name');
      const name = text(node);
      if (!node || !name) continue;
      const first = seen.get(name);
      if (first) report(node, `Container name "${name}" is already used by service "${first.service}".`);
      else seen.set(name, { service: s.name, node });
    }
  },
};
