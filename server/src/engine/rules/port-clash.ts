import * as path from 'node:path';
import { clashes, parsePort, type PortBinding } from '../project/ports';
import { get, listItems, namesOf } from '../yaml/nodes';
import type { Rule } from './rule';

function describe(b: PortBinding): string {
  const ports = b.host ? (b.host.from === b.host.to ? `${b.host.from}` : `${b.host.from}-${b.host.to}`) : '';
  return `${b.hostIp ? `${b.hostIp}:` : ''}${ports}/${b.protocol}`;
}

export const rule: Rule = {
  id: 'port-clash',
  severity: 'error',
  category: 'project',
  doc: 'Two published ports compete for the same host port (ranges, protocols and host IPs considered).',
  check({ project, report }) {
    const seen: { service: string; profiles: string[]; binding: PortBinding }[] = [];
    for (const s of project.services) {
      const profiles = namesOf(get(s.node, 'profiles')).map((p) => p.name);
      for (const item of listItems(get(s.node, 'ports'))) {
        const binding = parsePort(item);
        if (!binding?.host) continue;
        const other = seen.find(
          (o) =>
            clashes(o.binding, binding) &&
            // Services that can never run together (disjoint profiles) may share a port.
            !(o.profiles.length && profiles.length && !o.profiles.some((p) => profiles.includes(p))),
        );
        if (other) {
          const where = other.binding.node.file === item.file ? `line ${item.file.positionAt(other.binding.node.start).line + 1}` : path.basename(other.binding.node.file.path);
          const owner = other.service === s.name ? 'this service' : `service "${other.service}"`;
          report(item, `Host port ${describe(binding)} is already published by ${owner} (${describe(other.binding)}, ${where}).`);
        }
        seen.push({ service: s.name, profiles, binding });
      }
    }
  },
};
