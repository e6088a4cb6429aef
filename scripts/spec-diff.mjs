// npm run spec:diff [-- <compose-spec.json>]
// Lists every difference between the canonical Compose Specification schema (draft-07
// `definitions` or 2020-12 `$defs`) and our structural model (server/src/engine/spec/compose.ts):
// key paths, value kinds, enums, patterns, required keys and which keys are allowed.
// `+` is only in the schema, `-` only in the model. Default schema: ../shared/compose-spec/.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as os from 'node:os';

const repo = new URL('..', import.meta.url).pathname;
const schemaFile = process.argv[2] ?? path.join(repo, '..', 'shared', 'compose-spec', 'compose-spec.json');
if (!fs.existsSync(schemaFile)) {
  console.error(`No schema at ${schemaFile}: usage: npm run spec:diff -- <path to compose-spec.json>`);
  process.exit(2);
}
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-diff-'));
const entry = path.join(dir, 'entry.ts');
const src = path.join(repo, 'server', 'src', 'engine', 'spec');
fs.writeFileSync(
  entry,
  `export { composeFile } from ${JSON.stringify(path.join(src, 'compose'))};\nexport * from ${JSON.stringify(path.join(src, 'shape'))};\n`,
);
const out = path.join(dir, 'spec.cjs');
await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error' });
const { composeFile, schemaShapes, modelShapes, diffShapes } = createRequire(import.meta.url)(out);
fs.rmSync(dir, { recursive: true, force: true });

const model = modelShapes(composeFile);
const differences = diffShapes(schemaShapes(schema), model.shapes);
console.log(`${schemaFile}: ${differences.length} difference(s) with the model`);
for (const d of differences) console.log(`  ${d}`);
if (model.beyond.length) console.log(`Patterns the model checks beyond the schema (${model.beyond.length}):`);
for (const b of model.beyond) console.log(`  ${b.path}: /${b.pattern}/ — ${b.because}`);
process.exitCode = differences.length ? 1 : 0;
