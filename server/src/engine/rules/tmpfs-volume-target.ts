import { parseMount } from '../project/mounts';
import { get, listItems, text } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'tmpfs-volume-target',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: 'A tmpfs and a volume (or two mounts) of one service cannot share a target path.',
  check({ project, report }) {
    for (const s of project.services) {
      const seen = new Map<string, string>();
      for (const item of listItems(get(s.node, 'tmpfs'))) {
        const target = text(item)?.split(':')[0];
        if (target) seen.set(target, 'tmpfs');
      }
      for (const item of listItems(get(s.node, 'volumes'))) {
        const m = parseMount(item);
        if (!m?.target) continue;
        const first = seen.get(m.target);
        if (first) report(item, `Service "${s.name}" mounts "${m.target}" twice (${first} and this ${m.type} mount).`);
        else seen.set(m.target, m.type === 'tmpfs' ? 'tmpfs' : `${m.type} mount`);
      }
    }
  },
};
