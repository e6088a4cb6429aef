import { parseAllDocuments, isAlias, isMap, isScalar, isSeq, Scalar, type Node as YamlNode, type Document } from 'yaml';
import type { Finding } from '../diagnostic';
import type { SourceFile } from '../text';
import type { MapNode, Pair, ScalarNode, SeqNode, YNode } from './nodes';

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

const MERGE_TAGS = new Set(['!reset', '!override']);

export function parseYaml(file: SourceFile): ParsedFile {
  const findings: Finding[] = [];
  const report = (ruleId: string, severity: Finding['severity'], message: string, start: number, end: number) => {
    findings.push({ ruleId, severity, message, file, start, end: Math.max(end, wordEnd(file.text, start)) });
  };

  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(file.text, { uniqueKeys: false, merge: false, prettyErrors: false, strict: false }) as Document.Parsed[];
  } catch (err) {
    report('yaml-syntax', 'error', `The YAML parser failed: ${(err as Error).message}`, 0, 0);
    return { file, documents: [], findings };
  }
  if (!Array.isArray(docs)) docs = [docs];

  const documents: YNode[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      const [start, end] = e.code === 'MISSING_CHAR' && /quote/.test(e.message) ? unclosedQuote(file.text, e.pos) : e.pos;
      report('yaml-syntax', 'error', cleanMessage(e.message), start, end);
    }
    for (const w of doc.warnings) {
      if (w.code === 'TAG_RESOLVE_FAILED' && [...MERGE_TAGS].some((t) => w.message.endsWith(t))) continue;
      report('yaml-syntax', 'warning', cleanMessage(w.message), w.pos[0], w.pos[1]);
    }
    if (doc.contents) {
      const root = new Converter(file, report).convert(doc.contents as YamlNode);
      if (root) documents.push(root);
    }
  }
  return { file, documents, findings };
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
    const m = /(?:^|[:\-\[,{]\s*)(["'])/.exec(line.replace(/#.*$/, ''));
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

type Report = (ruleId: string, severity: Finding['severity'], message: string, start: number, end: number) => void;

class Converter {
  private readonly done = new Map<YamlNode, YNode>();
  private readonly sizes = new WeakMap<YNode, number>();
  private readonly inProgress = new Set<YamlNode>();
  /** Anchors seen so far in document order (the library's own lookup walks the whole document per alias). */
  private readonly anchors = new Map<string, YamlNode>();
  private expanded = 0;
  private bombReported = false;

  constructor(
    private readonly file: SourceFile,
    private readonly report: Report,
  ) {}

  convert(node: YamlNode): YNode | undefined {
    return this.node(node);
  }

  private nullAt(start: number, end: number): ScalarNode {
    return { kind: 'scalar', value: null, quoted: false, file: this.file, start, end };
  }

  private node(node: YamlNode | null | undefined, at = 0): YNode | undefined {
    if (!node) return undefined;
    if (isAlias(node)) return this.alias(node);
    const known = this.done.get(node);
    if (known) return known;
    if (this.inProgress.has(node)) {
      const [s, e] = node.range ?? [at, at];
      this.report('yaml-syntax', 'error', 'This alias refers to the node that contains it (a recursive alias).', s, e);
      return this.nullAt(s, e);
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, node);
    this.inProgress.add(node);
    const out = this.build(node);
    this.inProgress.delete(node);
    if (out) this.done.set(node, out);
    return out;
  }

  private alias(alias: YamlNode): YNode {
    const [s, e] = alias.range ?? [0, 0];
    const target = isAlias(alias) ? this.anchors.get(alias.source) : undefined;
    if (!target) {
      this.report('yaml-syntax', 'error', `Unknown anchor: *${isAlias(alias) ? alias.source : ''}`, s, e);
      return this.nullAt(s, e);
    }
    const converted = this.node(target as YamlNode, s);
    if (!converted) return this.nullAt(s, e);
    const size = this.sizes.get(converted) ?? 1;
    this.expanded += size;
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

  private tagOf(node: YamlNode): '!reset' | '!override' | undefined {
    const tag = (node as { tag?: string }).tag;
    return tag === '!reset' || tag === '!override' ? tag : undefined;
  }

  private build(node: YamlNode): YNode | undefined {
    const [start, end] = node.range ?? [0, 0];
    const tag = this.tagOf(node);
    const base = { file: this.file, start, end, ...(tag ? { tag } : {}) };
    if (isScalar(node)) {
      this.expanded++;
      return this.sized({ kind: 'scalar', value: scalarValue(node), quoted: isQuoted(node), ...base }, 1);
    }
    if (isSeq(node)) {
      const items: YNode[] = [];
      let size = 1;
      for (const item of node.items) {
        const c = this.node(item as YamlNode, start);
        if (c) {
          items.push(c);
          size += this.sizes.get(c) ?? 1;
        }
      }
      this.expanded++;
      const seq: SeqNode = { kind: 'seq', items, ...base };
      return this.sized(seq, size);
    }
    if (isMap(node)) return this.map(node, base);
    return undefined;
  }

  private map(node: YamlNode & { items: unknown[] }, base: Omit<MapNode, 'kind' | 'pairs'>): MapNode {
    const explicit: Pair[] = [];
    const merged: Pair[][] = [];
    const seen = new Map<string, ScalarNode>();
    let mergeKey: ScalarNode | undefined;
    let size = 1;
    for (const item of node.items as { key: YamlNode | null; value: YamlNode | null }[]) {
      const keyNode = item.key;
      if (!keyNode || !isScalar(keyNode)) {
        const [s, e] = keyNode?.range ?? [base.start, base.start];
        if (keyNode) this.report('yaml-syntax', 'error', 'Compose files need plain scalar keys; this key is a collection.', s, e);
        continue;
      }
      const key = this.node(keyNode) as ScalarNode;
      const value = this.node(item.value) ?? this.nullAt(key.end, key.end);
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
      explicit.push({ key, value });
      size += 1 + (this.sizes.get(value) ?? 1);
    }
    const pairs = explicit;
    for (const source of merged) {
      for (const pair of source) {
        const name = String(pair.key.value);
        if (seen.has(name)) continue;
        seen.set(name, pair.key);
        pairs.push(pair);
        size += 1 + (this.sizes.get(pair.value) ?? 1);
      }
    }
    this.expanded++;
    return this.sized({ kind: 'map', pairs, ...base }, size);
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

  private sized<T extends YNode>(node: T, size: number): T {
    this.sizes.set(node, size);
    return node;
  }
}

function scalarValue(node: Scalar): ScalarNode['value'] {
  const v = node.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return node.source ?? v.toISOString();
  return String(v);
}

function isQuoted(node: Scalar): boolean {
  return node.type !== undefined && node.type !== 'PLAIN';
}
