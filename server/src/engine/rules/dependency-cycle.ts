import { splitVolumeSpec } from '../project/merge';
import { get, listItems, namesOf, text, type ScalarNode, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

/** Every way one service makes Compose start another first. */
export function dependencies(service: YNode): { name: string; node: YNode }[] {
  const out: { name: string; node: YNode }[] = namesOf(get(service, 'depends_on')).map((d) => ({ name: d.name, node: d.node }));
  for (const link of listItems(get(service, 'links'))) {
    const name = text(link)?.split(':')[0];
    if (name) out.push({ name, node: link });
  }
  const mode = get(service, 'network_mode');
  const m = /^service:(.*)$/.exec(text(mode) ?? '');
  if (m && mode) out.push({ name: m[1], node: mode });
  for (const from of listItems(get(service, 'volumes_from'))) {
    const value = text(from) ?? '';
    if (!value.startsWith('container:')) out.push({ name: splitVolumeSpec(value)[0], node: from });
  }
  return out;
}

export const rule: Rule = {
  id: 'dependency-cycle',
  severity: 'error',
  category: 'runtime',
  doc: 'Services that depend on each other in a circle (depends_on, links, network_mode, volumes_from) can never start.',
  check({ project, report }) {
    const edges = new Map(project.services.map((s) => [s.name, dependencies(s.node).filter((d) => project.service(d.name))]));
    const state = new Map<string, 'active' | 'done'>();
    const stack: { name: string; via?: YNode }[] = [];
    const reported = new Set<string>();
    const visit = (name: string, via?: YNode) => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'active') {
        const from = stack.findIndex((f) => f.name === name);
        const cycle = [...stack.slice(from), { name, via }];
        const path = cycle.map((f) => f.name).join(' -> ');
        const key = [...cycle.slice(1).map((f) => f.name)].sort().join(',');
        if (reported.has(key)) return;
        reported.add(key);
        for (const step of cycle.slice(1)) {
          if (step.via) report(step.via as ScalarNode, `Dependency cycle: ${path}.`);
        }
        return;
      }
      state.set(name, 'active');
      stack.push({ name, via });
      for (const dep of edges.get(name) ?? []) visit(dep.name, dep.node);
      stack.pop();
      state.set(name, 'done');
    };
    for (const s of project.services) visit(s.name);
  },
};
