import { parseMount } from '../project/mounts';
import { get, listItems, namesOf, text, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'undefined-reference',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  profileScoped: true,
  doc: 'A service refers to a network, volume, secret, config or model that the project does not define.',
  check({ project, report }) {
    const missing = (node: YNode, service: string, kind: string, name: string) =>
      report(node, `Service "${service}" refers to undefined ${kind} "${name}": add it under the top-level "${kind}s" key.`);
    for (const s of project.services) {
      for (const { name, node } of namesOf(get(s.node, 'networks'))) {
        if (name !== 'default' && !project.resource('networks', name)) missing(node, s.name, 'network', name);
      }
      for (const item of listItems(get(s.node, 'volumes'))) {
        const m = parseMount(item);
        if (m?.type === 'volume' && m.source && !project.resource('volumes', m.source)) missing(m.sourceNode, s.name, 'volume', m.source);
      }
      for (const kind of ['secrets', 'configs'] as const) {
        for (const item of listItems(get(s.node, kind))) {
          const source = item.kind === 'map' ? get(item, 'source') : item;
          // The long syntax without a source names no secret or config at all: the runtime refuses it.
          if (item.kind === 'map' && !source) {
            report(item, `Service "${s.name}" has a ${kind.slice(0, -1)} entry without "source": name the ${kind.slice(0, -1)} to mount.`);
            continue;
          }
          const name = text(source);
          if (source && name !== undefined && !project.resource(kind, name)) missing(source, s.name, kind.slice(0, -1), name);
        }
      }
      for (const { name, node } of namesOf(get(s.node, 'models'))) {
        if (!project.resource('models', name)) missing(node, s.name, 'model', name);
      }
    }
  },
};
