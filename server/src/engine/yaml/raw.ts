import type { SourceFile } from '../text';
import type { ScalarValue } from './nodes';

/**
 * A YAML document as either front end produces it (the fast block-style reader or the full
 * `yaml` library): collections, resolved scalars, anchors and aliases, offsets. The converter in
 * parse.ts gives it Compose's meaning (merge keys, duplicate keys, the alias expansion bound).
 */
export type MergeTag = '!reset' | '!override';

interface RawBase {
  /**
   * Set by the fast reader, which writes every node with the fields of a located node in their
   * order: the converter then turns such a node into one in place instead of copying it.
   */
  file?: SourceFile;
  start: number;
  end: number;
  anchor?: string;
  tag?: MergeTag;
}

export interface RawScalar extends RawBase {
  kind: 'scalar';
  value: ScalarValue;
  quoted: boolean;
}

export interface RawPair {
  key: RawNode;
  /** null when the key has no value at all (`key:`). */
  value: RawNode | null;
}

export interface RawMap extends RawBase {
  kind: 'map';
  pairs: RawPair[];
}

export interface RawSeq extends RawBase {
  kind: 'seq';
  items: RawNode[];
}

export interface RawAlias extends RawBase {
  kind: 'alias';
  name: string;
}

export type RawNode = RawScalar | RawMap | RawSeq | RawAlias;

/** YAML 1.2 core schema resolution of a plain scalar, as the `yaml` library does it. */
export function resolvePlain(text: string): ScalarValue {
  // Most plain scalars are words: only these first characters can start a non-string value.
  if (text.length > 0 && !/[-+.0-9~nNtTfF]/.test(text[0])) return text;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(text)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(text)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}
