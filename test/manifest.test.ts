import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/engine/rules';
import { NUMBER_SETTINGS, numberSetting } from '../client/src/settings';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('package.json describes a severity setting for every rule, and only those', () => {
  const properties = manifest.contributes.configuration.properties['composeMesh.rules'].properties;
  assert.deepEqual(
    Object.keys(properties),
    RULES.map((r) => r.id),
  );
});

test('the README lists every rule with its default severity', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const r of RULES) assert.match(readme, new RegExp(`\\| \`${r.id}\` \\| ${r.severity} \\|`), r.id);
});

test('rule ids are unique and every rule has a one-line doc', () => {
  assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
  for (const r of RULES) assert.ok(r.doc.length > 10 && !r.doc.includes('\n'), r.id);
});

test('numeric settings: the floors the code enforces are the ones package.json declares', () => {
  const properties = manifest.contributes.configuration.properties;
  for (const [key, spec] of Object.entries(NUMBER_SETTINGS)) {
    const declared = properties[`composeMesh.${key}`];
    assert.deepEqual({ default: declared?.default, minimum: declared?.minimum }, spec, key);
  }
  assert.equal(numberSetting('health.safetyNetSeconds', 0), 10);
  assert.equal(numberSetting('health.safetyNetSeconds', 'fast'), 60);
  assert.equal(numberSetting('recovery.maxAttempts', 5), 5);
});

test('every setting that makes the extension act or reach somewhere is restricted in untrusted workspaces', () => {
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  const acting = Object.keys(manifest.contributes.configuration.properties).filter(
    (k) => /^composeMesh\.(docker|live|recovery|health|start)\./.test(k) || k === 'composeMesh.metrics.openMetricsPort',
  );
  assert.deepEqual(
    acting.filter((k) => !restricted.includes(k)),
    [],
  );
});

test('settings read per folder (the checks, a project start, its logs) are resource-scoped, so a folder of a multi-root workspace can set its own', () => {
  const properties: Record<string, { scope?: string }> = manifest.contributes.configuration.properties;
  assert.deepEqual(
    Object.keys(properties).filter((k) => properties[k].scope === 'resource'),
    ['rules', 'fileSets', 'target', 'maxFileSizeMiB', 'profiles', 'contract', 'start.timeoutSeconds', 'logs.timestamps'].map((k) => `composeMesh.${k}`),
  );
});
