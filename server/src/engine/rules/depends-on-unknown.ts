import { get, namesOf, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

function required(value: YNode | undefined): boolean {
  const r = get(value, 'required');
  return !(r?.kind === 'scalar' && r.value === false);
}

export const rule: Rule = {
  id: 'depends-on-unknown',
  severity: 'error',
  category: 'runtime',
  doc: '"depends_on" names a service that does not exist, or one disabled by the active profiles.',
  check({ project, report }) {
    for (const s of project.services) {
      if (!s.enabled) continue;
      for (const dep of namesOf(get(s.node, 'depends_on'))) {
        const target = project.service(dep.name);
        if (!target) {
          report(dep.node, `Service "${s.name}" depends on undefined service "${dep.name}".`);
        } else if (!target.enabled && required(dep.value)) {
          const profiles = namesOf(get(target.node, 'profiles')).map((p) => p.name).join(', ');
          report(dep.node, `Service "${s.name}" depends on "${dep.name}", which is disabled unless one of its profiles is active (${profiles}).`);
        }
      }
    }
  },
};
