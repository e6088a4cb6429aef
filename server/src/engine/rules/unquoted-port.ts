import { get, listItems } from '../yaml/nodes';
import type { Rule } from './rule';

/**
 * YAML 1.1's base-60 integer: `[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`. Only such mappings are
 * misread (22:22 is 1342); 80:80 or 3000:3000 have a part of 60 or more and stay text.
 */
const SEXAGESIMAL = /^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$/;

export const rule: Rule = {
  id: 'unquoted-port',
  severity: 'info',
  category: 'best-practice',
  scope: 'service',
  doc: 'An unquoted port mapping that YAML 1.1 readers (docker-compose v1, many tools) take for a base-60 number, such as 22:22 (1342).',
  check({ project, report }) {
    for (const s of project.services) {
      for (const item of listItems(get(s.node, 'ports'))) {
        if (item.kind !== 'scalar' || item.quoted || typeof item.value !== 'string' || !SEXAGESIMAL.test(item.value)) continue;
        const number = item.value
          .replace(/^[-+]/, '')
          .replaceAll('_', '')
          .split(':')
          .reduce((n, p) => n * 60 + Number(p), 0);
        report(item, `Quote the port mapping "${item.value}" of service "${s.name}": a YAML 1.1 reader sees the number ${number}.`);
      }
    }
  },
};
