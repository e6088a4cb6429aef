import * as path from 'node:path';
import type { Finding } from '../diagnostic';

/** One-based line/column span of a finding, and its path relative to `cwd`. */
export function located(f: Finding, cwd: string) {
  const s = f.file.positionAt(f.start);
  const e = f.file.positionAt(f.end);
  return {
    file: path.relative(cwd, f.file.path) || f.file.path,
    line: s.line + 1,
    column: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
  };
}

/**
 * Characters a terminal or log viewer acts on rather than shows: C0 and C1 controls (escape
 * sequences, carriage returns that overwrite a line) and bidirectional overrides that reorder
 * what is read. Names in a compose file may contain them; the outputs never pass them through.
 */
export const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text for one output line: line breaks become spaces, other control characters are dropped. */
export function withoutControls(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ').replace(CONTROL, '');
}
