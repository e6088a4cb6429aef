/**
 * The engine against the runtime: every realistic valid project yields no error and is accepted
 * by `docker compose config`; every broken file is rejected by `docker compose config` and the
 * engine reports the expected rule on each line marked `# expect: <rule>`.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../server/src/engine/config';
import { DiskHost } from '../server/src/engine/project/host';
import { projectsForPath } from '../server/src/engine/project/targets';
import { validateProject } from '../server/src/engine/validate';

const root = path.resolve(__dirname, '..', '..');
const host = new DiskHost({ PATH: process.env.PATH });

const compose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
const haveCompose = compose.status === 0;
const composeSkip = haveCompose ? false : 'docker compose is not installed (run .ci/provision.sh)';
if (!haveCompose && process.env.CI) throw new Error('CI must have docker compose: .ci/provision.sh did not install it');

function composeConfig(cwd: string, files: string[]) {
  const args = ['compose', ...files.flatMap((f) => ['-f', f]), 'config', '--quiet'];
  return spawnSync('docker', args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
}

const validDirs = [
  ...fs.readdirSync(path.join(root, 'test', 'corpus')).map((d) => path.join(root, 'test', 'corpus', d)),
  path.join(root, 'examples', 'tiered'),
];

for (const dir of validDirs) {
  const name = path.relative(root, dir);
  test(`valid project ${name}: no errors and no warnings`, () => {
    for (const input of projectsForPath(dir, host, defaultConfig(), true)) {
      const { findings } = validateProject(input, host);
      const serious = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(
        serious.map((f) => `${path.relative(dir, f.file.path)}:${f.file.positionAt(f.start).line + 1} ${f.ruleId}: ${f.message}`),
        [],
      );
    }
  });
  test(`valid project ${name}: accepted by docker compose config`, { skip: composeSkip }, () => {
    const r = composeConfig(dir, []);
    assert.equal(r.status, 0, r.stderr);
  });
}

const brokenDir = path.join(root, 'test', 'broken');
for (const file of fs.readdirSync(brokenDir).sort()) {
  const full = path.join(brokenDir, file);
  const expected = fs
    .readFileSync(full, 'utf8')
    .split('\n')
    .flatMap((line, i) => [...line.matchAll(/# expect: ([a-z-]+)/g)].map((m) => `${i + 1} ${m[1]}`));
  test(`broken ${file}: the engine reports ${expected.join(', ')}`, () => {
    const { findings } = validateProject({ files: [full] }, host);
    const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.file.positionAt(f.start).line + 1} ${f.ruleId}`);
    assert.deepEqual([...new Set(errors)].sort(), expected.sort());
  });
  const acceptedByConfig = /^# compose-config: accepts/m.test(fs.readFileSync(full, 'utf8'));
  test(`broken ${file}: docker compose config rejects it too`, { skip: composeSkip || (acceptedByConfig && 'found only when containers are created') }, () => {
    const r = composeConfig(brokenDir, [file]);
    assert.notEqual(r.status, 0, `docker compose accepted ${file}`);
  });
}
