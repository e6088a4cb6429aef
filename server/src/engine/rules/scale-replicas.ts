import { get, getPath, text } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'scale-replicas',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: '"scale" and "deploy.replicas" must agree when both are set.',
  check({ project, report }) {
    for (const s of project.services) {
      const scale = get(s.node, 'scale');
      const replicas = getPath(s.node, 'deploy', 'replicas');
      if (scale && replicas && Number(text(scale)) !== Number(text(replicas))) {
        report(replicas, `Service "${s.name}" sets scale: ${text(scale)} and deploy.replicas: ${text(replicas)}; they must be equal.`);
      }
    }
  },
};
