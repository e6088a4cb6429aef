import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig, type Config } from '../server/src/engine/config';
import type { Finding } from '../server/src/engine/diagnostic';
import { DiskHost } from '../server/src/engine/project/host';
import type { ProjectInput } from '../server/src/engine/project/load';
import { validateProject } from '../server/src/engine/validate';

/** Writes files (relative path → content) into a fresh temporary directory. */
export function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-test-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

/** A finding as the user sees it: `file:line:col-line:col severity rule: message` (1-based). */
export function show(f: Finding, dir: string): string {
  const s = f.file.positionAt(f.start);
  const e = f.file.positionAt(f.end);
  return `${path.relative(dir, f.file.path)}:${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${f.severity} ${f.ruleId}: ${f.message}`;
}

export interface CheckOptions {
  /** Files of the project, in -f order (default: compose.yaml). */
  files?: string[];
  env?: Record<string, string>;
  config?: Partial<Config>;
  input?: Partial<ProjectInput>;
}

/** Validates a project written from `files` and returns its findings as strings. */
export function check(files: Record<string, string>, opts: CheckOptions = {}): string[] {
  const dir = project(files);
  const input: ProjectInput = { files: (opts.files ?? ['compose.yaml']).map((f) => path.join(dir, f)), ...opts.input };
  const result = validateProject(input, new DiskHost({ PATH: process.env.PATH, ...opts.env }), { ...defaultConfig(), ...opts.config });
  if (result.failures.length) throw new Error(result.failures.join('\n'));
  return result.findings.map((f) => show(f, dir));
}

/** Findings of one rule only, for a single compose.yaml. */
export function findings(ruleId: string, yaml: string, opts: CheckOptions & { extra?: Record<string, string> } = {}): string[] {
  return check({ 'compose.yaml': yaml, ...opts.extra }, opts).filter((f) => f.includes(` ${ruleId}: `));
}

/** Dedents a template literal so fixtures can be indented with the test code. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return (
    lines
      .map((l) => l.slice(indent))
      .join('\n')
      .replace(/\s+$/, '') + '\n'
  );
}
