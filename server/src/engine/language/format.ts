import { isAlias, isCollection, isMap, isScalar, parseAllDocuments, visit, type Document, type Node as YamlNode } from 'yaml';

/**
 * A conservative formatter for compose files: nested mappings indented by two spaces per level,
 * one space after `-` and after a key's colon, no trailing whitespace. It changes only
 * whitespace, line by line (comments, anchors, quoting and line breaks stay where they are), and
 * it proves its own result: unless the formatted text parses to the same tree (anchors and
 * aliases included) and differs from the original in whitespace only, it changes nothing.
 */

/** One line's new text (without its line break); lines are never added or removed. */
export interface LineEdit {
  line: number;
  newText: string;
}

const INDENT = 2;
/** Deeper trees are left as they are rather than compared by a deep walk. */
const MAX_DEPTH = 500;

export function formatCompose(text: string, lines?: { from: number; to: number }): LineEdit[] {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false }) as Document.Parsed[];
  } catch {
    return [];
  }
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length)) return [];
  const original = text.split('\n');
  const formatted = formatLines(original, frozenLines(text, docs));
  if (!sameMeaning(text, formatted.join('\n'), docs)) return [];
  const edits: LineEdit[] = [];
  for (let i = 0; i < original.length; i++) {
    if (lines && (i < lines.from || i > lines.to)) continue;
    if (formatted[i] !== original[i]) edits.push({ line: i, newText: stripCr(formatted[i]) });
  }
  return edits;
}

const stripCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);

/**
 * Lines inside a block scalar or a multi-line flow collection or scalar: their text belongs to
 * the value, so they only move with the line the value starts on.
 */
function frozenLines(text: string, docs: Document.Parsed[]): Set<number> {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const frozen = new Set<number>();
  for (const doc of docs) {
    visit(doc, (_key, node) => {
      const n = node as YamlNode;
      if (!n.range) return;
      const flow = isCollection(n) && (n as { flow?: boolean }).flow;
      if (!flow && !isScalar(n)) return;
      const first = lineOf(n.range[0]);
      // A block scalar's value ends after its last line break: its own last line is range[1] - 1.
      const last = lineOf(Math.max(n.range[0], n.range[1] - (isScalar(n) && n.type?.startsWith('BLOCK') ? 1 : 0)));
      for (let l = first + 1; l <= last; l++) frozen.add(l);
      return flow ? visit.SKIP : undefined;
    });
  }
  return frozen;
}

interface Level {
  /** Column of the content in the original text, and where it goes. */
  from: number;
  to: number;
}

function formatLines(lines: string[], frozen: Set<number>): string[] {
  const out: string[] = [];
  let levels: Level[] = [];
  /** How far the last structural line moved: the lines of its multi-line value move with it. */
  let shift = 0;
  for (let i = 0; i < lines.length; i++) {
    const cr = lines[i].endsWith('\r') ? '\r' : '';
    const line = cr ? lines[i].slice(0, -1) : lines[i];
    const indent = line.length - line.trimStart().length;
    const content = line.trimStart();
    if (frozen.has(i)) {
      out.push((content === '' ? line : ' '.repeat(Math.max(0, indent + shift)) + content) + cr);
      continue;
    }
    if (content === '') {
      out.push(cr);
      continue;
    }
    if (content.startsWith('#')) {
      // A comment keeps its place relative to the nearest level at or left of it.
      const level = [...levels].reverse().find((l) => l.from <= indent);
      out.push(' '.repeat(level ? level.to + indent - level.from : indent) + content.trimEnd() + cr);
      continue;
    }
    if (indent === 0 && /^(---|\.\.\.|%)/.test(content)) {
      levels = [];
      shift = 0;
      out.push(content.trimEnd() + cr);
      continue;
    }
    while (levels.length && levels[levels.length - 1].from > indent) levels.pop();
    const top = levels[levels.length - 1];
    let to: number;
    if (top && top.from === indent) to = top.to;
    else {
      to = top ? top.to + INDENT : 0;
      levels.push({ from: indent, to });
    }
    shift = to - indent;
    out.push(' '.repeat(to) + tidy(content, indent, to, levels) + cr);
  }
  return out;
}

/** One space after each leading `-` and after a plain key's colon; no trailing whitespace. Pushes the levels the dashes open. */
function tidy(content: string, from: number, to: number, levels: Level[]): string {
  let rest = content.trimEnd();
  let prefix = '';
  let column = from;
  for (let dash = /^-([ \t]+)(?=\S)/.exec(rest); dash; dash = /^-([ \t]+)(?=\S)/.exec(rest)) {
    column += dash[0].length;
    prefix += '- ';
    rest = rest.slice(dash[0].length);
    levels.push({ from: column, to: to + prefix.length });
  }
  return prefix + rest.replace(/^([A-Za-z0-9_$./<-][^\s:#]*|"[^"\\]*"|'[^']*'):[ \t]{2,}(?=\S)/, '$1: ');
}

/** Same tree (values, tags, anchors, aliases) and the same text once whitespace is ignored. */
function sameMeaning(before: string, after: string, parsedBefore: Document.Parsed[]): boolean {
  const squeeze = (s: string) => s.replace(/[ \t\r\n]+/g, '');
  if (squeeze(before) !== squeeze(after)) return false;
  try {
    const parsedAfter = parseAllDocuments(after, { uniqueKeys: false }) as Document.Parsed[];
    if (!Array.isArray(parsedAfter) || parsedAfter.some((d) => d.errors.length) || parsedAfter.length !== parsedBefore.length) return false;
    return parsedBefore.every((d, i) => JSON.stringify(shape(d.contents, 0)) === JSON.stringify(shape(parsedAfter[i].contents, 0)));
  } catch {
    return false;
  }
}

function shape(node: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Error('too deep to compare');
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return { alias: node.source };
  const n = node as YamlNode & { anchor?: string; tag?: string };
  const meta = { anchor: n.anchor ?? null, tag: n.tag ?? null };
  if (isScalar(n)) return { ...meta, type: n.type ?? null, value: n.value instanceof Date ? n.value.toISOString() : String(n.value) };
  if (isMap(n)) return { ...meta, pairs: n.items.map((p) => [shape(p.key, depth + 1), shape(p.value, depth + 1)]) };
  if (isCollection(n)) return { ...meta, items: n.items.map((item) => shape(item, depth + 1)) };
  return null;
}
