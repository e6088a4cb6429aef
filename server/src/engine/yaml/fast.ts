import type { SourceFile } from '../text';
import { MAX_NESTING } from './limits';
import { resolvePlain, type MergeTag, type RawMap, type RawNode, type RawScalar, type RawSeq } from './raw';

/**
 * A fast reader for the block-style YAML that Compose files are written in: block mappings and
 * sequences, single-line flow collections, plain and quoted scalars, block scalars, anchors,
 * aliases, comments and the `!reset`/`!override` tags. It is several times faster than the full
 * `yaml` library on large files. On anything outside that subset, and on anything malformed, it
 * gives up (returns undefined) and the caller uses the full library, which also reports errors.
 * A test checks that both front ends build the same tree on every fixture.
 *
 * Windows files read the same way: CRLF line breaks (offsets still count the `\r`), a leading
 * byte order mark, and tabs where YAML allows them — in comments, inside scalars and as the space
 * after an indicator, never in indentation (there the library decides and reports).
 */
class GiveUp {}
const GIVE_UP = new GiveUp();
const giveUp = (): never => {
  throw GIVE_UP;
};

const PLAIN_START_FORBIDDEN = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** With `file`, every node carries it (see RawBase.file). */
export function readBlockYaml(text: string, file?: SourceFile): RawNode | null | undefined {
  // A carriage return that does not end a line (old Mac files, a stray \r in a scalar).
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return undefined;
  try {
    return new Reader(text, file).document();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

class Reader {
  private readonly starts: number[] = [];
  private readonly lines: string[];
  /**
   * Per line, computed once: its indentation, BLANK for a line with nothing but white space or a
   * comment, TAB_INDENT when a tab follows the leading spaces of a content line.
   */
  private readonly indents: Int32Array;
  private line = 0;
  private readonly textLength: number;
  /** Open block and flow collections: deeper files go to the library, which bounds them. */
  private depth = 0;

  constructor(
    text: string,
    private readonly file: SourceFile | undefined,
  ) {
    // A final newline ends the last line; it does not start another one. A byte order mark is
    // no content, but offsets count it, as the library's do.
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.lines = (text.endsWith('\n') ? text.slice(bom, -1) : text.slice(bom)).split('\n');
    this.textLength = text.length;
    let offset = bom;
    for (let i = 0; i < this.lines.length; i++) {
      this.starts.push(offset);
      const l = this.lines[i];
      offset += l.length + 1;
      if (l.endsWith('\r')) this.lines[i] = l.slice(0, -1);
    }
    this.indents = new Int32Array(this.lines.length);
    for (let i = 0; i < this.lines.length; i++) this.indents[i] = lineIndent(this.lines[i]);
  }

  document(): RawNode | null {
    let first = this.nextContent(0);
    if (first < 0) return null;
    if (/^---(\s|$)/.test(this.lines[first])) {
      if (this.lines[first].trim() !== '---') giveUp();
      first = this.nextContent(first + 1);
      if (first < 0) return null;
    }
    for (let i = first; i < this.lines.length; i++) {
      const c = this.lines[i].charCodeAt(0);
      // Only `-`, `.` and `%` can start a document marker or a directive.
      if ((c === 45 || c === 46 || c === 37) && /^(---|\.\.\.)(\s|$)|^%/.test(this.lines[i])) giveUp();
    }
    if (this.indent(first) !== 0) giveUp();
    this.line = first;
    const root = this.blockAt(0, -1);
    if (this.nextContent(this.line + 1) >= 0) giveUp();
    return root;
  }

  // ---- lines ----

  private nextContent(from: number): number {
    const indents = this.indents;
    for (let i = from; i < indents.length; i++) if (indents[i] !== BLANK) return i;
    return -1;
  }

  /** Indentation of a content line; a tab in it is for the library to judge. */
  private indent(i: number): number {
    const k = this.indents[i];
    if (k === TAB_INDENT) giveUp();
    return k;
  }

  private spaces(i: number): number {
    const l = this.lines[i];
    let k = 0;
    while (k < l.length && l[k] === ' ') k++;
    return k;
  }

  /** Where the line break after `line` ends: the next line's start, or the end of the text. */
  private lineEnd(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1] : this.textLength;
  }

  private at(line: number, col: number): number {
    return this.starts[line] + col;
  }

  // ---- block structure ----

  /** The block node whose first token is at column `col` of the current line. */
  private blockAt(col: number, parentIndent: number): RawNode {
    if (++this.depth > MAX_NESTING) giveUp();
    const s = this.lines[this.line];
    const node = isDash(s, col) ? this.sequence(col) : this.startsMapping(s, col) ? this.mapping(col) : this.inlineValue(col, parentIndent);
    this.depth--;
    return node ?? giveUp();
  }

  /** Whether the text at `col` is `key: …` (a mapping entry). */
  private startsMapping(s: string, col: number): boolean {
    const c = s[col];
    if (c === '"' || c === "'") {
      const end = this.quotedEnd(s, col);
      return end > 0 && s[end] === ':';
    }
    if (c === '&' || c === '!') {
      // Properties before a compact mapping: leave those to the full parser.
      const rest = s.slice(col);
      if (/^[&!]\S+\s+[^\s#]/.test(rest) && this.plainKeyEnd(rest.replace(/^[&!]\S+\s+/, ''), 0) >= 0) giveUp();
      return false;
    }
    if (c === '[' || c === '{' || c === '*' || c === '|' || c === '>') return false;
    return this.plainKeyEnd(s, col) >= 0;
  }

  /** Index of the `:` that ends a plain key starting at `col`, or -1. */
  private plainKeyEnd(s: string, col: number): number {
    for (let k = col; k < s.length; k++) {
      const c = s[k];
      if (c === ':' && (k + 1 === s.length || isWhite(s[k + 1]))) return k;
      if (c === '#' && k > col && isWhite(s[k - 1])) return -1;
    }
    return -1;
  }

  private mapping(col: number): RawMap {
    const pairs: RawMap['pairs'] = [];
    const start = this.at(this.line, col);
    let end = start;
    for (;;) {
      const s = this.lines[this.line];
      let key: RawScalar;
      let p: number;
      if (s[col] === '"' || s[col] === "'") {
        const qEnd = this.quotedEnd(s, col);
        if (qEnd < 0 || s[qEnd] !== ':') giveUp();
        key = this.quoted(s, col, qEnd);
        p = qEnd + 1;
      } else {
        const k = this.plainKeyEnd(s, col);
        if (k < 0) giveUp();
        // plainKeyEnd has already refused a comment before the colon.
        const raw = s.slice(col, k).trimEnd();
        if (!raw || (PLAIN_START_FORBIDDEN.test(raw) && raw !== '<<')) giveUp();
        key = {
          kind: 'scalar',
          value: resolvePlain(raw),
          quoted: false,
          file: this.file,
          start: this.at(this.line, col),
          end: this.at(this.line, col + raw.length),
        };
        p = k + 1;
      }
      const value = this.valueAfter(p, col, true);
      pairs.push({ key, value });
      end = value ? value.end : key.end + 1;
      const next = this.nextEntry(col);
      if (!next || next.dash) break;
      this.line = next.line;
    }
    return { kind: 'map', pairs, file: this.file, start, end };
  }

  private sequence(col: number): RawSeq {
    const items: RawNode[] = [];
    const start = this.at(this.line, col);
    let end = start;
    for (;;) {
      const s = this.lines[this.line];
      let q = col + 1;
      while (q < s.length && isWhite(s[q])) q++;
      let item: RawNode | null;
      if (q >= s.length || s[q] === '#') item = this.valueAfter(col + 1, col, false);
      else if (isDash(s, q)) item = giveUp();
      else if (this.startsMapping(s, q)) item = this.mapping(q);
      else item = this.valueAfter(q, col, false);
      const node = item ?? this.emptyScalar(this.at(this.line, col + 1));
      items.push(node);
      end = node.end;
      const next = this.nextEntry(col);
      if (!next?.dash) break;
      this.line = next.line;
    }
    return { kind: 'seq', items, file: this.file, start, end };
  }

  /** The next line of a block whose entries start at `col`; undefined where the block ends. */
  private nextEntry(col: number): { line: number; dash: boolean } | undefined {
    const next = this.nextContent(this.line + 1);
    if (next < 0) return undefined;
    const ind = this.indent(next);
    if (ind < col) return undefined;
    if (ind > col) giveUp();
    return { line: next, dash: isDash(this.lines[next], ind) };
  }

  private emptyScalar(at: number): RawScalar {
    return { kind: 'scalar', value: null, quoted: false, file: this.file, start: at, end: at };
  }

  /**
   * The value that follows an indicator (`key:` or `- `) at column `p` of the current line:
   * on the same line, or as a block on the following lines.
   */
  private valueAfter(p: number, ownerIndent: number, inMapping: boolean): RawNode | null {
    const s = this.lines[this.line];
    while (p < s.length && isWhite(s[p])) p++;
    let anchor: string | undefined;
    let tag: MergeTag | undefined;
    for (;;) {
      if (s[p] === '&' && !anchor) {
        const m = /^&([^\s,[\]{}]+)/.exec(s.slice(p)) ?? giveUp();
        anchor = m[1];
        p += m[0].length;
      } else if (s[p] === '!' && !tag) {
        const m = /^!\S*/.exec(s.slice(p)) ?? giveUp();
        if (m[0] !== '!reset' && m[0] !== '!override') giveUp();
        tag = m[0] as MergeTag;
        p += m[0].length;
      } else break;
      if (p < s.length && !isWhite(s[p])) giveUp();
      while (p < s.length && isWhite(s[p])) p++;
    }
    if (p >= s.length || s[p] === '#') {
      const next = this.nextContent(this.line + 1);
      if (next >= 0) {
        const ind = this.indent(next);
        if (ind > ownerIndent || (inMapping && ind === ownerIndent && isDash(this.lines[next], ind))) {
          this.line = next;
          return withProperties(this.blockAt(ind, ownerIndent), anchor, tag);
        }
      }
      return anchor || tag ? withProperties(this.emptyScalar(this.at(this.line, p)), anchor, tag) : null;
    }
    return withProperties(this.inlineValue(p, ownerIndent) ?? giveUp(), anchor, tag);
  }

  /** A value that starts at column `p` of the current line and (but for block scalars) ends on it. */
  private inlineValue(p: number, ownerIndent: number): RawNode | null {
    const s = this.lines[this.line];
    const c = s[p];
    let node: RawNode;
    let after: number;
    if (c === '|' || c === '>') return this.blockScalar(p, ownerIndent);
    if (c === '[' || c === '{') {
      const r = this.flow(s, p);
      node = r.node;
      after = r.end;
    } else if (c === '"' || c === "'") {
      const qEnd = this.quotedEnd(s, p);
      if (qEnd < 0) giveUp();
      node = this.quoted(s, p, qEnd);
      after = qEnd;
    } else if (c === '*') {
      const m = /^\*([^\s,[\]{}]+)/.exec(s.slice(p)) ?? giveUp();
      node = { kind: 'alias', name: m[1], start: this.at(this.line, p), end: this.at(this.line, p + m[0].length) };
      after = p + m[0].length;
    } else {
      if (PLAIN_START_FORBIDDEN.test(c) && !(c === '-' && s[p + 1] !== undefined && !isWhite(s[p + 1])) && !(c === ':' && s[p + 1] && !isWhite(s[p + 1])))
        giveUp();
      // The scalar ends at a comment; a `: ` inside it would make it a key, for the library to judge.
      let stop = p;
      for (; stop < s.length; stop++) {
        const ch = s.charCodeAt(stop);
        if (ch === 35 /* # */ && isWhite(s[stop - 1])) break;
        if (ch === 58 /* : */ && (stop + 1 === s.length || isWhite(s[stop + 1]))) giveUp();
      }
      const raw = s.slice(p, stop).trimEnd();
      // A plain scalar continued on the next, more indented line: leave folding to the library.
      const next = this.nextContent(this.line + 1);
      if (next >= 0 && this.indent(next) > ownerIndent) giveUp();
      return {
        kind: 'scalar',
        value: resolvePlain(raw),
        quoted: false,
        file: this.file,
        start: this.at(this.line, p),
        end: this.at(this.line, p + raw.length),
      };
    }
    const rest = s.slice(after).trim();
    if (rest && !rest.startsWith('#')) giveUp();
    if (rest.startsWith('#') && !isWhite(s[after])) giveUp();
    return node;
  }

  private blockScalar(p: number, ownerIndent: number): RawScalar {
    const s = this.lines[this.line];
    const header = /^([|>])([-+]?)(\s+#.*|\s*)$/.exec(s.slice(p)) ?? giveUp();
    const folded = header[1] === '>';
    const chomp = header[2];
    const startLine = this.line;
    const body: string[] = [];
    let contentIndent = -1;
    let last = this.line;
    for (let i = this.line + 1; i < this.lines.length; i++) {
      const l = this.lines[i];
      if (l.trim() === '') {
        // A tab on an otherwise empty line may be content or an error: the library decides.
        if (l.includes('\t')) giveUp();
        body.push(l);
        continue;
      }
      const ind = this.spaces(i);
      if (contentIndent < 0) {
        if (ind <= ownerIndent) break;
        contentIndent = ind;
      }
      if (ind < contentIndent) break;
      body.push(l);
      last = i;
    }
    // Trailing blank lines belong to the scalar only for chomping.
    const used = last - startLine;
    const content = body.slice(0, used);
    const trailingBlank = body.length - used;
    const endLine = chomp === '+' ? last + trailingBlank : last;
    this.line = last;
    if (contentIndent < 0) {
      const end = this.at(startLine, s.length);
      return { kind: 'scalar', value: '', quoted: true, file: this.file, start: this.at(startLine, p), end };
    }
    const lines = content.map((l) => (l.trim() === '' ? l.slice(Math.min(l.length, contentIndent)) : l.slice(contentIndent)));
    let value: string;
    if (!folded) value = lines.join('\n');
    else {
      if (lines.some((l) => isWhite(l[0]))) giveUp();
      value = '';
      let pendingBreaks = 0;
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        if (l === '') {
          pendingBreaks++;
          continue;
        }
        if (i > 0) value += pendingBreaks > 0 ? '\n'.repeat(pendingBreaks) : ' ';
        pendingBreaks = 0;
        value += l;
      }
      if (lines[0] === '') giveUp();
    }
    // Lines blank inside the content are already in `value`; chomping decides the end.
    value = value.replace(/\n+$/, '');
    const innerBlank = lines.length - 1 - lines.map((l) => l !== '').lastIndexOf(true);
    if (chomp === '+') value += '\n'.repeat(1 + innerBlank + trailingBlank);
    else if (chomp === '') value += '\n';
    const end = this.lineEnd(endLine);
    return { kind: 'scalar', value, quoted: true, file: this.file, start: this.at(startLine, p), end };
  }

  // ---- scalars and flow collections on one line ----

  /** Index just past the closing quote of a quoted scalar starting at `p`, or -1. */
  private quotedEnd(s: string, p: number): number {
    const q = s[p];
    for (let k = p + 1; k < s.length; k++) {
      if (q === '"' && s[k] === '\\') {
        k++;
        continue;
      }
      if (s[k] === q) {
        if (q === "'" && s[k + 1] === "'") {
          k++;
          continue;
        }
        return k + 1;
      }
    }
    return -1;
  }

  private quoted(s: string, p: number, end: number): RawScalar {
    const inner = s.slice(p + 1, end - 1);
    const value = s[p] === "'" ? inner.replace(/''/g, "'") : unescapeDouble(inner);
    return { kind: 'scalar', value, quoted: true, file: this.file, start: this.at(this.line, p), end: this.at(this.line, end) };
  }

  private flow(s: string, p: number): { node: RawNode; end: number } {
    if (++this.depth > MAX_NESTING) giveUp();
    const open = s[p];
    const close = open === '[' ? ']' : '}';
    const start = this.at(this.line, p);
    let k = p + 1;
    const skip = () => {
      while (k < s.length && isWhite(s[k])) k++;
    };
    const items: RawNode[] = [];
    const pairs: RawMap['pairs'] = [];
    skip();
    while (s[k] !== close) {
      if (k >= s.length) giveUp();
      const first = this.flowValue(s, k, open === '{');
      k = first.end;
      skip();
      if (open === '{') {
        if (s[k] !== ':') giveUp();
        k++;
        skip();
        if (s[k] === ',' || s[k] === '}') pairs.push({ key: first.node, value: null });
        else {
          const v = this.flowValue(s, k, false);
          pairs.push({ key: first.node, value: v.node });
          k = v.end;
          skip();
        }
      } else {
        if (s[k] === ':') giveUp();
        items.push(first.node);
      }
      if (s[k] === ',') {
        k++;
        skip();
      } else if (s[k] !== close) giveUp();
    }
    const end = k + 1;
    const node: RawNode =
      open === '['
        ? { kind: 'seq', items, file: this.file, start, end: this.at(this.line, end) }
        : { kind: 'map', pairs, file: this.file, start, end: this.at(this.line, end) };
    this.depth--;
    return { node, end };
  }

  private flowValue(s: string, k: number, isKey: boolean): { node: RawNode; end: number } {
    const c = s[k];
    if (c === '[' || c === '{') {
      if (isKey) giveUp();
      return this.flow(s, k);
    }
    if (c === '"' || c === "'") {
      const end = this.quotedEnd(s, k);
      if (end < 0) giveUp();
      return { node: this.quoted(s, k, end), end };
    }
    if (c === '*') {
      const m = /^\*([^\s,[\]{}]+)/.exec(s.slice(k)) ?? giveUp();
      return { node: { kind: 'alias', name: m[1], start: this.at(this.line, k), end: this.at(this.line, k + m[0].length) }, end: k + m[0].length };
    }
    if (c === '&' || c === '!' || c === undefined || PLAIN_START_FORBIDDEN.test(c)) giveUp();
    let e = k;
    while (e < s.length) {
      const ch = s[e];
      if (ch === ',' || ch === ']' || ch === '}') break;
      if (ch === ':' && (e + 1 === s.length || ' \t,]}'.includes(s[e + 1]))) break;
      if (ch === '#' && isWhite(s[e - 1])) giveUp();
      e++;
    }
    const raw = s.slice(k, e).trimEnd();
    if (!raw) giveUp();
    return {
      node: { kind: 'scalar', value: resolvePlain(raw), quoted: false, file: this.file, start: this.at(this.line, k), end: this.at(this.line, k + raw.length) },
      end: e,
    };
  }
}

/** Anchor and merge tag written before a node. */
function withProperties(node: RawNode, anchor: string | undefined, tag: MergeTag | undefined): RawNode {
  if (anchor) node.anchor = anchor;
  if (tag) node.tag = tag;
  return node;
}

const BLANK = -1;
const TAB_INDENT = -2;

function lineIndent(l: string): number {
  let k = 0;
  while (k < l.length && l.charCodeAt(k) === 32) k++;
  for (let j = k; j < l.length; j++) {
    const c = l.charCodeAt(j);
    if (c === 32 || c === 9) continue;
    if (c === 35 /* # */) return BLANK;
    return l.charCodeAt(k) === 9 ? TAB_INDENT : k;
  }
  return BLANK;
}

/** A block sequence entry indicator (`- ` or a lone `-`) at column `i`. */
function isDash(s: string, i: number): boolean {
  return s[i] === '-' && (i + 1 === s.length || isWhite(s[i + 1]));
}

/** Space or tab: what YAML separates tokens with inside a line. */
function isWhite(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

function unescapeDouble(inner: string): string {
  if (!inner.includes('\\')) return inner;
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = inner[++i];
    if (e in ESCAPES) out += ESCAPES[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = inner.slice(i + 1, i + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) giveUp();
      out += String.fromCodePoint(parseInt(hex, 16));
      i += n;
    } else giveUp();
  }
  return out;
}
