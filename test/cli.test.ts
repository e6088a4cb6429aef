/** The bundled CLI, run as a CI job runs it. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { formatText } from '../server/src/engine/format/text';
import { defaultConfig } from '../server/src/engine/config';
import { DiskHost, OverlayHost } from '../server/src/engine/project/host';
import { validateProject } from '../server/src/engine/validate';
import { project, yaml } from './helpers';

const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });

const broken = yaml`
  services:
    web:
      image: busybox:1.36
      restart: always
      healthcheck: { test: ["CMD", "true"] }
      depends_on: [db]
      privileged: true
`;
const clean = 'services:\n  web:\n    image: busybox:1.36\n    restart: always\n    healthcheck: { test: ["CMD", "true"] }\n';

test('cli text: file:line:col, severity, rule, message, the source line and a summary; exit 1 on errors', () => {
  const dir = project({ 'compose.yaml': broken });
  const r = run(dir, 'validate', '--no-color');
  assert.equal(r.status, 1, r.stderr);
  assert.equal(
    r.stdout,
    [
      'compose.yaml:6:18: error [depends-on-unknown] Service "web" depends on undefined service "db".',
      '      depends_on: [db]',
      '                   ^^',
      'compose.yaml:7:5: warning [privileged] Service "web" runs privileged: it can take over the host. Grant only the capabilities it needs with "cap_add".',
      '      privileged: true',
      '      ^^^^^^^^^^',
      '2 findings: 1 error, 1 warning',
      '',
    ].join('\n'),
  );
});

test('cli: exit 0 when clean, --fail-on lowers the bar, a config file raises a rule', () => {
  const dir = project({ 'compose.yaml': clean });
  const ok = run(dir, 'validate');
  assert.equal(ok.status, 0);
  assert.equal(ok.stdout, 'No problems found.\n');
  const warnDir = project({ 'compose.yaml': clean.replace('busybox:1.36', 'busybox') });
  assert.equal(run(warnDir, 'validate').status, 0);
  assert.equal(run(warnDir, 'validate', '--fail-on', 'warning').status, 1);
  const configured = project({ 'compose.yaml': clean.replace('busybox:1.36', 'busybox'), '.compose-mesh.yaml': 'rules:\n  image-unpinned: error\n' });
  const r = run(configured, 'validate', '--no-color');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /compose\.yaml:3:12: error \[image-unpinned\]/);
});

test('cli json: one object per finding', () => {
  const dir = project({ 'compose.yaml': broken });
  const r = run(dir, 'validate', '--format', 'json');
  assert.deepEqual(JSON.parse(r.stdout)[0], {
    file: 'compose.yaml',
    line: 6,
    column: 18,
    endLine: 6,
    endColumn: 20,
    severity: 'error',
    rule: 'depends-on-unknown',
    message: 'Service "web" depends on undefined service "db".',
  });
});

test('cli github: workflow annotations', () => {
  const dir = project({ 'compose.yaml': broken });
  const r = run(dir, 'validate', '--format', 'github');
  assert.equal(
    r.stdout.split('\n')[0],
    '::error file=compose.yaml,line=6,col=18,endLine=6,endColumn=20,title=compose-mesh (depends-on-unknown)::Service "web" depends on undefined service "db".',
  );
});

test('cli sarif: a valid SARIF 2.1.0 log', () => {
  const dir = project({ 'compose.yaml': broken });
  const log = JSON.parse(run(dir, 'validate', '--format', 'sarif').stdout);
  assert.equal(log.version, '2.1.0');
  const runObj = log.runs[0];
  assert.equal(runObj.tool.driver.name, 'compose-mesh');
  const result = runObj.results[0];
  assert.equal(result.ruleId, 'depends-on-unknown');
  assert.equal(runObj.tool.driver.rules[result.ruleIndex].id, 'depends-on-unknown');
  assert.equal(result.level, 'error');
  assert.deepEqual(result.locations[0].physicalLocation, {
    artifactLocation: { uri: 'compose.yaml', uriBaseId: 'SRCROOT' },
    region: { startLine: 6, startColumn: 18, endLine: 6, endColumn: 20 },
  });
});

test('cli: -f file sets, paths and profiles', () => {
  const dir = project({
    'compose.yaml': clean,
    'compose.ci.yaml':
      'services:\n  web:\n    depends_on: [tools]\n  tools:\n    image: busybox:1.36\n    restart: always\n    healthcheck: { test: ["CMD", "true"] }\n    profiles: [ci]\n',
  });
  const without = run(dir, 'validate', '-f', 'compose.yaml', '-f', 'compose.ci.yaml', '--no-color');
  assert.equal(without.status, 1);
  assert.match(without.stdout, /compose\.ci\.yaml:3:18: error \[depends-on-unknown\] Service "web" depends on "tools", which is disabled/);
  assert.equal(run(dir, 'validate', '-f', 'compose.yaml', '-f', 'compose.ci.yaml', '--profile', 'ci').status, 0);
  // A variant named as a path is checked on top of its base file.
  assert.equal(run(dir, 'validate', 'compose.ci.yaml', '--profile', 'ci').status, 0);
});

test('cli: exit 2 for usage and I/O errors, with a clear message', () => {
  const dir = project({ 'compose.yaml': clean });
  const bad = run(dir, 'validate', '--format', 'xml');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown format "xml"/);
  const missing = run(dir, 'validate', 'nope.yaml');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no such file or directory: nope\.yaml/);
  const empty = project({ 'README.md': 'x' });
  const none = run(empty, 'validate');
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no compose file in \./);
  assert.equal(run(dir, 'frobnicate').status, 2);
  const remote = run(dir, 'validate', 'file://host/x');
  assert.equal(remote.status, 2);
  assert.equal(remote.stderr.split('\n')[0], 'compose-mesh: "file://host/x" names a file on another machine ("host"): give a local path');
});

test('cli: terminal escapes and control characters in names never reach the output, coloured or not', () => {
  const dir = project({ 'compose.yaml': 'services:\n  "a\\e]0;pwn\\a\\e[31mred\\r":\n    image: busybox:1.36\n' });
  const text = run(dir, 'validate', '--no-color');
  assert.ok(
    text.stdout.includes('compose.yaml:2:3: error [schema] "a]0;pwn[31mred " is not a valid name in "services": use only letters, digits, ".", "_" and "-".\n'),
    text.stdout,
  );
  for (const format of ['text', 'github', 'json', 'sarif']) {
    const out = run(dir, 'validate', '--format', format).stdout;
    assert.ok(out.includes('pwn'), format);
    assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, format);
  }
  const { findings } = validateProject({ files: [path.join(dir, 'compose.yaml')] }, new DiskHost({}), defaultConfig());
  const coloured = formatText(findings, dir, true);
  assert.match(coloured, /\u001b\[/, 'colour codes of our own are there');
  assert.doesNotMatch(coloured.replace(/\u001b\[[0-9;]*m/g, ''), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
});

test('cli --live: an engine that cannot be resolved (unknown docker context, unsupported host) is a clear I/O error, no stack', () => {
  const dir = project({ 'compose.yaml': clean });
  const home = project({ '.docker/config.json': '{}' });
  const context = spawnSync(process.execPath, [cli, 'validate', '--live'], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, DOCKER_CONTEXT: 'nosuch' },
  });
  assert.equal(context.status, 2);
  assert.match(context.stderr, /^compose-mesh: no Docker Engine for --live: docker context "nosuch" is selected but \S+meta\.json does not exist\n$/);
  const host = run(dir, 'validate', '--live', '--docker-host', 'ftp://engine.example');
  assert.equal(host.status, 2);
  assert.equal(
    host.stderr,
    'compose-mesh: no Docker Engine for --live: unsupported Docker host "ftp://engine.example" (use unix://, npipe://, tcp:// or ssh://)\n',
  );
});

test("cli --live: a Docker host's user password and query never reach the output, whatever the format", () => {
  const dir = project({ 'compose.yaml': clean });
  const given = run(dir, 'validate', '--live', '--docker-host', 'tcp://ci:hunter2pw@127.0.0.1:1');
  assert.equal(given.status, 2);
  assert.equal(
    given.stderr,
    'compose-mesh: cannot reach the Docker Engine at tcp://ci:***@127.0.0.1:1 (from --docker-host): connect ECONNREFUSED 127.0.0.1:1\n',
  );
  for (const format of ['text', 'json', 'sarif', 'github']) {
    const fromEnv = spawnSync(process.execPath, [cli, 'validate', '--live', '--format', format], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DOCKER_HOST: 'tcp://ci:hunter2pw@127.0.0.1:1/?token=t0ken' },
    });
    assert.equal(fromEnv.status, 2, format);
    assert.equal(
      fromEnv.stdout + fromEnv.stderr,
      'compose-mesh: cannot reach the Docker Engine at tcp://ci:***@127.0.0.1:1/?*** (from DOCKER_HOST): connect ECONNREFUSED 127.0.0.1:1\n',
      format,
    );
  }
  const unsupported = run(dir, 'validate', '--live', '--docker-host', 'ftp://ci:hunter2pw@engine.example?token=t0ken');
  assert.equal(
    unsupported.stderr,
    'compose-mesh: no Docker Engine for --live: unsupported Docker host "ftp://ci:***@engine.example?***" (use unix://, npipe://, tcp:// or ssh://)\n',
  );
});

test('cli: inline suppressions', () => {
  const dir = project({
    'compose.yaml': broken
      .replace('privileged: true', 'privileged: true # compose-mesh-disable-line privileged')
      .replace('depends_on: [db]', '# compose-mesh-disable-next-line\n    depends_on: [db]'),
  });
  const r = run(dir, 'validate');
  assert.equal(r.status, 0, r.stdout);
  assert.equal(r.stdout, 'No problems found.\n');
});

test('cli and editor agree on a file over the size limit: said on the file, never "not found"', () => {
  // About 1.3 MiB: 2,000 services.
  const services = Array.from(
    { length: 2000 },
    (_, i) =>
      `  svc${i}:\n    image: busybox:1.36\n    restart: always\n    healthcheck: { test: ["CMD", "true"] }\n    labels: { padding: "${'x'.repeat(560)}" }\n`,
  );
  const big = `services:\n${services.join('')}`;
  const message = (size: string) =>
    `compose.yaml:1:1: error [file-too-large] Compose file is larger than 1 MiB (${size} MiB): not checked. Raise the limit with composeMesh.maxFileSizeMiB, --max-file-size or maxFileSizeMiB in .compose-mesh.yaml.`;
  const size = (Buffer.byteLength(big) / 1024 / 1024).toFixed(1);
  const dir = project({ 'compose.yaml': big });
  const limited = run(dir, 'validate', '--no-color', '--max-file-size', '1');
  assert.equal(limited.status, 1, limited.stderr);
  assert.equal(limited.stdout.split('\n')[0], message(size));
  const configured = project({ 'compose.yaml': big, '.compose-mesh.yaml': 'maxFileSizeMiB: 1\n' });
  assert.equal(run(configured, 'validate', '--no-color').stdout.split('\n')[0], message(size));
  // Under the default limit the same file is checked.
  const checked = run(dir, 'validate', '--no-color');
  assert.equal(checked.status, 0, checked.stdout);
  // The language server reads the open buffer through an overlay that obeys the same limit.
  const file = path.join(dir, 'compose.yaml');
  const disk = new DiskHost({ PATH: process.env.PATH }, 1);
  const editor = validateProject({ files: [file] }, new OverlayHost(new Map([[file, big]]), disk)).findings.map((f) => `${f.ruleId}: ${f.message}`);
  assert.deepEqual(editor, [message(size).replace(/^.*\[file-too-large\] /, 'file-too-large: ')]);
});
