import { get, listItems } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'unquoted-port',
  severity: 'info',
  category: 'best-practice',
  doc: 'A port mapping written without quotes: YAML 1.1 readers (docker-compose v1, many tools) take 22:22 for the base-60 number 1342.',
  check({ project, report }) {
    for (const s of project.services) {
      for (const item of listItems(get(s.node, 'ports'))) {
        if (item.kind !== 'scalar' || item.quoted || typeof item.value !== 'string' || !item.value.includes(':')) continue;
        const parts = item.value.split(':');
        const sexagesimal = parts.every((p) => /^\d+$/.test(p)) && Number(parts[parts.length - 1]) < 60;
        const reading = sexagesimal ? ` (a YAML 1.1 reader sees the number ${parts.reduce((n, p) => n * 60 + Number(p), 0)})` : '';
        report(item, `Quote the port mapping "${item.value}" of service "${s.name}"${reading}.`);
      }
    }
  },
};
