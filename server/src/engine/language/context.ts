/**
 * Where the cursor is in a YAML file, read from the text itself — so it works on the half-typed
 * line that no parser can make sense of yet: the key path of the enclosing mapping, whether a
 * key, a value or a list item is being written, and the word being typed.
 */
export interface CursorContext {
  /** Keys from the root to the mapping or list the cursor is in; `[]` marks a list item. */
  path: string[];
  kind: 'key' | 'value' | 'item';
  /** For `value`: the key whose value is being written. */
  key?: string;
  /** The part of the word already typed, and the offsets to replace. */
  prefix: string;
  start: number;
  end: number;
  /** Keys — or, in a list, items — already present beside the cursor (not offered again). */
  siblings: string[];
}

const KEY_LINE = /^(\s*)(- +)?(["']?)([^\s:#"'][^:#"']*?)\3\s*:(?:\s+(.*))?$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

export function contextAt(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();
  const wordStart = (() => {
    let i = before.length;
    while (i > 0 && !/[\s[,{:"']/.test(before[i - 1])) i--;
    return i;
  })();
  const wordEndInAfter = /^[^\s\],}:"']*/.exec(after)?.[0].length ?? 0;
  const prefix = before.slice(wordStart);
  const range = { start: lineStart + wordStart, end: offset + wordEndInAfter };

  const dash = /^(\s*)- +/.exec(before);
  const content = dash ? before.slice(dash[0].length) : before.trimStart();
  const column = dash ? dash[0].length : indentOf(before);
  const keyValue = /^(["']?)([^\s:#"'][^:#"']*?)\1\s*:\s+(.*)$/.exec(content);

  let kind: CursorContext['kind'];
  let key: string | undefined;
  let path: string[];
  if (keyValue) {
    key = keyValue[2];
    const rest = keyValue[3];
    kind = /^\[[^\]]*$/.test(rest) ? 'item' : 'value';
    path = parentPath(lines, column, !!dash);
    if (kind === 'item') path = [...path, key, '[]'];
  } else if (dash && !content.includes(':')) {
    kind = 'item';
    path = [...parentPath(lines, indentOf(before), false), '[]'];
  } else {
    kind = 'key';
    path = parentPath(lines, column, !!dash);
  }
  const siblings =
    kind === 'key'
      ? siblingKeys(text, lineStart, lines, column)
      : kind === 'item'
        ? keyValue
          ? flowItems(before, after)
          : blockItems(text, lineStart, lines, indentOf(before))
        : [];
  return { path, kind, key, prefix, ...range, siblings };
}

const unquote = (item: string) => item.trim().replace(/^(["'])(.*)\1$/, '$2');

/** The other items of a flow list written on the cursor's line (`[a, b, |]`). */
function flowItems(before: string, after: string): string[] {
  const open = before.lastIndexOf('[');
  const close = after.indexOf(']');
  const others = [
    ...before
      .slice(open + 1)
      .split(',')
      .slice(0, -1),
    ...(close < 0 ? after : after.slice(0, close)).split(',').slice(1),
  ];
  return others.map(unquote).filter(Boolean);
}

/** The other items of the block list the cursor's `- ` line belongs to. */
function blockItems(text: string, lineStart: number, linesBefore: string[], column: number): string[] {
  const items: string[] = [];
  const collect = (line: string): boolean => {
    if (isBlank(line)) return true;
    const m = /^(\s*)- +(.*)$/.exec(line);
    if (indentOf(line) < column || (indentOf(line) === column && !m)) return false;
    if (m && m[1].length === column) items.push(unquote(m[2].replace(/\s+#.*$/, '')));
    return true;
  };
  for (let i = linesBefore.length - 1; i >= 0 && collect(linesBefore[i]); i--);
  const next = text.indexOf('\n', lineStart);
  if (next >= 0) for (const line of text.slice(next + 1).split('\n')) if (!collect(line)) break;
  return items.filter(Boolean);
}

/**
 * Keys of the mappings enclosing a line whose content starts at `column`. `inItem` says the line
 * itself starts a list item (`- key: …`), which adds a `[]` step.
 */
function parentPath(lines: string[], column: number, inItem: boolean): string[] {
  const path: string[] = inItem ? ['[]'] : [];
  let want = inItem ? column - 2 : column;
  for (let i = lines.length - 1; i >= 0 && want > 0; i--) {
    const line = lines[i];
    if (isBlank(line)) continue;
    const ind = indentOf(line);
    const dash = /^(\s*)- +/.exec(line);
    const contentColumn = dash ? dash[0].length : ind;
    if (dash && contentColumn === want && !inItemAlready(path)) {
      // The cursor is in the mapping that this list item starts.
      path.unshift('[]');
      want = ind;
      continue;
    }
    if (ind >= want) continue;
    const m = KEY_LINE.exec(line);
    if (dash && !m) {
      path.unshift('[]');
      want = ind;
      continue;
    }
    if (!m) continue;
    if (dash) {
      path.unshift('[]');
      // `- key:` opens a mapping item; its key is the parent only when its value is below it.
      if (!m[5]) path.splice(1, 0, m[4]);
    } else path.unshift(m[4]);
    want = ind;
  }
  return path;
}

function inItemAlready(path: string[]): boolean {
  return path[0] === '[]';
}

/** Keys written at the same column in the same mapping as the cursor line. */
function siblingKeys(text: string, lineStart: number, linesBefore: string[], column: number): string[] {
  const keys: string[] = [];
  const collect = (line: string) => {
    const m = KEY_LINE.exec(line);
    if (m && (m[2] ? m[1].length + m[2].length : m[1].length) === column) keys.push(m[4]);
  };
  for (let i = linesBefore.length - 1; i >= 0; i--) {
    const line = linesBefore[i];
    if (isBlank(line)) continue;
    if (indentOf(line) < column && !/^\s*- /.test(line)) break;
    collect(line);
    if (/^\s*- /.test(line) && indentOf(line) + 2 === column) break;
  }
  const rest = text.slice(text.indexOf('\n', lineStart) + 1).split('\n');
  for (const line of text.indexOf('\n', lineStart) < 0 ? [] : rest) {
    if (isBlank(line)) continue;
    if (indentOf(line) < column || (indentOf(line) === column - 2 && /^\s*- /.test(line))) break;
    collect(line);
  }
  return keys;
}
