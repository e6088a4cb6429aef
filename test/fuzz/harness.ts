import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/engine/config';
import { buildTopology } from '../../server/src/engine/contract/topology';
import { toMermaid } from '../../server/src/engine/contract/mermaid';
import { formatGithub } from '../../server/src/engine/format/github';
import { formatJson } from '../../server/src/engine/format/json';
import { formatSarif } from '../../server/src/engine/format/sarif';
import { formatText } from '../../server/src/engine/format/text';
import { quickFixes } from '../../server/src/engine/language/actions';
import { complete } from '../../server/src/engine/language/completion';
import { formatCompose } from '../../server/src/engine/language/format';
import { hover } from '../../server/src/engine/language/hover';
import { documentLinks, foldingRanges, outline } from '../../server/src/engine/language/outline';
import { collectSymbols } from '../../server/src/engine/language/symbols';
import { DiskHost } from '../../server/src/engine/project/host';
import { validateProject, type ValidationResult } from '../../server/src/engine/validate';
import { seeded } from '../seeded-random';

/** Offsets worth asking language features about: a spread over the text plus its ends. */
function probeOffsets(length: number, rnd: () => number): number[] {
  return [0, length, Math.max(0, length - 1), ...Array.from({ length: 6 }, () => Math.floor(rnd() * (length + 1)))];
}

export interface Everything {
  result: ValidationResult;
  /** Every output a user can see, as one string per channel. */
  outputs: Record<string, string>;
}

/**
 * Runs a project through the engine, every output format and every language feature on each of
 * its files, asserting what holds for any input: no exception, every finding inside its file.
 */
export function runEverything(dir: string, env: Record<string, string>, seed: number): Everything {
  const host = new DiskHost({ ...env });
  const result = validateProject({ files: [path.join(dir, 'compose.yaml')] }, host, defaultConfig());
  assert.deepEqual(result.failures, []);
  for (const f of result.findings) {
    assert.ok(
      f.start >= 0 && f.start <= f.end && f.end <= f.file.text.length,
      `${f.ruleId} ${f.start}-${f.end} outside ${f.file.path} (${f.file.text.length})`,
    );
  }
  const outputs: Record<string, string> = {
    text: formatText(result.findings, dir, true),
    json: formatJson(result.findings, dir),
    github: formatGithub(result.findings, dir),
    sarif: formatSarif(result.findings, dir, 'fuzz'),
  };
  if (result.contract) {
    const picture = buildTopology(result.project, result.contract, result.findings);
    outputs.topology = JSON.stringify(picture) + toMermaid(picture);
  }
  const rnd = seeded(seed);
  const symbols = collectSymbols(result.project, result.contract);
  const language: unknown[] = [symbols, quickFixes(result.project, result.contract, result.findings)];
  for (const file of result.project.files) {
    const text = file.text;
    language.push(
      outline(result.project.fileRoots.get(file)),
      foldingRanges(result.project.fileRoots.get(file), file),
      documentLinks(result.project, file),
      formatCompose(text),
    );
    for (const offset of probeOffsets(text.length, rnd)) {
      language.push(hover(text, offset, { project: result.project, contract: result.contract, isContract: false, symbols, file: file.path }));
      language.push(complete(text, offset, { project: result.project, contract: result.contract, isContract: false }));
    }
  }
  outputs.language = JSON.stringify(language);
  return { result, outputs };
}

/** Writes a project (relative path → content; bytes kept as they are) into `dir`. */
export function writeProject(dir: string, files: Record<string, string | Uint8Array>): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}
