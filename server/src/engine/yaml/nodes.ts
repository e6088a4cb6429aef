import type { SourceFile } from '../text';

/**
 * The located YAML tree the whole engine works on. Every node remembers the file and the
 * offsets it was written at, so a finding on a merged multi-file project still points at the
 * line the user wrote. Aliases share nodes (the tree is a DAG), which keeps anchors cheap.
 */
interface NodeBase {
  file: SourceFile;
  start: number;
  end: number;
  /** `!reset` / `!override` (Compose merge tags); other tags are not kept. */
  tag?: '!reset' | '!override';
}

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: ScalarValue;
  /** True when the scalar was written quoted or as a block: its value is always a string. */
  quoted: boolean;
  /** True when the value came out of `${…}` interpolation: any scalar type may be intended. */
  interpolated?: boolean;
}

export interface Pair {
  key: ScalarNode;
  value: YNode;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  pairs: Pair[];
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: YNode[];
}

export type YNode = ScalarNode | MapNode | SeqNode;

export function get(node: YNode | undefined, key: string): YNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  for (let i = node.pairs.length - 1; i >= 0; i--) {
    if (node.pairs[i].key.value === key) return node.pairs[i].value;
  }
  return undefined;
}

export function getPair(node: YNode | undefined, key: string): Pair | undefined {
  if (!node || node.kind !== 'map') return undefined;
  for (let i = node.pairs.length - 1; i >= 0; i--) {
    if (node.pairs[i].key.value === key) return node.pairs[i];
  }
  return undefined;
}

export function getPath(node: YNode | undefined, ...keys: string[]): YNode | undefined {
  let cur = node;
  for (const k of keys) cur = get(cur, k);
  return cur;
}

export function isMap(node: YNode | undefined): node is MapNode {
  return node?.kind === 'map';
}

export function isSeq(node: YNode | undefined): node is SeqNode {
  return node?.kind === 'seq';
}

export function isScalar(node: YNode | undefined): node is ScalarNode {
  return node?.kind === 'scalar';
}

/** The scalar's value as text (numbers and booleans as YAML would print them), or undefined. */
export function text(node: YNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/**
 * The scalar as the user wrote it (quotes taken off), for messages: after interpolation a value
 * may carry a secret from the environment, and a message must never print it.
 */
export function written(node: ScalarNode): string {
  if (!node.interpolated) return String(node.value ?? '');
  const raw = node.file.text.slice(node.start, node.end);
  return /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
}

/** Like `text`, but as written when the value came from interpolation: for what users are shown. */
export function writtenText(node: YNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
  return written(node);
}

export function isNull(node: YNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.value === null);
}

/** Compose's truthiness for `["boolean","string"]` fields. */
export function truthy(node: YNode | undefined): boolean {
  if (!node || node.kind !== 'scalar') return false;
  if (typeof node.value === 'boolean') return node.value;
  return typeof node.value === 'string' && /^(true|yes|on|1)$/i.test(node.value);
}

export function keyText(pair: Pair): string {
  return String(pair.key.value);
}

/** Items of a list, or the single scalar of a `string_or_list` field. */
export function listItems(node: YNode | undefined): YNode[] {
  if (!node) return [];
  if (node.kind === 'seq') return node.items;
  if (node.kind === 'scalar' && node.value !== null) return [node];
  return [];
}

/** Names in a `list_of_strings | mapping` field (depends_on, networks…) with the node naming each. */
export function namesOf(node: YNode | undefined): { name: string; node: ScalarNode; value?: YNode }[] {
  if (!node) return [];
  if (node.kind === 'seq') {
    return node.items
      .filter(isScalar)
      .filter((i) => i.value !== null)
      .map((i) => ({ name: String(i.value), node: i }));
  }
  if (node.kind === 'map') return node.pairs.map((p) => ({ name: keyText(p), node: p.key, value: p.value }));
  return [];
}

/** Range of a node to report on: a collection is underlined on its first line only. */
export function nodeSpan(node: YNode): { start: number; end: number } {
  if (node.kind === 'scalar') return { start: node.start, end: node.end };
  const text = node.file.text;
  let end = node.start;
  while (end < node.end && text[end] !== '\n' && text[end] !== '\r') end++;
  return { start: node.start, end };
}
