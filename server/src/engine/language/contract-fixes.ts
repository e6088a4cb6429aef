import { isIP } from 'node:net';
import type { Contract } from '../contract/model';
import { mayPublish } from '../contract/publish';
import type { Finding } from '../diagnostic';
import type { Project, ServiceEntry } from '../project/model';
import { isAllInterfaces, parsePortSpec } from '../project/ports';
import type { SourceFile } from '../text';
import { get, getPair, isMap, keyText, type YNode } from '../yaml/nodes';

/** A text edit by offsets in one file (the shape of actions.ts' Edit). */
interface Edit {
  file: SourceFile;
  start: number;
  end: number;
  newText: string;
}

interface Fix {
  title: string;
  edits: Edit[];
  preferred?: boolean;
}

const lineStart = (file: SourceFile, offset: number) => file.offsetAt({ line: file.positionAt(offset).line, character: 0 });
/** The start of the line after the one holding `offset` (or the end of the file). */
const nextLine = (file: SourceFile, offset: number) => {
  const line = file.positionAt(offset).line;
  return line + 1 < file.lineCount ? file.offsetAt({ line: line + 1, character: 0 }) : file.text.length;
};
const indentOf = (file: SourceFile, offset: number) => /^ */.exec(file.lineText(file.positionAt(offset).line))?.[0] ?? '';
/** A node's last character is at `end - 1`: block values end at the start of the next line. */
const lastLine = (node: YNode) => Math.max(node.start, node.end - 1);

/** Removes one entry (by its first node) from a flow or block sequence or mapping. */
function removeEntry(collection: YNode, at: YNode): Edit | undefined {
  const file = at.file;
  const entries =
    collection.kind === 'seq'
      ? collection.items.map((n) => ({ first: n, last: n }))
      : collection.kind === 'map'
        ? collection.pairs.map((p) => ({ first: p.key as YNode, last: p.value }))
        : [];
  const i = entries.findIndex((e) => e.first.file === file && e.first.start === at.start);
  if (i < 0) return undefined;
  const flow = /[[{]/.test(file.text[collection.start] ?? '');
  if (!flow) return { file, start: lineStart(file, entries[i].first.start), end: nextLine(file, lastLine(entries[i].last)), newText: '' };
  if (entries.length === 1) return { file, start: collection.start + 1, end: collection.end - 1, newText: '' };
  // `[a, b]`: take the comma before the entry, or the one after it for the first entry.
  return i > 0
    ? { file, start: entries[i - 1].last.end, end: entries[i].last.end, newText: '' }
    : { file, start: entries[0].first.start, end: entries[1].first.start, newText: '' };
}

/** The node naming network `name` in a service's own `networks`. */
function membership(service: ServiceEntry, name: string): { collection: YNode; node: YNode } | undefined {
  const collection = get(service.node, 'networks');
  if (collection?.kind === 'seq') {
    const node = collection.items.find((n) => n.kind === 'scalar' && String(n.value) === name);
    return node && { collection, node };
  }
  const pair = isMap(collection) ? collection.pairs.find((p) => keyText(p) === name) : undefined;
  return pair && collection && { collection, node: pair.key };
}

function membershipFixes(project: Project, contract: Contract, serviceName: string, network: string): Fix[] {
  const service = project.service(serviceName);
  const on = service && membership(service, network);
  const removal = on && removeEntry(on.collection, on.node);
  if (!service || !on || !removal) return [];
  const home = contract.placement(service)?.tier;
  const joined = new Set(project.networksOf(service).map((n) => n.name));
  const homeNet = home?.networks.find((n) => n.name !== network);
  if (home && homeNet && joined.has(homeNet.name)) {
    return [
      {
        title: `Move "${serviceName}" to network "${homeNet.name}" of its tier ${home.name}: it is already on it, remove "${network}"`,
        edits: [removal],
        preferred: true,
      },
    ];
  }
  const fixes: Fix[] = [];
  if (home && homeNet && on.collection.kind === 'seq') {
    fixes.push({
      title: `Move "${serviceName}" to network "${homeNet.name}" of its tier ${home.name}`,
      edits: [{ file: on.node.file, start: on.node.start, end: on.node.end, newText: homeNet.name }],
      preferred: true,
    });
  }
  fixes.push({ title: `Remove network "${network}" from "${serviceName}"`, edits: [removal], preferred: fixes.length === 0 });
  return fixes;
}

/** A short-syntax port bound to `ip` instead (`8080:80` → `127.0.0.1:8080:80`). */
function rebind(written: string, ip: string): string | undefined {
  if (written.includes('$')) return undefined; // interpolated: the parts are not known as written
  const spec = parsePortSpec(written);
  const host = ip.includes(':') ? `[${ip}]` : ip;
  const slash = written.lastIndexOf('/');
  const proto = slash >= 0 ? written.slice(slash) : '';
  const body = slash >= 0 ? written.slice(0, slash) : written;
  const parts = body.replace(/^\[[^\]]*\]:/, '').split(':');
  if (spec.hostIp) parts.shift();
  if (parts.length === 1) parts.unshift('');
  return `${host}:${parts.join(':')}${proto}`;
}

function publishFixes(project: Project, contract: Contract, f: Finding, serviceName: string): Fix[] {
  const service = project.service(serviceName);
  const policy = service && contract.placement(service)?.publish;
  if (!Array.isArray(policy)) return [];
  const raw = f.file.text.slice(f.start, f.end);
  const quote = /^["']/.test(raw) ? raw[0] : '';
  const written = quote ? raw.slice(1, -1) : raw;
  const spec = parsePortSpec(written);
  const ip = policy
    .map((e) => e.hostIp)
    .find((h): h is string => !!h && isIP(h.replace(/^\[|\]$/g, '')) > 0 && !isAllInterfaces(h) && mayPublish(policy, { ...spec, hostIp: h }));
  const rebound = ip && rebind(written, ip);
  if (!ip || !rebound) return [];
  return [
    {
      title: `Bind the port to ${ip}, which the contract allows`,
      edits: [{ file: f.file, start: f.start, end: f.end, newText: `${quote || '"'}${rebound}${quote || '"'}` }],
      preferred: true,
    },
  ];
}

function internalFix(project: Project, network: string): Fix[] {
  const def = project.resource('networks', network);
  if (!def) return [];
  const internal = getPair(def.value, 'internal');
  const file = def.key.file;
  if (internal)
    return [
      {
        title: `Set "internal: true" on network "${network}"`,
        edits: [{ file: internal.value.file, start: internal.value.start, end: internal.value.end, newText: 'true' }],
        preferred: true,
      },
    ];
  const value = def.value;
  if (isMap(value) && value.pairs.length && file.text[value.start] === '{') {
    return [
      {
        title: `Set "internal: true" on network "${network}"`,
        edits: [{ file, start: value.start + 1, end: value.start + 1, newText: ' internal: true,' }],
        preferred: true,
      },
    ];
  }
  const indent = isMap(value) && value.pairs.length ? indentOf(file, value.pairs[0].key.start) : `${indentOf(file, def.key.start)}  `;
  const at = file.offsetAt({ line: file.positionAt(def.key.start).line, character: file.lineText(file.positionAt(def.key.start).line).length });
  return [
    { title: `Set "internal: true" on network "${network}"`, edits: [{ file, start: at, end: at, newText: `\n${indent}internal: true` }], preferred: true },
  ];
}

function unusedNetworkFix(project: Project, network: string): Fix[] {
  const def = project.resource('networks', network);
  const section = get(project.fileRoots.get(def?.key.file as SourceFile), 'networks');
  const removal = def && section && removeEntry(section, def.key);
  return removal ? [{ title: `Remove the unused network "${network}"`, edits: [removal], preferred: true }] : [];
}

function networkModeFix(project: Project, contract: Contract, f: Finding, serviceName: string): Fix[] {
  const service = project.service(serviceName);
  const tier = service && contract.placement(service)?.tier;
  const net = tier?.networks[0];
  const pair = service && getPair(service.node, 'network_mode');
  if (!tier || !net || !pair || pair.value.start !== f.start) return [];
  const file = pair.key.file;
  if (getPair(service.node, 'networks')) {
    return [
      {
        title: 'Remove network_mode: the service keeps its own networks',
        edits: [{ file, start: lineStart(file, pair.key.start), end: nextLine(file, pair.value.end), newText: '' }],
        preferred: true,
      },
    ];
  }
  return [
    {
      title: `Join network "${net.name}" of tier ${tier.name} instead of network_mode`,
      edits: [{ file, start: pair.key.start, end: pair.value.end, newText: `networks: [${net.name}]` }],
      preferred: true,
    },
  ];
}

/** Fixes that make a contract finding go away by obeying the contract. */
export function contractFixes(project: Project, contract: Contract | undefined, f: Finding): Fix[] {
  if (!contract) return [];
  const service = /^Service "([^"]+)"/.exec(f.message)?.[1] ?? '';
  switch (f.ruleId) {
    case 'contract-membership':
    case 'contract-bridge':
      return membershipFixes(project, contract, service, f.file.text.slice(f.start, f.end).replace(/^["']|["']$/g, ''));
    case 'contract-forbidden-path': {
      const over = /over network "([^"]+)"/.exec(f.message)?.[1];
      return over ? membershipFixes(project, contract, service, over) : [];
    }
    case 'contract-publish':
      return publishFixes(project, contract, f, service);
    case 'contract-internal': {
      const network = /^Network "([^"]+)"/.exec(f.message)?.[1];
      return network ? internalFix(project, network) : [];
    }
    case 'contract-unassigned': {
      const network = /^Network "([^"]+)" is used by no service/.exec(f.message)?.[1];
      return network ? unusedNetworkFix(project, network) : [];
    }
    case 'contract-network-mode':
      return networkModeFix(project, contract, f, service);
  }
  return [];
}
