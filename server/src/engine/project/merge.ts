import type { MapNode, Pair, ScalarNode, SeqNode, YNode } from '../yaml/nodes';
import { keyText } from '../yaml/nodes';

/**
 * Merges an override tree onto a base tree the way Compose merges `-f a.yaml -f b.yaml`:
 * mappings merge key by key, scalars are replaced, and sequences follow per-field rules
 * (ports append, volumes merge by target, environment merges by variable name, command is
 * replaced…). `!reset` removes a value, `!override` replaces it whole.
 */
export function mergeTrees(base: YNode, override: YNode, path: string[] = []): YNode {
  if (override.tag === '!override') return stripTag(override);
  if (base.kind === 'map' && override.kind === 'map') return mergeMaps(base, override, path);
  const kind = sequenceRule(path);
  if (kind === 'replace') return override;
  if (kind === 'byName' || kind === 'byKeyValue') {
    if (base.kind === 'scalar' && base.value === null) return override;
    if (override.kind === 'scalar' && override.value === null) return base;
    return mergeKeyed(base, override, kind);
  }
  if (base.kind === 'seq' && override.kind === 'seq') {
    const keyOf = kind === 'byTarget' ? mountTarget : kind === 'bySource' ? sourceOf : identity;
    return mergeSeqBy(base, override, kind === 'append' ? undefined : keyOf);
  }
  // string_or_list fields (dns, env_file, tmpfs…) written once as a string and once as a list.
  if (kind === 'unique' && base.kind !== 'map' && override.kind !== 'map') {
    return mergeSeqBy(asSeq(base), asSeq(override), identity);
  }
  return override;
}

function stripTag<T extends YNode>(node: T): T {
  const { tag: _tag, ...rest } = node;
  return rest as T;
}

function mergeMaps(base: MapNode, override: MapNode, path: string[]): MapNode {
  const pairs: Pair[] = [...base.pairs];
  const index = new Map<string, number>();
  pairs.forEach((p, i) => index.set(keyText(p), i));
  for (const pair of override.pairs) {
    const name = keyText(pair);
    const at = index.get(name);
    if (pair.value.tag === '!reset') {
      if (at !== undefined) pairs[at] = undefined as unknown as Pair;
      index.delete(name);
      continue;
    }
    if (at === undefined) {
      index.set(name, pairs.length);
      pairs.push(pair.value.tag === '!override' ? { key: pair.key, value: stripTag(pair.value) } : pair);
      continue;
    }
    pairs[at] = { key: pairs[at].key, value: mergeTrees(pairs[at].value, pair.value, [...path, name]) };
  }
  return { ...base, pairs: pairs.filter(Boolean) };
}

/** Removes `!reset` values (and the tags themselves) from a single file's tree. */
export function applyResetTags(node: YNode): YNode {
  if (node.kind === 'map') {
    if (!node.pairs.some((p) => p.value.tag)) return node;
    return {
      ...node,
      pairs: node.pairs.filter((p) => p.value.tag !== '!reset').map((p) => (p.value.tag ? { key: p.key, value: stripTag(p.value) } : p)),
    };
  }
  return node;
}

type SequenceRule = 'replace' | 'append' | 'unique' | 'byTarget' | 'bySource' | 'byName' | 'byKeyValue';

const SERVICE_RULES: Record<string, SequenceRule> = {
  command: 'replace',
  entrypoint: 'replace',
  'healthcheck.test': 'replace',
  environment: 'byKeyValue',
  labels: 'byKeyValue',
  annotations: 'byKeyValue',
  sysctls: 'byKeyValue',
  extra_hosts: 'byKeyValue',
  'build.args': 'byKeyValue',
  'build.labels': 'byKeyValue',
  'build.extra_hosts': 'byKeyValue',
  'deploy.labels': 'byKeyValue',
  depends_on: 'byName',
  networks: 'byName',
  volumes: 'byTarget',
  secrets: 'bySource',
  configs: 'bySource',
  ports: 'unique',
  expose: 'unique',
  dns: 'unique',
  dns_search: 'unique',
  dns_opt: 'unique',
  tmpfs: 'unique',
  env_file: 'unique',
  cap_add: 'unique',
  cap_drop: 'unique',
  profiles: 'unique',
  security_opt: 'unique',
  volumes_from: 'unique',
  devices: 'unique',
  group_add: 'unique',
  links: 'unique',
  external_links: 'unique',
};

function sequenceRule(path: string[]): SequenceRule {
  if (path[0] === 'services' && path.length >= 3) return SERVICE_RULES[path.slice(2).join('.')] ?? 'append';
  return 'append';
}

function asSeq(node: YNode): SeqNode {
  return node.kind === 'seq' ? node : { kind: 'seq', items: [node], file: node.file, start: node.start, end: node.end };
}

const identity = (n: YNode): string | undefined => (n.kind === 'scalar' ? String(n.value) : undefined);

function sourceOf(n: YNode): string | undefined {
  if (n.kind === 'scalar') return String(n.value);
  if (n.kind === 'map') {
    const src = n.pairs.find((p) => keyText(p) === 'source')?.value;
    return src?.kind === 'scalar' ? String(src.value) : undefined;
  }
  return undefined;
}

/** The container path of a volume entry, short (`src:/target:ro`) or long form. */
export function mountTarget(n: YNode): string | undefined {
  if (n.kind === 'map') {
    const t = n.pairs.find((p) => keyText(p) === 'target')?.value;
    return t?.kind === 'scalar' ? String(t.value) : undefined;
  }
  if (n.kind !== 'scalar' || n.value === null) return undefined;
  const parts = splitVolumeSpec(String(n.value));
  return parts.length === 1 ? parts[0] : parts[1];
}

/** Splits `SOURCE:TARGET[:MODE]`, keeping Windows drive letters (`C:\x`) whole. */
export function splitVolumeSpec(spec: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === ':' && !(cur.length === 1 && /[A-Za-z]/.test(cur) && (spec[i + 1] === '\\' || spec[i + 1] === '/'))) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function mergeSeqBy(base: SeqNode, override: SeqNode, keyOf: ((n: YNode) => string | undefined) | undefined): SeqNode {
  if (!keyOf) return { ...base, items: [...base.items, ...override.items] };
  const items = [...base.items];
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const k = keyOf(item);
    if (k !== undefined) index.set(k, i);
  });
  for (const item of override.items) {
    const k = keyOf(item);
    const at = k === undefined ? undefined : index.get(k);
    if (at === undefined) {
      if (k !== undefined) index.set(k, items.length);
      items.push(item);
    } else items[at] = item;
  }
  return { ...base, items };
}

/**
 * Entries of a list-or-mapping field as pairs: `KEY=VAL` items (environment, labels…) or plain
 * names (depends_on, networks) become a pair whose key node is the list item.
 */
export function keyedEntries(node: YNode, kind: 'byName' | 'byKeyValue'): Pair[] {
  if (node.kind === 'map') return node.pairs;
  if (node.kind !== 'seq') return [];
  const out: Pair[] = [];
  for (const item of node.items) {
    if (item.kind !== 'scalar' || item.value === null) continue;
    const raw = String(item.value);
    const sep = kind === 'byKeyValue' ? raw.search(/[=:]/) : -1;
    const useColon = sep >= 0 && raw[sep] === ':' && raw.indexOf('=') < 0;
    const cut = kind === 'byKeyValue' && sep >= 0 && (raw[sep] === '=' || useColon) ? sep : -1;
    const name = cut >= 0 ? raw.slice(0, cut) : raw;
    const key: ScalarNode = { ...item, value: name };
    const value: ScalarNode =
      cut >= 0 ? { ...item, value: raw.slice(cut + 1) } : { kind: 'scalar', value: null, quoted: false, file: item.file, start: item.end, end: item.end };
    out.push({ key, value });
  }
  return out;
}

function mergeKeyed(base: YNode, override: YNode, kind: 'byName' | 'byKeyValue'): YNode {
  if (base.kind === 'seq' && override.kind === 'seq' && kind === 'byName') return mergeSeqBy(base, override, identity);
  const pairs = [...keyedEntries(base, kind)];
  const index = new Map<string, number>();
  pairs.forEach((p, i) => index.set(keyText(p), i));
  for (const p of keyedEntries(override, kind)) {
    const at = index.get(keyText(p));
    if (at === undefined) {
      index.set(keyText(p), pairs.length);
      pairs.push(p);
    } else pairs[at] = { key: pairs[at].key, value: kind === 'byName' && p.value.kind === 'scalar' && p.value.value === null ? pairs[at].value : p.value };
  }
  const anchor = base.kind === 'map' ? base : override.kind === 'map' ? override : base;
  return { kind: 'map', pairs, file: anchor.file, start: anchor.start, end: anchor.end };
}
