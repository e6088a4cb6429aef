import { getPair, isMap, keyText, truthy } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'external-attributes',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: 'An external volume or network is not created by Compose, so it takes no other attribute than "name".',
  check({ project, report }) {
    for (const kind of ['volumes', 'networks'] as const) {
      for (const pair of project.resources(kind)) {
        const ext = getPair(pair.value, 'external');
        if (!ext || !(truthy(ext.value) || isMap(ext.value)) || !isMap(pair.value)) continue;
        for (const other of pair.value.pairs) {
          const k = keyText(other);
          if (k === 'external' || k === 'name' || k.startsWith('x-')) continue;
          report(other.key, `The ${kind.slice(0, -1)} "${keyText(pair)}" is external: "${k}" cannot be set (conflicting parameters "external" and "${k}").`);
        }
      }
    }
  },
};
