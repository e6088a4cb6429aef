import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/engine/rules';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('package.json describes a severity setting for every rule, and only those', () => {
  const properties = manifest.contributes.configuration.properties['composeMesh.rules'].properties;
  assert.deepEqual(Object.keys(properties), RULES.map((r) => r.id));
});

test('the README lists every rule with its default severity', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const r of RULES) assert.match(readme, new RegExp(`\\| \`${r.id}\` \\| ${r.severity} \\|`), r.id);
});

test('rule ids are unique and every rule has a one-line doc', () => {
  assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
  for (const r of RULES) assert.ok(r.doc.length > 10 && !r.doc.includes('\n'), r.id);
});
