import { healthcheckState, imageHealth } from '../project/health';
import { get, namesOf, text } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'healthy-dependency',
  severity: 'warning',
  category: 'project',
  doc: '"condition: service_healthy" on a service with no healthcheck, neither in the project nor in the Dockerfile it is built from: the start waits forever or fails. An image is inspected on the engine where one answers (the editor, --live); otherwise it is named as not checked.',
  check({ project, report }) {
    for (const s of project.services) {
      for (const dep of namesOf(get(s.node, 'depends_on'))) {
        const condition = get(dep.value, 'condition');
        if (text(condition) !== 'service_healthy' || !condition) continue;
        const target = project.service(dep.name);
        if (!target) continue;
        const state = healthcheckState(target.node);
        if (state === 'defined') continue;
        const waits = `Service "${s.name}" waits for "${dep.name}" to be healthy, but "${dep.name}"`;
        if (state === 'disabled') {
          report(condition, `${waits} disables its healthcheck (the image's too): the start will fail.`);
          continue;
        }
        const image = imageHealth(project, target.node);
        if (image.state === 'defined') continue;
        if (image.state === 'unknown')
          report(condition, `${waits} has no healthcheck in the project, and ${image.why}: unless that image defines one, the start will fail.`);
        else report(condition, `${waits} has no healthcheck, and ${image.from} defines none: the start will fail.`);
      }
    }
  },
};
