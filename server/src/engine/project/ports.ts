import { get, text, type YNode } from '../yaml/nodes';

/** One published port entry, short (`127.0.0.1:8080-8081:80-81/udp`) or long form. */
export interface PortBinding {
  node: YNode;
  /** '' when bound on every interface. */
  hostIp: string;
  /** Host port range; undefined when the host port is chosen by the engine. */
  host?: { from: number; to: number };
  container?: { from: number; to: number };
  protocol: string;
}

function range(value: string | undefined): { from: number; to: number } | undefined {
  if (!value) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(value);
  if (!m) return undefined;
  const from = Number(m[1]);
  return { from, to: m[2] ? Number(m[2]) : from };
}

export function parsePort(node: YNode): PortBinding | undefined {
  if (node.kind === 'map') {
    const published = text(get(node, 'published'));
    return {
      node,
      hostIp: text(get(node, 'host_ip')) ?? '',
      host: range(published),
      container: range(text(get(node, 'target'))),
      protocol: (text(get(node, 'protocol')) ?? 'tcp').toLowerCase(),
    };
  }
  const value = text(node);
  return value === undefined ? undefined : { node, ...parsePortSpec(value) };
}

/** The parts of a short-syntax port: `[HOST_IP:][HOST[-HOST]:]CONTAINER[-CONTAINER][/PROTOCOL]`. */
export function parsePortSpec(value: string): Omit<PortBinding, 'node'> & { sections: number } {
  let rest = value;
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
  }
  let hostIp = '';
  const v6 = /^\[([^\]]*)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2];
  }
  const parts = rest.split(':');
  const sections = parts.length;
  if (!v6 && parts.length === 3) hostIp = parts.shift() as string;
  if (v6 && parts.length === 1) return { hostIp, container: range(parts[0]), protocol, sections };
  const [hostPart, containerPart] = parts.length === 2 ? parts : [undefined, parts[0]];
  return { hostIp, host: range(hostPart), container: range(containerPart), protocol, sections };
}

/** Whether a range is one the runtime accepts (so walking it port by port is bounded). */
export function validRange(r: { from: number; to: number }): boolean {
  return r.from <= r.to && r.to <= MAX_PORT;
}

/** The runtime's highest port: a range past it is invalid (value-format says so) and is never expanded. */
export const MAX_PORT = 65535;

/** Each host port a binding publishes; none when its range is not one the runtime accepts. */
export function hostPorts(b: PortBinding): number[] {
  const r = b.host;
  if (!r || !validRange(r)) return [];
  return Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i);
}

export function isAllInterfaces(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}

/** True when two bindings would compete for the same host socket. */
export function clashes(a: PortBinding, b: PortBinding): boolean {
  if (!a.host || !b.host || a.protocol !== b.protocol) return false;
  const ipsOverlap = a.hostIp === b.hostIp || isAllInterfaces(a.hostIp) || isAllInterfaces(b.hostIp);
  return ipsOverlap && a.host.from <= b.host.to && b.host.from <= a.host.to;
}
