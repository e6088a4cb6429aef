import { splitVolumeSpec } from '../project/merge';
import { get, listItems, namesOf, text, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

function required(value: YNode | undefined): boolean {
  const r = get(value, 'required');
  return !(r?.kind === 'scalar' && r.value === false);
}

export const rule: Rule = {
  id: 'depends-on-unknown',
  severity: 'error',
  category: 'runtime',
  doc: '"depends_on", "links" or "volumes_from" names a service that does not exist, or one disabled by the active profiles.',
  check({ project, report }) {
    for (const s of project.services) {
      if (!s.enabled) continue;
      for (const dep of namesOf(get(s.node, 'depends_on'))) {
        const target = project.service(dep.name);
        if (!target) {
          report(dep.node, `Service "${s.name}" depends on undefined service "${dep.name}".`);
        } else if (!target.enabled && required(dep.value)) {
          const profiles = namesOf(get(target.node, 'profiles'))
            .map((p) => p.name)
            .join(', ');
          report(dep.node, `Service "${s.name}" depends on "${dep.name}", which is disabled unless one of its profiles is active (${profiles}).`);
        }
      }
      // links and volumes_from make Compose start the named service first, like depends_on.
      for (const link of listItems(get(s.node, 'links'))) {
        const name = text(link)?.split(':')[0];
        if (name !== undefined && !project.service(name)) report(link, `Service "${s.name}" links to undefined service "${name}".`);
      }
      for (const from of listItems(get(s.node, 'volumes_from'))) {
        const value = text(from);
        if (value === undefined || value.startsWith('container:')) continue;
        const name = splitVolumeSpec(value)[0];
        if (!project.service(name)) report(from, `Service "${s.name}" takes volumes from undefined service "${name}".`);
      }
    }
  },
};
