// npm run spec:diff -- <compose-spec.json>
// Lists the key paths the canonical Compose Specification schema has and our structural model
// (server/src/engine/spec/compose.ts) lacks, and the reverse, so the model can be kept current.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as os from 'node:os';

const schemaFile = process.argv[2];
if (!schemaFile) {
  console.error('usage: npm run spec:diff -- <path to compose-spec.json>');
  process.exit(2);
}
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));

const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spec-diff-')), 'compose.cjs');
await esbuild.build({ entryPoints: [new URL('../server/src/engine/spec/compose.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error' });
const { composeFile } = createRequire(import.meta.url)(out);

/** Key paths of a JSON schema: `services.*.build.context`, `[]` for list items. */
function schemaPaths(node, prefix, acc, seen = new Set()) {
  if (!node || typeof node !== 'object') return acc;
  if (node.$ref) {
    if (seen.has(node.$ref)) return acc;
    const target = node.$ref.replace('#/definitions/', '');
    return schemaPaths(schema.definitions[target], prefix, acc, new Set([...seen, node.$ref]));
  }
  for (const alt of [...(node.oneOf ?? []), ...(node.anyOf ?? [])]) schemaPaths(alt, prefix, acc, seen);
  for (const [k, v] of Object.entries(node.properties ?? {})) {
    const p = prefix ? `${prefix}.${k}` : k;
    acc.add(p);
    schemaPaths(v, p, acc, seen);
  }
  for (const [pattern, v] of Object.entries(node.patternProperties ?? {})) {
    if (pattern === '^x-') continue;
    schemaPaths(v, `${prefix}.*`, acc, seen);
  }
  if (node.items) schemaPaths(node.items, `${prefix}[]`, acc, seen);
  return acc;
}

/** The same paths for our model. */
function modelPaths(spec, prefix, acc, depth = 0) {
  if (!spec || depth > 12) return acc;
  if (spec.k === 'union') for (const alt of spec.alts) modelPaths(alt, prefix, acc, depth + 1);
  if (spec.k === 'array') modelPaths(spec.items, `${prefix}[]`, acc, depth + 1);
  if (spec.k === 'object') {
    for (const [k, v] of Object.entries(spec.props)) {
      const p = prefix ? `${prefix}.${k}` : k;
      acc.add(p);
      modelPaths(v, p, acc, depth + 1);
    }
    if (spec.additional) modelPaths(spec.additional, `${prefix}.*`, acc, depth + 1);
  }
  return acc;
}

const theirs = schemaPaths(schema, '', new Set());
const ours = modelPaths(composeFile, '', new Set());
const missing = [...theirs].filter((p) => !ours.has(p)).sort();
const extra = [...ours].filter((p) => !theirs.has(p)).sort();
console.log(`In the schema, not in the model (${missing.length}):`);
for (const p of missing) console.log(`  + ${p}`);
console.log(`In the model, not in the schema (${extra.length}):`);
for (const p of extra) console.log(`  - ${p}`);
process.exitCode = missing.length ? 1 : 0;
