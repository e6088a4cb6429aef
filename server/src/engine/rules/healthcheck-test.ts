import { get, getPair, text, truthy } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'healthcheck-test',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: 'A healthcheck test list must start with CMD, CMD-SHELL or NONE, and cannot be combined with "disable: true".',
  check({ project, report }) {
    for (const s of project.services) {
      const hc = get(s.node, 'healthcheck');
      const test = get(hc, 'test');
      if (test?.kind === 'seq') {
        const first = test.items[0];
        const word = text(first);
        if (!first) report(test, `The healthcheck test of service "${s.name}" is an empty list: start it with "CMD", "CMD-SHELL" or "NONE".`);
        else if (!['CMD', 'CMD-SHELL', 'NONE'].includes(word ?? '')) {
          report(first, `The healthcheck test of service "${s.name}" must start with "CMD", "CMD-SHELL" or "NONE", not "${word ?? ''}".`);
        }
      }
      const disable = getPair(hc, 'disable');
      if (disable && truthy(disable.value) && test && !(test.kind === 'seq' && text(test.items[0]) === 'NONE')) {
        report(disable.key, `The healthcheck of service "${s.name}" sets both "test" and "disable: true".`);
      }
    }
  },
};
