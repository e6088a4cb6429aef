import type { Contract } from '../contract/model';
import type { Finding } from '../diagnostic';
import type { Project } from '../project/model';
import type { SourceFile } from '../text';
import { contractFixes } from './contract-fixes';
import { getPair, isMap, type YNode } from '../yaml/nodes';

/** A text edit by offsets in one file. */
export interface Edit {
  file: SourceFile;
  start: number;
  end: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  /** The finding it fixes (for `diagnostics` in the code action), if any. */
  finding?: Finding;
  edits: Edit[];
  preferred?: boolean;
}

const indentAt = (file: SourceFile, offset: number) => {
  const line = file.lineText(file.positionAt(offset).line);
  return line.length - line.trimStart().length;
};

const lineStartOf = (file: SourceFile, offset: number) => file.offsetAt({ line: file.positionAt(offset).line, character: 0 });
const lineEndOf = (file: SourceFile, offset: number) => lineStartOf(file, offset) + file.lineText(file.positionAt(offset).line).length;

/** Inserts `name:` into a top-level section of `file` (creating the section at the end if needed). */
function declare(file: SourceFile, root: YNode | undefined, section: string, name: string): Edit {
  const pair = getPair(root, section);
  if (pair && isMap(pair.value) && pair.value.pairs.length > 0) {
    const last = pair.value.pairs[pair.value.pairs.length - 1];
    const indent = ' '.repeat(indentAt(file, last.key.start));
    // After the last line of the last entry (a block scalar's end is already on the next line).
    const at = lineEndOf(file, Math.max(last.key.end, last.value.end - 1));
    return { file, start: at, end: at, newText: `\n${indent}${name}:` };
  }
  if (pair) {
    const at = lineEndOf(file, pair.key.start);
    return { file, start: at, end: at, newText: `\n  ${name}:` };
  }
  const end = file.text.length;
  const sep = file.text.endsWith('\n') || end === 0 ? '' : '\n';
  return { file, start: end, end, newText: `${sep}${section}:\n  ${name}:\n` };
}

/**
 * Quick fixes for findings whose fix is certain, plus "silence this rule" for every finding.
 * `findings` are those the editor asks about (the diagnostics under the cursor).
 */
export function quickFixes(project: Project, contract: Contract | undefined, findings: Finding[]): QuickFix[] {
  const fixes: QuickFix[] = [];
  for (const f of findings) {
    const file = f.file;
    const root = project.fileRoots.get(file);
    switch (f.ruleId) {
      case 'undefined-reference': {
        const m = /refers to undefined (network|volume) "([^"]+)"/.exec(f.message);
        if (m) fixes.push({ title: `Declare ${m[1]} "${m[2]}"`, finding: f, preferred: true, edits: [declare(file, root, `${m[1]}s`, m[2])] });
        break;
      }
      case 'healthy-dependency': {
        const m = /but "([^"]+)" has no healthcheck/.exec(f.message);
        const target = m ? project.service(m[1]) : undefined;
        if (!target) break;
        const keyFile = target.key.file;
        const indent = ' '.repeat(indentAt(keyFile, target.key.start) + 2);
        const at = lineEndOf(keyFile, target.key.start);
        const block = [
          `healthcheck:`,
          `  test: ["CMD-SHELL", "exit 1  # replace with a command that succeeds when ${target.name} is ready"]`,
          '  interval: 10s',
          '  timeout: 3s',
          '  retries: 3',
          '  start_period: 10s',
        ]
          .map((l) => `\n${indent}${l}`)
          .join('');
        fixes.push({
          title: `Add a healthcheck skeleton to "${target.name}"`,
          finding: f,
          preferred: true,
          edits: [{ file: keyFile, start: at, end: at, newText: block }],
        });
        break;
      }
      case 'obsolete-version': {
        const start = lineStartOf(file, f.start);
        const next = file.offsetAt({ line: file.positionAt(f.start).line + 1, character: 0 });
        fixes.push({ title: 'Remove the obsolete "version" key', finding: f, preferred: true, edits: [{ file, start, end: next, newText: '' }] });
        break;
      }
      case 'unquoted-port': {
        const raw = file.text.slice(f.start, f.end);
        fixes.push({ title: `Quote the port "${raw}"`, finding: f, preferred: true, edits: [{ file, start: f.start, end: f.end, newText: `"${raw}"` }] });
        break;
      }
    }
    for (const fix of contractFixes(project, contract, f)) fixes.push({ ...fix, finding: f });
    const start = lineStartOf(file, f.start);
    const indent = ' '.repeat(indentAt(file, f.start));
    fixes.push({
      title: `Silence ${f.ruleId} on this line`,
      finding: f,
      edits: [{ file, start, end: start, newText: `${indent}# compose-mesh-disable-next-line ${f.ruleId}\n` }],
    });
    fixes.push({
      title: `Silence ${f.ruleId} in this file`,
      finding: f,
      edits: [{ file, start: 0, end: 0, newText: `# compose-mesh-disable-file ${f.ruleId}\n` }],
    });
  }
  return fixes;
}
