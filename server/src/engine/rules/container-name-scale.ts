import { get, getPair, getPath, text } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'container-name-scale',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  profileScoped: true,
  doc: '"container_name" cannot be combined with more than one replica (scale or deploy.replicas).',
  check({ project, target, report }) {
    // Compose-only: a stack ignores container_name (stack-ignored says so).
    if (target === 'swarm') return;
    for (const s of project.services) {
      const name = getPair(s.node, 'container_name');
      if (!name) continue;
      for (const [label, node] of [
        ['scale', get(s.node, 'scale')],
        ['deploy.replicas', getPath(s.node, 'deploy', 'replicas')],
      ] as const) {
        const n = Number(text(node));
        if (node && n > 1) report(node, `Service "${s.name}" sets container_name "${text(name.value)}" and ${label}: ${n}; a container name must be unique.`);
      }
    }
  },
};
