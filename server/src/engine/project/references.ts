import { keyedEntries } from './merge';
import type { Project, ServiceEntry } from './model';
import { get, listItems, namesOf, text, type YNode } from '../yaml/nodes';

/** One service naming another: a dependency, a link, or a host name inside a value. */
export interface Reference {
  from: ServiceEntry;
  to: ServiceEntry;
  /** The node where the reference is written. */
  node: YNode;
  kind: 'depends_on' | 'links' | 'external_links' | 'environment' | 'command' | 'healthcheck';
  /** What was written, e.g. `postgres://db:5432` (never a whole value: values may hold secrets). */
  written: string;
}

const URL_HOST = /\b([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?([A-Za-z0-9_-][A-Za-z0-9_.-]*)(:\d+)?/g;
const HOST_PORT = /^([A-Za-z0-9_-][A-Za-z0-9_.-]*):(\d{1,5})$/;

/** DNS names that resolve to each service on its networks: name, container_name, aliases. */
export function dnsNames(project: Project): Map<string, ServiceEntry> {
  const names = new Map<string, ServiceEntry>();
  for (const s of project.services) names.set(s.name, s);
  for (const s of project.services) {
    const container = text(get(s.node, 'container_name'));
    if (container && !names.has(container)) names.set(container, s);
    const networks = get(s.node, 'networks');
    if (networks?.kind === 'map') {
      for (const p of networks.pairs) for (const a of namesOf(get(p.value, 'aliases'))) if (!names.has(a.name)) names.set(a.name, s);
    }
  }
  return names;
}

/** Host names written in a value: URL hosts, or the whole value when it is `host:port`. */
function hostsIn(value: string): { host: string; written: string }[] {
  // Most values name no host: without a colon neither form can match.
  if (!value.includes(':')) return [];
  const out: { host: string; written: string }[] = [];
  // Credentials between :// and @ are left out of what is shown.
  if (value.includes('://')) for (const m of value.matchAll(URL_HOST)) out.push({ host: m[2], written: `${m[1]}://${m[2]}${m[3] ?? ''}` });
  if (out.length > 0) return out;
  const trimmed = value.trim();
  const hp = HOST_PORT.exec(trimmed);
  if (hp) out.push({ host: hp[1], written: trimmed });
  return out;
}

/** References that open a connection (everything but `depends_on`, which only orders start-up). */
export function connections(project: Project): Reference[] {
  return serviceReferences(project).filter((r) => r.kind !== 'depends_on');
}

const computed = new WeakMap<Project, Reference[]>();

/** Every reference between the project's services (computed once per project). */
export function serviceReferences(project: Project): Reference[] {
  let refs = computed.get(project);
  if (!refs) computed.set(project, (refs = findReferences(project)));
  return refs;
}

function findReferences(project: Project): Reference[] {
  const names = dnsNames(project);
  const refs: Reference[] = [];
  const add = (from: ServiceEntry, name: string, node: YNode, kind: Reference['kind'], written: string) => {
    const to = names.get(name);
    if (to && to !== from) refs.push({ from, to, node, kind, written });
  };
  for (const s of project.services) {
    for (const d of namesOf(get(s.node, 'depends_on'))) add(s, d.name, d.node, 'depends_on', d.name);
    for (const kind of ['links', 'external_links'] as const) {
      for (const l of listItems(get(s.node, kind))) {
        const name = text(l)?.split(':')[0];
        if (name) add(s, name, l, kind, name);
      }
    }
    const env = get(s.node, 'environment');
    for (const { value } of env ? keyedEntries(env, 'byKeyValue') : []) {
      const v = text(value);
      if (v) for (const h of hostsIn(v)) add(s, h.host, value, 'environment', h.written);
    }
    for (const [kind, node] of [
      ['command', get(s.node, 'command')],
      ['healthcheck', get(get(s.node, 'healthcheck'), 'test')],
    ] as const) {
      // A string command is one value; a list is one value per argument.
      for (const item of node?.kind === 'scalar' ? [node] : listItems(node)) {
        const v = text(item);
        if (v) for (const h of hostsIn(v)) add(s, h.host, item, kind, h.written);
      }
    }
  }
  return refs;
}
