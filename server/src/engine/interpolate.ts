/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}`, `$$` as an escaped `$`.
 * Defaults may nest further expressions. A lone `$` not followed by a name or `{` stays literal,
 * as the runtime leaves it.
 */

export type Lookup = (name: string) => string | undefined;

export interface InterpolationIssue {
  kind: 'unset' | 'required' | 'invalid' | 'limit';
  variable: string;
  message: string;
  /** Offset range of the expression within the input string. */
  start: number;
  end: number;
}

export interface InterpolationResult {
  value: string;
  issues: InterpolationIssue[];
  /** Names of the variables read, with their offsets. */
  variables: { name: string; start: number; end: number; hasDefault: boolean }[];
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/** Defaults nested deeper than this are not expanded: each level is a recursion and a scan. */
export const MAX_INTERPOLATION_NESTING = 50;

export function interpolate(input: string, lookup: Lookup): InterpolationResult {
  const result: InterpolationResult = { value: '', issues: [], variables: [] };
  result.value = expand(input, 0, input.length, lookup, result, 0).value;
  return result;
}

interface Expanded {
  value: string;
}

function expand(s: string, from: number, to: number, lookup: Lookup, out: InterpolationResult, depth: number): Expanded {
  let value = '';
  let i = from;
  while (i < to) {
    const c = s[i];
    if (c !== '$') {
      value += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      value += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(s, i + 2, to);
      if (close < 0) {
        out.issues.push({
          kind: 'invalid',
          variable: '',
          message: `Invalid interpolation "${s.slice(i, to)}": "\${" is never closed. Write "$$" for a literal "$".`,
          start: i,
          end: to,
        });
        value += s.slice(i, to);
        break;
      }
      value += braced(s, i, close, lookup, out, depth);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1, to));
    if (m) {
      const name = m[0];
      const start = i;
      const end = i + 1 + name.length;
      out.variables.push({ name, start, end, hasDefault: false });
      const v = lookup(name);
      if (v === undefined) unset(out, name, start, end);
      value += v ?? '';
      i = end;
      continue;
    }
    value += '$';
    i++;
  }
  return { value };
}

function unset(out: InterpolationResult, name: string, start: number, end: number): void {
  out.issues.push({ kind: 'unset', variable: name, message: `The variable "${name}" is not set and has no default: it becomes an empty string.`, start, end });
}

/** Index of the `}` closing an expression whose body starts at `from`, honouring nesting. */
function matchingBrace(s: string, from: number, to: number): number {
  let depth = 1;
  for (let i = from; i < to; i++) {
    if (s[i] === '$' && s[i + 1] === '$') {
      i++;
      continue;
    }
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
      continue;
    }
    if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function braced(s: string, start: number, close: number, lookup: Lookup, out: InterpolationResult, depth: number): string {
  if (depth >= MAX_INTERPOLATION_NESTING) {
    out.issues.push({
      kind: 'limit',
      variable: '',
      message: `Interpolation nested deeper than ${MAX_INTERPOLATION_NESTING} levels: its value is not worked out.`,
      start,
      end: close + 1,
    });
    return '';
  }
  const bodyStart = start + 2;
  const body = s.slice(bodyStart, close);
  const m = NAME.exec(body);
  const expr = s.slice(start, close + 1);
  if (!m) {
    out.issues.push({
      kind: 'invalid',
      variable: '',
      message: `Invalid interpolation "${expr}": a variable name must start with a letter or "_". Write "$$" for a literal "$".`,
      start,
      end: close + 1,
    });
    return expr;
  }
  const name = m[0];
  const rest = body.slice(name.length);
  const v = lookup(name);
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (!op) {
    if (rest.length > 0) {
      out.issues.push({
        kind: 'invalid',
        variable: name,
        message: `Invalid interpolation "${expr}": expected "}" or one of ":-", "-", ":?", "?", ":+", "+" after "${name}".`,
        start,
        end: close + 1,
      });
      return expr;
    }
    out.variables.push({ name, start, end: close + 1, hasDefault: false });
    if (v === undefined) unset(out, name, start, close + 1);
    return v ?? '';
  }
  const argStart = bodyStart + name.length + op.length;
  const arg = () => expand(s, argStart, close, lookup, out, depth + 1).value;
  const colon = op.startsWith(':');
  const missing = colon ? v === undefined || v === '' : v === undefined;
  out.variables.push({ name, start, end: close + 1, hasDefault: op.endsWith('-') || op.endsWith('+') });
  switch (op) {
    case ':-':
    case '-':
      return missing ? arg() : (v as string);
    case ':+':
    case '+':
      return missing ? '' : arg();
    default: {
      if (!missing) return v as string;
      arg();
      // The message as written: expanded, it could carry another variable's value.
      const text = s.slice(argStart, close);
      out.issues.push({
        kind: 'required',
        variable: name,
        message: `Required variable "${name}" is ${v === undefined ? 'not set' : 'empty'}${text ? `: ${text}` : ''}.`,
        start,
        end: close + 1,
      });
      return '';
    }
  }
}
