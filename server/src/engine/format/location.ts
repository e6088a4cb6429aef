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
