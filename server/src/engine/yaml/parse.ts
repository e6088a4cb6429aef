import { parseAllDocuments, isAlias, isMap, isScalar, isSeq, type Node as YamlNode, type Document, type Scalar } from 'yaml';
import type { Finding } from '../diagnostic';
import type { SourceFile } from '../text';
import { readBlockYaml } from './fast';
import { MAX_LIBRARY_NESTING, MAX_NESTING, nestingBeyond } from './limits';
import type { MapNode, Pair, ScalarNode, SeqNode, YNode } from './nodes';
import type { MergeTag, RawNode } from './raw';

/**
 * Alias expansion bound. Aliases share nodes, so building the tree is linear, but every later
 * walk would follow each alias again: a "billion laughs" file would hang any consumer. We count
 * the nodes a full expansion would visit and refuse the alias that crosses the bound.
 */
export const MAX_EXPANDED_NODES = 2_000_000;

export interface ParsedFile {
  file: SourceFile;
  /** One root per YAML document; Compose merges documents of one file in order. */
  documents: YNode[];
  findings: Finding[];
}

type Report = (ruleId: string, severity: Finding['severity'], message: string, start: number, end: number) => void;

/** Parses a compose file: the fast block reader when it can, the full `yaml` library otherwise. */
export function parseYaml(file: SourceFile, options: { fast?: boolean } = {}): ParsedFile {
  const findings: Finding[] = [];
  const report: Report = (ruleId, severity, message, start, end) => {
    findings.push({ ruleId, severity, message, file, start, end: Math.max(end, wordEnd(file.text, start)) });
  };
  const tooDeep = onceReporter(report);
  const roots = (options.fast === false ? undefined : fastRoots(file)) ?? libraryRoots(file.text, report, tooDeep);
  const documents: YNode[] = [];
  for (const raw of roots) {
    const root = new Converter(file, report, tooDeep).convert(raw);
    if (root) documents.push(root);
  }
  return { file, documents, findings };
}

function fastRoots(file: SourceFile): RawNode[] | undefined {
  const root = readBlockYaml(file.text, file);
  if (root === undefined) return undefined;
  return root === null ? [] : [root];
}

/** Reports the nesting bound once per file, at the first place it is crossed. */
function onceReporter(report: Report): (start: number, end: number) => void {
  let reported = false;
  return (start, end) => {
    if (reported) return;
    reported = true;
    report('input-limit', 'warning', `Nested deeper than ${MAX_NESTING} levels: what is inside is not checked.`, start, end);
  };
}

function libraryRoots(text: string, report: Report, tooDeep: (start: number, end: number) => void): RawNode[] {
  const deep = nestingBeyond(text, MAX_LIBRARY_NESTING);
  if (deep >= 0) {
    report('input-limit', 'warning', `Nested deeper than ${MAX_LIBRARY_NESTING} levels: this file is not read.`, deep, deep + 1);
    return [];
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false, merge: false, prettyErrors: false, strict: false }) as Document.Parsed[];
  } catch (err) {
    report('yaml-syntax', 'error', `The YAML parser failed: ${(err as Error).message}`, 0, 0);
    return [];
  }
  if (!Array.isArray(docs)) docs = [docs];
  const roots: RawNode[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      const [start, end] = e.code === 'MISSING_CHAR' && /quote/.test(e.message) ? unclosedQuote(text, e.pos) : e.pos;
      report('yaml-syntax', 'error', cleanMessage(e.message), start, end);
    }
    for (const w of doc.warnings) {
      if (w.code === 'TAG_RESOLVE_FAILED' && /!(reset|override)$/.test(w.message)) continue;
      report('yaml-syntax', 'warning', cleanMessage(w.message), w.pos[0], w.pos[1]);
    }
    if (doc.contents) roots.push(fromLibrary(doc.contents as YamlNode, 0, tooDeep));
  }
  return roots;
}

/**
 * The `yaml` library's node as a raw node. Ranges are normalised to the fast reader's: a block
 * collection ends where its last value ends, and an empty value is no node at all.
 */
function fromLibrary(node: YamlNode, depth: number, tooDeep: (start: number, end: number) => void): RawNode {
  const [start, end] = node.range ?? [0, 0];
  if (depth > MAX_NESTING) {
    tooDeep(start, end);
    return { kind: 'scalar', value: null, quoted: false, start, end: start };
  }
  const inner = (n: YamlNode) => fromLibrary(n, depth + 1, tooDeep);
  const tagText = (node as { tag?: string }).tag;
  const base = {
    start,
    end,
    ...(node.anchor ? { anchor: node.anchor } : {}),
    ...(tagText === '!reset' || tagText === '!override' ? { tag: tagText as MergeTag } : {}),
  };
  const flow = (node as { flow?: boolean }).flow === true;
  if (isAlias(node)) return { kind: 'alias', name: node.source, ...base };
  if (isSeq(node)) {
    const items = node.items.map((i) => inner(i as YamlNode));
    return { kind: 'seq', items, ...base, end: flow || items.length === 0 ? end : items[items.length - 1].end };
  }
  if (isMap(node)) {
    const pairs = node.items.map((p) => {
      const key: RawNode = p.key ? inner(p.key as YamlNode) : { kind: 'scalar', value: null, quoted: false, start, end: start };
      const v = p.value as YamlNode | null;
      const empty = !v || (isScalar(v) && v.source === '' && !v.anchor && !v.tag);
      return { key, value: empty ? null : inner(v) };
    });
    const last = pairs[pairs.length - 1];
    return { kind: 'map', pairs, ...base, end: flow || !last ? end : last.value ? last.value.end : last.key.end + 1 };
  }
  const scalar = node as Scalar;
  return { kind: 'scalar', value: scalarValue(scalar), quoted: scalar.type !== undefined && scalar.type !== 'PLAIN', ...base };
}

function scalarValue(node: Scalar): ScalarNode['value'] {
  const v = node.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return node.source ?? v.toISOString();
  return String(v);
}

function cleanMessage(message: string): string {
  return message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

/**
 * A quoted scalar that is never closed swallows the rest of the file, and the parser reports it
 * at the end. Point at the opening quote instead: the first line whose quotes do not balance.
 */
function unclosedQuote(text: string, fallback: [number, number]): [number, number] {
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const m = /(?:^|[:\-[,{]\s*)(["'])/.exec(line.replace(/#.*$/, ''));
    if (m) {
      const quote = m[1];
      const open = line.indexOf(quote, m.index);
      const rest = line.slice(open + 1);
      const closed = quote === '"' ? /(^|[^\\])"/.test(rest) : rest.includes("'");
      if (!closed) return [lineStart + open, lineStart + line.length];
    }
    lineStart += line.length + 1;
  }
  return fallback;
}

/** End of the word at `offset`, so a zero-width parser position still gets a visible squiggle. */
function wordEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && !/[\s,:\]}]/.test(text[i])) i++;
  return i === offset ? Math.min(offset + 1, text.length) : i;
}

/** Gives raw nodes Compose's meaning: merge keys, duplicate keys, anchors, the expansion bound. */
class Converter {
  /** Converted anchored nodes (only those can be referred to again). */
  private readonly done = new Map<RawNode, YNode>();
  /** Expanded sizes of the targets of aliases, computed on demand. */
  private readonly sizes = new Map<YNode, number>();
  /** Levels below the targets of aliases (an alias adds its target's height where it is used), computed on demand. */
  private readonly heights = new Map<YNode, number>();
  /** Collections open around the node being converted. */
  private depth = 0;
  private readonly inProgress = new Set<RawNode>();
  /** Anchors seen so far, in document order: an alias refers to the latest one before it. */
  private readonly anchors = new Map<string, RawNode>();
  private expanded = 0;
  private bombReported = false;

  constructor(
    private readonly file: SourceFile,
    private readonly report: Report,
    private readonly tooDeep: (start: number, end: number) => void,
  ) {}

  convert(node: RawNode): YNode | undefined {
    return this.node(node);
  }

  private nullAt(start: number, end: number): ScalarNode {
    return { kind: 'scalar', value: null, quoted: false, file: this.file, start, end };
  }

  private node(node: RawNode): YNode {
    if (node.kind === 'alias') return this.alias(node.name, node.start, node.end);
    if (!node.anchor) return this.build(node);
    const known = this.done.get(node);
    if (known) return known;
    if (this.inProgress.has(node)) {
      this.report('yaml-syntax', 'error', 'This alias refers to the node that contains it (a recursive alias).', node.start, node.end);
      return this.nullAt(node.start, node.end);
    }
    this.anchors.set(node.anchor, node);
    this.inProgress.add(node);
    const out = this.build(node);
    this.inProgress.delete(node);
    this.done.set(node, out);
    return out;
  }

  private alias(name: string, s: number, e: number): YNode {
    const target = this.anchors.get(name);
    if (!target) {
      this.report('yaml-syntax', 'error', `Unknown anchor: *${name}`, s, e);
      return this.nullAt(s, e);
    }
    if (this.inProgress.has(target)) {
      this.report('yaml-syntax', 'error', 'This alias refers to the node that contains it (a recursive alias).', s, e);
      return this.nullAt(s, e);
    }
    const converted = this.node(target);
    if (this.depth + this.heightOf(converted) > MAX_NESTING) {
      this.tooDeep(s, e);
      return this.nullAt(s, e);
    }
    this.expanded += this.sizeOf(converted);
    if (this.expanded > MAX_EXPANDED_NODES) {
      if (!this.bombReported) {
        this.bombReported = true;
        this.report(
          'yaml-bomb',
          'error',
          `Alias expansion exceeds ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes (a "billion laughs" pattern); this alias and the ones after it are not expanded.`,
          s,
          e,
        );
      }
      return this.nullAt(s, e);
    }
    return converted;
  }

  /**
   * Whether the fast reader wrote the node for this file with nothing a located node lacks (an
   * anchor) or reads otherwise (a tag): it then becomes the located node itself, fields and their
   * order being the same, which spares a copy of nearly every node of the file.
   */
  private inPlace(node: RawNode): boolean {
    return node.file === this.file && node.anchor === undefined && node.tag === undefined;
  }

  private build(node: Exclude<RawNode, { kind: 'alias' }>): YNode {
    // Nodes are written out field by field (no spread of a shared base): this runs for every node of every file.
    const { file } = this;
    if (node.kind === 'scalar') {
      if (this.inPlace(node)) return node as ScalarNode;
      const value = node.tag && node.value === '' ? null : node.value;
      const { quoted, start, end, tag } = node;
      return tag ? { kind: 'scalar', value, quoted, file, start, end, tag } : { kind: 'scalar', value, quoted, file, start, end };
    }
    if (this.depth >= MAX_NESTING) {
      this.tooDeep(node.start, node.end);
      return this.nullAt(node.start, node.start);
    }
    this.depth++;
    let out: YNode;
    if (node.kind === 'seq' && this.inPlace(node)) {
      const items = node.items as unknown as YNode[];
      for (let i = 0; i < items.length; i++) items[i] = this.node(node.items[i]);
      out = node as unknown as SeqNode;
    } else if (node.kind === 'seq') {
      const items = node.items.map((item) => this.node(item));
      out = node.tag
        ? { kind: 'seq', items, file, start: node.start, end: node.end, tag: node.tag }
        : { kind: 'seq', items, file, start: node.start, end: node.end };
    } else out = this.map(node);
    this.depth--;
    return out;
  }

  /** Memoised, so shared subtrees count once; converted trees are at most MAX_NESTING deep. */
  private heightOf(node: YNode): number {
    if (node.kind === 'scalar') return 0;
    const known = this.heights.get(node);
    if (known !== undefined) return known;
    let height = 0;
    if (node.kind === 'seq') for (const item of node.items) height = Math.max(height, this.heightOf(item) + 1);
    else for (const p of node.pairs) height = Math.max(height, this.heightOf(p.value) + 1);
    this.heights.set(node, height);
    return height;
  }

  private map(node: Extract<RawNode, { kind: 'map' }>): MapNode {
    const pairs: Pair[] = [];
    const merged: Pair[][] = [];
    const seen = new Map<string, ScalarNode>();
    let mergeKey: ScalarNode | undefined;
    for (const item of node.pairs) {
      if (item.key.kind !== 'scalar') {
        this.report('yaml-syntax', 'error', 'Compose files need plain scalar keys; this key is a collection.', item.key.start, item.key.end);
        continue;
      }
      const key = this.node(item.key) as ScalarNode;
      const value = item.value ? this.node(item.value) : this.nullAt(key.end, key.end);
      if (key.value === '<<' && !key.quoted) {
        if (mergeKey) {
          this.report(
            'merge-key',
            'error',
            `Repeated merge key "<<" (first on line ${this.file.positionAt(mergeKey.start).line + 1}): Compose 2.17 and later reject it; merge several maps with "<<: [*a, *b]".`,
            key.start,
            key.end,
          );
        }
        mergeKey ??= key;
        merged.push(this.mergeSources(value));
        continue;
      }
      const name = String(key.value);
      const first = seen.get(name);
      if (first) {
        this.report(
          'duplicate-key',
          'error',
          `Duplicate key "${name}": it is already defined on line ${this.file.positionAt(first.start).line + 1}.`,
          key.start,
          key.end,
        );
      } else seen.set(name, key);
      // The raw pair becomes the pair: same two fields, read above.
      const pair = item as unknown as Pair;
      pair.key = key;
      pair.value = value;
      pairs.push(pair);
    }
    for (const source of merged) {
      for (const pair of source) {
        const name = String(pair.key.value);
        if (seen.has(name)) continue;
        seen.set(name, pair.key);
        pairs.push(pair);
      }
    }
    if (this.inPlace(node)) {
      const out = node as unknown as MapNode;
      out.pairs = pairs;
      return out;
    }
    const { file } = this;
    return node.tag
      ? { kind: 'map', pairs, file, start: node.start, end: node.end, tag: node.tag }
      : { kind: 'map', pairs, file, start: node.start, end: node.end };
  }

  /** The pairs a `<<` value contributes: a map, or a list of maps where earlier ones win. */
  private mergeSources(value: YNode): Pair[] {
    const sources = value.kind === 'seq' ? value.items : [value];
    const out: Pair[] = [];
    const seen = new Set<string>();
    for (const src of sources) {
      if (src.kind !== 'map') {
        if (!(src.kind === 'scalar' && src.value === null)) {
          this.report('merge-key', 'error', 'A merge key "<<" takes a mapping or a list of mappings (usually aliases such as *defaults).', src.start, src.end);
        }
        continue;
      }
      for (const p of src.pairs) {
        const name = String(p.key.value);
        if (!seen.has(name)) {
          seen.add(name);
          out.push(p);
        }
      }
    }
    return out;
  }

  /** Nodes a full expansion of `node` visits, memoised so that shared subtrees count in linear time. */
  private sizeOf(node: YNode): number {
    if (node.kind === 'scalar') return 1;
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    let size = 1;
    if (node.kind === 'seq') for (const item of node.items) size += this.sizeOf(item);
    else for (const p of node.pairs) size += 1 + this.sizeOf(p.value);
    this.sizes.set(node, size);
    return size;
  }
}
