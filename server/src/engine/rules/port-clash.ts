import * as path from 'node:path';
import { clashes, parsePort, validRange, type PortBinding } from '../project/ports';
import { get, listItems, namesOf } from '../yaml/nodes';
import type { Rule } from './rule';

function describe(b: PortBinding): string {
  const ports = b.host ? (b.host.from === b.host.to ? `${b.host.from}` : `${b.host.from}-${b.host.to}`) : '';
  return `${b.hostIp ? `${b.hostIp}:` : ''}${ports}/${b.protocol}`;
}

interface Published {
  /** Position in publishing order: a clash is reported against the first earlier binding. */
  order: number;
  service: string;
  profiles: string[];
  binding: PortBinding;
}

/**
 * Ranges wider than this are not spread over the per-port index: they are few, and each is
 * compared with every binding instead (a file of many wide ranges costs what it did before).
 */
const WIDE_RANGE = 256;

/**
 * Published bindings indexed by protocol and host port, so that finding the first earlier
 * binding that competes for a port costs the width of the range, not the number of ports.
 */
class PortIndex {
  private readonly byPort = new Map<string, Published[]>();
  private readonly wide: Published[] = [];
  private readonly all: Published[] = [];

  add(entry: Published): void {
    this.all.push(entry);
    const { from, to } = entry.binding.host!;
    if (to - from >= WIDE_RANGE) {
      this.wide.push(entry);
      return;
    }
    for (let port = from; port <= to; port++) {
      const key = `${entry.binding.protocol}/${port}`;
      const list = this.byPort.get(key);
      if (list) list.push(entry);
      else this.byPort.set(key, [entry]);
    }
  }

  /** The earliest published binding that competes with `binding` and may run beside it. */
  firstClash(binding: PortBinding, profiles: string[]): Published | undefined {
    const { from, to } = binding.host!;
    const lists = to - from >= WIDE_RANGE ? [this.all] : [this.wide];
    if (to - from < WIDE_RANGE) for (let port = from; port <= to; port++) lists.push(this.byPort.get(`${binding.protocol}/${port}`) ?? []);
    let first: Published | undefined;
    for (const list of lists) {
      for (const o of list) {
        if (first && o.order >= first.order) break; // every list is in publishing order
        if (clashes(o.binding, binding) && canRunTogether(o.profiles, profiles)) first = o;
      }
    }
    return first;
  }
}

/** Services that can never run together (disjoint profiles) may share a port. */
function canRunTogether(a: string[], b: string[]): boolean {
  return !(a.length && b.length && !a.some((p) => b.includes(p)));
}

export const rule: Rule = {
  id: 'port-clash',
  severity: 'error',
  category: 'project',
  doc: 'Two published ports compete for the same host port (ranges, protocols and host IPs considered).',
  check({ project, report }) {
    const index = new PortIndex();
    let order = 0;
    for (const s of project.services) {
      const profiles = namesOf(get(s.node, 'profiles')).map((p) => p.name);
      for (const item of listItems(get(s.node, 'ports'))) {
        const binding = parsePort(item);
        // An invalid range is value-format's; walking 1-99999999 port by port would never end.
        if (!binding?.host || !validRange(binding.host)) continue;
        const other = index.firstClash(binding, profiles);
        if (other) {
          const where =
            other.binding.node.file === item.file
              ? `line ${item.file.positionAt(other.binding.node.start).line + 1}`
              : path.basename(other.binding.node.file.path);
          const owner = other.service === s.name ? 'this service' : `service "${other.service}"`;
          // The service comes first, so an anchored list shared by several services gives one finding naming them.
          report(item, `Host port ${describe(binding)} of service "${s.name}" is already published by ${owner} (${describe(other.binding)}, ${where}).`);
        }
        index.add({ order: order++, service: s.name, profiles, binding });
      }
    }
  },
};
