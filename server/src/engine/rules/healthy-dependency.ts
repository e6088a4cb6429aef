import { healthcheckState } from '../project/health';
import { get, namesOf, text } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'healthy-dependency',
  severity: 'warning',
  category: 'project',
  doc: '"condition: service_healthy" on a service with no healthcheck in the project: the start waits forever or fails, unless the image defines one.',
  check({ project, report }) {
    for (const s of project.services) {
      for (const dep of namesOf(get(s.node, 'depends_on'))) {
        const condition = get(dep.value, 'condition');
        if (text(condition) !== 'service_healthy' || !condition) continue;
        const target = project.service(dep.name);
        if (!target) continue;
        const state = healthcheckState(target.node);
        const disabled = state === 'disabled';
        if (state !== 'defined') {
          report(
            condition,
            `Service "${s.name}" waits for "${dep.name}" to be healthy, but "${dep.name}" ${disabled ? 'disables its healthcheck' : 'has no healthcheck'}: unless its image defines one, the start will fail.`,
          );
        }
      }
    }
  },
};
