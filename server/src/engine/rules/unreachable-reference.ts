import { connections } from '../project/references';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'unreachable-reference',
  severity: 'warning',
  category: 'project',
  doc: 'A service names another one (links, a URL or host:port in its environment, command or healthcheck) but they share no network: the name will not resolve.',
  check({ project, report }) {
    for (const ref of connections(project)) {
      const mine = new Set(project.networksOf(ref.from).map((n) => n.name));
      if (project.networksOf(ref.to).some((n) => mine.has(n.name))) continue;
      const what = ref.kind === 'links' || ref.kind === 'external_links' ? 'links to' : `refers to "${ref.written}" of`;
      report(ref.node, `Service "${ref.from.name}" ${what} service "${ref.to.name}", but they share no network: "${ref.to.name}" will not resolve.`);
    }
  },
};
