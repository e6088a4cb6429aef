import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskHost } from '../../server/src/engine/project/host';
import { validateProject } from '../../server/src/engine/validate';
import { check, project, show } from '../helpers';

/** Counts the files a check reads, to prove each is read a bounded number of times. */
class CountingHost extends DiskHost {
  reads = 0;
  readFile(file: string): string | undefined {
    this.reads++;
    return super.readFile(file);
  }
}

/** Two files per level, each including both files of the next level: 2^depth include paths. */
function diamond(depth: number): Record<string, string> {
  const files: Record<string, string> = { 'compose.yaml': 'include:\n  - l0a.yaml\n  - l0b.yaml\n' };
  for (let i = 0; i < depth; i++) for (const s of 'ab') files[`l${i}${s}.yaml`] = `include:\n  - l${i + 1}a.yaml\n  - l${i + 1}b.yaml\n`;
  for (const s of 'ab') files[`l${depth}${s}.yaml`] = `services:\n  s${s}:\n    image: busybox:1.36\n    restart: unless-stopped\n`;
  return files;
}

test('a diamond of 35 include files, 16 deep: each file read a bounded number of times, no false conflict', () => {
  const dir = project(diamond(16));
  const host = new CountingHost({});
  const result = validateProject({ files: [path.join(dir, 'compose.yaml')] }, host);
  assert.deepEqual(
    result.findings.filter((f) => f.severity === 'error').map((f) => show(f, dir)),
    [],
  );
  assert.deepEqual(result.project.services.map((s) => s.name).sort(), ['sa', 'sb']);
  // 35 files; each is read to check it is a regular file and to parse it, plus .env probes.
  assert.ok(host.reads < 35 * 4, `${host.reads} reads`);
});

test('the same definition reached through two includes is no conflict; a different one is', () => {
  const found = check({
    'compose.yaml': 'include:\n  - b.yaml\n  - c.yaml\n  - other.yaml\n',
    'b.yaml': 'include:\n  - d.yaml\n',
    'c.yaml': 'include:\n  - d.yaml\n',
    'd.yaml': 'services:\n  d:\n    image: busybox:1.36\n',
    'other.yaml': 'services:\n  d:\n    image: busybox:1.35\n',
  }).filter((f) => f.includes(' include: '));
  assert.deepEqual(found, ['compose.yaml:4:5-4:15 error include: The service "d" from other.yaml conflicts with the service defined on line 2 of d.yaml.']);
});

test('an include chain deeper than 32 files: one warning on the include line that crosses it', () => {
  const files: Record<string, string> = { 'compose.yaml': 'include:\n  - f1.yaml\n' };
  for (let i = 1; i < 40; i++) files[`f${i}.yaml`] = `include:\n  - f${i + 1}.yaml\n`;
  files['f40.yaml'] = 'services:\n  a:\n    image: busybox:1.36\n';
  assert.deepEqual(
    check(files).filter((f) => f.includes('input-limit')),
    ['f31.yaml:2:5-2:13 warning input-limit: Includes nested deeper than 32 files: this include is not loaded.'],
  );
});

test('symlink fan-out: paths through a directory that links to itself are one file', () => {
  const dir = project({ 'compose.yaml': '', 'sub/common.yaml': 'services:\n  c:\n    image: busybox:1.36\n' });
  fs.symlinkSync('.', path.join(dir, 'sub', 'loop'));
  const includes = Array.from({ length: 12 }, (_, i) => `  - sub/${'loop/'.repeat(i)}common.yaml`).join('\n');
  fs.writeFileSync(path.join(dir, 'compose.yaml'), `include:\n${includes}\n`);
  const host = new CountingHost({});
  const result = validateProject({ files: [path.join(dir, 'compose.yaml')] }, host);
  assert.deepEqual(
    result.findings.filter((f) => f.ruleId === 'include').map((f) => show(f, dir)),
    [],
  );
  assert.deepEqual(
    result.project.services.map((s) => s.name),
    ['c'],
  );
  assert.ok(host.reads < 40, `${host.reads} reads`);
});

test('include of a directory, a FIFO or a device: an error on the include line, nothing opened', () => {
  const dir = project({ 'compose.yaml': '', 'adir/x': '' });
  execFileSync('mkfifo', [path.join(dir, 'pipe')]);
  fs.writeFileSync(path.join(dir, 'compose.yaml'), 'include:\n  - adir\n  - pipe\n  - /dev/zero\nservices:\n  a:\n    image: busybox:1.36\n');
  const result = validateProject({ files: [path.join(dir, 'compose.yaml')] }, new DiskHost({}));
  assert.deepEqual(
    result.findings.filter((f) => f.ruleId === 'include' || f.ruleId === 'missing-path').map((f) => show(f, dir)),
    [
      'compose.yaml:2:5-2:9 error include: Included path is not a regular file (a directory, a device or a FIFO): adir.',
      'compose.yaml:3:5-3:9 error include: Included path is not a regular file (a directory, a device or a FIFO): pipe.',
      'compose.yaml:4:5-4:14 error include: Included path is not a regular file (a directory, a device or a FIFO): /dev/zero.',
    ],
  );
});

test('include of a file that is no compose file: one error on the include line, nothing from inside it', () => {
  const found = check({
    'compose.yaml': 'include:\n  - /proc/self/environ\n  - creds.json\nservices:\n  a:\n    image: busybox:1.36\n',
    'creds.json': '{"auths": {"registry.example": {"auth": "c2VjcmV0OmNhbmFyeQ=="}}}\n',
  }).filter((f) => !f.startsWith('compose.yaml:4') && !f.startsWith('compose.yaml:5') && !f.startsWith('compose.yaml:6'));
  assert.deepEqual(found, [
    'compose.yaml:2:5-2:23 error include: Included file is not a Compose file (its top level is not a mapping of Compose sections): /proc/self/environ.',
    'compose.yaml:3:5-3:15 error include: Included file is not a Compose file (its top level is not a mapping of Compose sections): creds.json.',
  ]);
});

test('an extends chain of 1,000 services resolves each link once', () => {
  const lines = ['services:', '  s0:', '    image: busybox:1.36', '    labels: [l0=x]'];
  for (let i = 1; i < 1000; i++) lines.push(`  s${i}:`, `    extends: s${i - 1}`, `    environment: [LEVEL=${i}]`);
  const dir = project({ 'compose.yaml': lines.join('\n') + '\n' });
  const started = process.hrtime.bigint();
  const result = validateProject({ files: [path.join(dir, 'compose.yaml')] }, new DiskHost({}));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const last = result.project.service('s999');
  assert.equal(last?.node.pairs.map((p) => p.key.value).join(','), 'image,labels,environment');
  assert.equal(result.findings.filter((f) => f.ruleId === 'extends').length, 0);
  // A hang detector, not a speed target (the bench measures speed): cubic took 12 s.
  assert.ok(seconds < 10, `${seconds} s`);
});
