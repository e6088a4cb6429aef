import { get, getPair, truthy, written, type ScalarNode } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'secret-config-source',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: 'A secret needs "file" or "environment" (a config also "content"), exactly one of them, unless it is external.',
  check({ project, report }) {
    for (const kind of ['secrets', 'configs'] as const) {
      const word = kind.slice(0, -1);
      const sources = kind === 'secrets' ? ['file', 'environment'] : ['file', 'environment', 'content'];
      for (const pair of project.resources(kind)) {
        if (truthy(get(pair.value, 'external'))) continue;
        const present = sources.map((k) => getPair(pair.value, k)).filter((p) => p !== undefined);
        const name = String(pair.key.value);
        if (present.length === 0) {
          const options = kind === 'secrets' ? '"file" or "environment"' : '"file", "environment" or "content"';
          report(pair.key, `The ${word} "${name}" must declare ${options} (or be external).`);
        } else if (
          kind === 'secrets' &&
          present.length === 1 &&
          present[0].key.value === 'environment' &&
          present[0].value.kind === 'scalar' &&
          present[0].value.value === ''
        ) {
          // An empty file path still names the project directory; an empty variable name names nothing.
          const value = present[0].value as ScalarNode;
          const shown = value.interpolated ? `"${written(value)}" (empty after interpolation)` : 'an empty value';
          report(value, `The secret "${name}" has ${shown} as "environment": Compose needs the name of a variable to read it from.`);
        } else if (present.length > 1) {
          report(present[1].key, `The ${word} "${name}" declares ${present.map((p) => `"${p.key.value}"`).join(' and ')}; they are mutually exclusive.`);
        }
      }
    }
  },
};
