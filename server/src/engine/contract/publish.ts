import { isIP } from 'node:net';
import { isAllInterfaces, type PortBinding } from '../project/ports';
import { listItems, text, truthy, type YNode } from '../yaml/nodes';

/**
 * What a tier (or one service) may publish, written in the contract as `publish:`
 *   true | false                       any port anywhere | nothing (the default)
 *   [ENTRY, …] where ENTRY is one of
 *     127.0.0.1                        any port on that host IP (0.0.0.0 or :: = all interfaces)
 *     80 | 8000-8090 | 53/udp          that port or range on any host IP (tcp unless a protocol is given)
 *     127.0.0.1:8090 | [::1]:80/tcp    that port or range on that host IP only
 */
export type PublishPolicy = boolean | PublishEntry[];

export interface PublishEntry {
  /** As written in the contract. */
  written: string;
  node: YNode;
  /** undefined: any host IP. */
  hostIp?: string;
  /** undefined: any port. */
  ports?: { from: number; to: number };
  /** undefined: any protocol (an IP-only entry); tcp when a port is given without one. */
  protocol?: string;
  /** Why the entry cannot be read, if it cannot. */
  problem?: string;
}

const PORTS = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/i;

export function parsePublish(node: YNode | undefined): PublishPolicy {
  if (node?.kind !== 'seq') return truthy(node);
  return listItems(node).map((item) => parseEntry(String(text(item) ?? ''), item));
}

function parseEntry(written: string, node: YNode): PublishEntry {
  const entry = { written, node };
  if (isIP(written)) return { ...entry, hostIp: written };
  const v6 = /^\[([^\]]+)\]:(.+)$/.exec(written);
  const colon = written.lastIndexOf(':');
  const [ip, rest] = v6 ? [v6[1], v6[2]] : colon > 0 ? [written.slice(0, colon), written.slice(colon + 1)] : [undefined, written];
  const m = PORTS.exec(rest);
  const from = Number(m?.[1]);
  const to = m?.[2] ? Number(m[2]) : from;
  if (!m || (ip !== undefined && !isIP(ip)) || from < 1 || to > 65535 || to < from) {
    return { ...entry, problem: 'write a host IP (127.0.0.1), a port or range with an optional protocol (443, 8000-8090, 53/udp), or both (127.0.0.1:8090)' };
  }
  return { ...entry, hostIp: ip, ports: { from, to }, protocol: (m[3] ?? 'tcp').toLowerCase() };
}

const sameIp = (allowed: string, bound: string) => (isAllInterfaces(allowed) ? isAllInterfaces(bound) : allowed === bound || allowed === `[${bound}]`);

/** Whether one published port (its host IP, host port range and protocol) is within an entry. */
function allows(entry: PublishEntry, b: Pick<PortBinding, 'hostIp' | 'host' | 'protocol'>): boolean {
  if (entry.problem) return false;
  if (entry.hostIp !== undefined && !sameIp(entry.hostIp, b.hostIp)) return false;
  if (entry.protocol !== undefined && entry.protocol !== b.protocol) return false;
  // A port the engine picks (no host port written) fits only an entry without ports.
  if (entry.ports && (!b.host || b.host.from < entry.ports.from || b.host.to > entry.ports.to)) return false;
  return true;
}

/** Whether a policy lets a binding through. */
export function mayPublish(policy: PublishPolicy, b: Pick<PortBinding, 'hostIp' | 'host' | 'protocol'>): boolean {
  return typeof policy === 'boolean' ? policy : policy.some((e) => allows(e, b));
}

/** The policy as a short phrase for messages and pictures: "127.0.0.1, 80, 443". */
export function describePublish(policy: PublishPolicy): string {
  return typeof policy === 'boolean' ? (policy ? 'any port' : 'nothing') : policy.map((e) => e.written).join(', ');
}
