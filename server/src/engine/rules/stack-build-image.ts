import { get, getPair } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'stack-build-image',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: 'Stack mode: a service with "build" but no "image"; a swarm does not build, so the deploy fails.',
  check({ project, target, report }) {
    if (target !== 'swarm') return;
    for (const s of project.services) {
      const build = getPair(s.node, 'build');
      if (!build || get(s.node, 'image')) continue;
      report(
        build.key,
        `Service "${s.name}" has no image to run: docker stack deploy does not build and stops with "invalid image reference for service ${s.name}: no image specified". Build and push an image and name it in "image".`,
      );
    }
  },
};
