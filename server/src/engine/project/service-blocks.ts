/**
 * Where each service of a compose file is written, found from the text alone (no parse): the
 * lines of the top-level `services:` mapping, cut at each line that starts a service. The editor
 * uses it to re-check only the service an edit touched. Anything this line scan cannot be sure
 * of — flow style, several documents, a line at the services' indentation that names no
 * service — gives no layout, and the caller checks the whole project instead.
 */

export interface ServiceBlock {
  name: string;
  /** Offset of the service's first line (its key) and of the line after its last line. */
  start: number;
  end: number;
}

export interface ServiceLayout {
  /** Offset of the first service's first line; the text before it is the file's other sections. */
  start: number;
  /** Offset of the line after the services mapping's last line. */
  end: number;
  /** The indentation of the services' keys. */
  indent: number;
  blocks: ServiceBlock[];
}

/** A plain or quoted key ending in `:`, as a service's name is written. */
const SERVICE_KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#&*!|>'"%@`{}[\],?:-][^\s:#]*|-[^\s:#]+))[ \t]*:(?:[ \t\r\n]|$)/;

/** Offset of the line after the one starting at `at`. */
function nextLine(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
}

const BLANK = -1;
const TAB_INDENT = -2;

/** Leading spaces of the line from `at` to `end`: BLANK for white space or a comment only, TAB_INDENT for a tab before content. */
function indentAt(text: string, at: number, end: number): number {
  let i = at;
  while (i < end && text.charCodeAt(i) === 32) i++;
  const spaces = i - at;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */ || c === 10 || c === 13) return BLANK;
    if (c === 9) return TAB_INDENT;
    return spaces;
  }
  return BLANK;
}

/** A service's name as written at the start of its key line, or undefined for anything else. */
function serviceName(line: string): string | undefined {
  const m = SERVICE_KEY.exec(line);
  if (!m) return undefined;
  if (m[1] !== undefined) return m[1].includes('\\') ? undefined : m[1];
  return m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3];
}

export function serviceLayout(text: string): ServiceLayout | undefined {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let servicesEnd = -1;
  let serviceIndent = -1;
  let layout: ServiceLayout | undefined;
  let current: ServiceBlock | undefined;
  while (at < text.length) {
    const lineEnd = nextLine(text, at);
    const indent = indentAt(text, at, lineEnd);
    if (indent === TAB_INDENT) return undefined;
    if (indent === 0) {
      const line = text.slice(at, lineEnd);
      if (!/^[^\s#\-[{?|>!&*%'"@`][^#]*?:(\s|$)|^["'][^#]*?:(\s|$)/.test(line) || /^(---|\.\.\.)(\s|$)/.test(line)) return undefined;
      if (layout && servicesEnd < 0) servicesEnd = at;
      if (/^services[ \t]*:[ \t]*(#.*)?\r?\n?$/.test(line)) {
        // A second `services:` is a duplicate key: the whole check reports it.
        if (layout) return undefined;
        layout = { start: lineEnd, end: lineEnd, indent: -1, blocks: [] };
      }
    } else if (indent > 0 && layout && servicesEnd < 0) {
      if (serviceIndent < 0) {
        serviceIndent = indent;
        layout.start = at;
      }
      if (indent < serviceIndent) return undefined;
      if (indent === serviceIndent) {
        const name = serviceName(text.slice(at + indent, lineEnd));
        if (name === undefined) return undefined;
        if (current) current.end = at;
        current = { name, start: at, end: lineEnd };
        layout.blocks.push(current);
      }
    }
    at = lineEnd;
  }
  if (!layout) return undefined;
  layout.indent = serviceIndent;
  layout.end = servicesEnd < 0 ? text.length : servicesEnd;
  if (current) current.end = layout.end;
  if (layout.blocks.length === 0) layout.start = layout.end;
  return layout;
}

/**
 * The layout after an edit that replaced `before[start, oldEnd)` with `after[start, newEnd)`,
 * when the edit stays inside one service: that service's lines are scanned again (they must
 * still be one service of the same name, every other line more indented), the others only move.
 * Undefined when the edit reaches another service or the file's other sections.
 */
export function movedLayout(
  layout: ServiceLayout,
  after: string,
  change: { start: number; oldEnd: number; newEnd: number },
): { layout: ServiceLayout; edited: number } | undefined {
  const delta = change.newEnd - change.oldEnd;
  const beforeLength = after.length - delta;
  // An edit at the very end of a service is at the start of the next one's first line (or of the
  // next section), unless the service ends the file.
  const k = layout.blocks.findIndex((b) => b.start <= change.start && (change.oldEnd < b.end || (b.end === beforeLength && change.oldEnd === b.end)));
  if (k < 0) return undefined;
  const old = layout.blocks[k];
  const block = { name: old.name, start: old.start, end: old.end + delta };
  let at = block.start;
  for (let first = true; at < block.end; first = false) {
    const lineEnd = Math.min(nextLine(after, at), block.end);
    const indent = indentAt(after, at, lineEnd);
    if (indent === TAB_INDENT) return undefined;
    if (first ? indent !== layout.indent || serviceName(after.slice(at + indent, lineEnd)) !== old.name : indent !== BLANK && indent <= layout.indent)
      return undefined;
    at = lineEnd;
  }
  const move = (b: ServiceBlock) => ({ name: b.name, start: b.start + delta, end: b.end + delta });
  return {
    layout: { ...layout, end: layout.end + delta, blocks: [...layout.blocks.slice(0, k), block, ...layout.blocks.slice(k + 1).map(move)] },
    edited: k,
  };
}
