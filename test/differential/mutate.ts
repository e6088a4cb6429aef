/**
 * A seeded generator of compose-file mutants for the differential campaign: each mutant is a
 * valid corpus file with one edit of a kind that breaks real projects (a key deleted or
 * misspelt, a wrong type, a dangling reference, a cycle, a conflict, an empty value, a broken
 * interpolation) or keeps them valid (extensions, labels, quoting, reordering).
 */
import * as YAML from 'yaml';
import type { Rng } from '../seeded-random';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Doc = { [k: string]: Json };
type Path = (string | number)[];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const isObj = (v: Json | undefined): v is { [k: string]: Json } => !!v && typeof v === 'object' && !Array.isArray(v);

/** Every path in the tree (the root excluded), parents before children. */
function paths(node: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(node)) node.forEach((v, i) => (out.push([...prefix, i]), paths(v, [...prefix, i], out)));
  else if (isObj(node))
    for (const [k, v] of Object.entries(node)) {
      out.push([...prefix, k]);
      paths(v, [...prefix, k], out);
    }
  return out;
}

function parentOf(doc: Doc, path: Path): Json | undefined {
  let cur: Json = doc;
  for (const k of path.slice(0, -1)) cur = (cur as Record<string | number, Json>)[k as never];
  return cur;
}

function setAt(doc: Doc, path: Path, value: Json | undefined): void {
  const parent = parentOf(doc, path) as Record<string | number, Json> | Json[];
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else (parent as Record<string | number, Json>)[last as never] = value;
}

function getAt(doc: Doc, path: Path): Json | undefined {
  return (parentOf(doc, path) as Record<string | number, Json>)?.[path[path.length - 1] as never];
}

const services = (doc: Doc): string[] => (isObj(doc.services) ? Object.keys(doc.services) : []);
const service = (doc: Doc, name: string) => (doc.services as Record<string, { [k: string]: Json }>)[name];

function typo(word: string, rng: Rng): string {
  const i = Math.floor(rng() * Math.max(1, word.length - 1));
  switch (Math.floor(rng() * 3)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1) || `${word}x`;
    case 1:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    default:
      return word.slice(0, i) + word[i] + word.slice(i);
  }
}

function addDependency(doc: Doc, from: string, to: string): void {
  const s = service(doc, from);
  const deps = s.depends_on;
  if (Array.isArray(deps)) deps.push(to);
  else if (isObj(deps)) deps[to] = { condition: 'service_started' };
  else s.depends_on = [to];
}

type Mutation = (doc: Doc, rng: Rng) => string | undefined;

const scalarPaths = (doc: Doc) =>
  paths(doc).filter((p) => {
    const v = getAt(doc, p);
    return v === null || typeof v !== 'object';
  });
const keyPaths = (doc: Doc) => paths(doc).filter((p) => typeof p[p.length - 1] === 'string');

export const MUTATIONS: Record<string, Mutation> = {
  'delete a key': (doc, rng) => {
    const p = pick(rng, keyPaths(doc));
    if (!p) return undefined;
    setAt(doc, p, undefined);
    return `delete ${p.join('.')}`;
  },
  'misspell a key': (doc, rng) => {
    const p = pick(
      rng,
      keyPaths(doc).filter((k) => !String(k[k.length - 1]).startsWith('x-')),
    );
    if (!p) return undefined;
    const parent = parentOf(doc, p) as Record<string, Json>;
    const old = String(p[p.length - 1]);
    const renamed = typo(old, rng);
    if (renamed === old || renamed in parent) return undefined;
    const entries = Object.entries(parent).map(([k, v]) => [k === old ? renamed : k, v] as const);
    for (const k of Object.keys(parent)) delete parent[k];
    for (const [k, v] of entries) parent[k] = v;
    return `rename ${p.join('.')} to ${renamed}`;
  },
  'wrong type': (doc, rng) => {
    const p = pick(rng, paths(doc));
    if (!p) return undefined;
    const v = getAt(doc, p);
    const replacement: Json = Array.isArray(v)
      ? pick(rng, ['text', { a: 1 }, 7])
      : isObj(v)
        ? pick(rng, ['text', [1, 2], true])
        : pick(rng, [[String(v)], { value: v ?? null }, 3.5, true, -1]);
    setAt(doc, p, replacement);
    return `${p.join('.')} becomes ${JSON.stringify(replacement)}`;
  },
  'dangling reference': (doc, rng) => {
    const name = pick(rng, services(doc));
    if (!name) return undefined;
    const s = service(doc, name);
    const kind = pick(rng, ['depends_on', 'networks', 'volumes', 'secrets', 'configs', 'extends', 'network_mode', 'volumes_from', 'links']);
    if (kind === 'depends_on') addDependency(doc, name, 'ghost');
    else if (kind === 'networks')
      s.networks = Array.isArray(s.networks) ? [...s.networks, 'ghostnet'] : isObj(s.networks) ? { ...s.networks, ghostnet: null } : ['ghostnet'];
    else if (kind === 'volumes') s.volumes = [...(Array.isArray(s.volumes) ? s.volumes : []), 'ghostvol:/ghost'];
    else if (kind === 'extends') s.extends = { service: 'ghost' };
    else if (kind === 'network_mode') {
      s.network_mode = 'service:ghost';
      delete s.networks;
    } else if (kind === 'volumes_from' || kind === 'links') s[kind] = ['ghost'];
    else s[kind] = [...(Array.isArray(s[kind]) ? (s[kind] as Json[]) : []), 'ghost'];
    return `${name} refers to a missing ${kind}`;
  },
  'dependency cycle': (doc, rng) => {
    const names = services(doc);
    if (names.length < 1) return undefined;
    const a = pick(rng, names);
    const b = pick(rng, names);
    addDependency(doc, a, b);
    if (a !== b) addDependency(doc, b, a);
    return `cycle ${a} <-> ${b}`;
  },
  conflict: (doc, rng) => {
    const names = services(doc);
    const a = pick(rng, names);
    if (!a) return undefined;
    const s = service(doc, a);
    switch (Math.floor(rng() * 4)) {
      case 0: {
        const b = pick(rng, names);
        s.container_name = 'same-name';
        service(doc, b).container_name = 'same-name';
        return `container_name shared by ${a} and ${b}`;
      }
      case 1:
        s.network_mode = 'host';
        s.networks = ['default'];
        return `${a}: network_mode host with networks`;
      case 2:
        delete s.image;
        delete s.build;
        return `${a}: neither image nor build`;
      default:
        s.deploy = { ...(isObj(s.deploy) ? s.deploy : {}), replicas: 2 };
        s.container_name = `${a}-fixed`;
        return `${a}: container_name with 2 replicas`;
    }
  },
  'empty value': (doc, rng) => {
    const p = pick(rng, scalarPaths(doc));
    if (!p) return undefined;
    setAt(doc, p, '');
    return `${p.join('.')} becomes ""`;
  },
  'bad interpolation': (doc, rng) => {
    const p = pick(rng, scalarPaths(doc));
    if (!p) return undefined;
    const v = getAt(doc, p);
    const value = pick(rng, [
      '${',
      '${UNSET_VAR:?must be set}',
      '$X-',
      '${A:-${B:-c}}',
      '${UNSET_VAR}',
      '$${escaped}',
      `${v}\${`,
      '${9bad}',
      '${UNSET_VAR-fallback}',
    ]);
    setAt(doc, p, value);
    return `${p.join('.')} becomes ${value}`;
  },
  'valid edit': (doc, rng) => {
    const name = pick(rng, services(doc));
    if (!name) return undefined;
    const s = service(doc, name);
    switch (Math.floor(rng() * 4)) {
      case 0:
        s['x-note'] = { owner: 'team' };
        return `${name}: x-note`;
      case 1:
        s.labels = Array.isArray(s.labels) ? [...s.labels, 'fuzz=1'] : { ...(isObj(s.labels) ? s.labels : {}), fuzz: '1' };
        return `${name}: a label`;
      case 2: {
        const entries = Object.entries(doc.services as Record<string, Json>).reverse();
        doc.services = Object.fromEntries(entries);
        return 'services reversed';
      }
      default:
        s.stop_grace_period = '15s';
        return `${name}: stop_grace_period`;
    }
  },
};

export interface Mutant {
  kind: string;
  description: string;
  text: string;
}

/** One mutant of `source` (a compose file's text), chosen by the generator's state. */
export function mutate(source: string, rng: Rng): Mutant | undefined {
  const kind = pick(rng, Object.keys(MUTATIONS));
  const doc = YAML.parse(source, { merge: true, maxAliasCount: -1 }) as Doc;
  const description = MUTATIONS[kind](doc, rng);
  if (!description) return undefined;
  return { kind, description, text: YAML.stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 }) };
}
