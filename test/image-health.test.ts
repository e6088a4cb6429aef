/**
 * An image's own HEALTHCHECK, read from the engine: `service_healthy` on a service whose image
 * defines one is no problem — in the CLI with --live and in the editor, whose client asks its
 * engine. Real engine, images built locally.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Docker from 'dockerode';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
import { inspectImageHealth } from '../common/docker/image-health';
import { dockerSkip, ensureImage, IMAGE, run } from './docker';
import { findings, yaml } from './helpers';
import { start } from './lsp-client';

const skip = dockerSkip();
const WITH = 'compose-mesh-test/healthchecked:1';
const NONE = 'compose-mesh-test/healthcheck-none:1';
const ABSENT = 'compose-mesh-test/never-built:1';
const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

function buildImages(): void {
  ensureImage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-hc-'));
  for (const [tag, line] of [
    [WITH, 'HEALTHCHECK --interval=5s CMD ["true"]'],
    [NONE, 'HEALTHCHECK NONE'],
  ]) {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${IMAGE}\n${line}\n`);
    const r = run('docker', ['build', '-q', '-t', tag, dir]);
    if (r.status !== 0) throw new Error(`docker build ${tag} failed: ${r.stderr}`);
  }
}

const compose = yaml`
  services:
    web:
      image: ${IMAGE}
      depends_on:
        checked: { condition: service_healthy }
        unchecked: { condition: service_healthy }
        absent: { condition: service_healthy }
    checked:
      image: ${WITH}
    unchecked:
      image: ${NONE}
    absent:
      image: ${ABSENT}
`;
const waits = (name: string, rest: string) => `Service "web" waits for "${name}" to be healthy, but "${name}" ${rest}`;

test('image health: the engine says defined, none (HEALTHCHECK NONE and no HEALTHCHECK) or missing', { skip }, async () => {
  buildImages();
  const docker = new Docker(resolveDockerEndpoint({ env: process.env }).options);
  assert.deepEqual(await inspectImageHealth(docker, [WITH, NONE, IMAGE, ABSENT]), { [WITH]: 'defined', [NONE]: 'none', [IMAGE]: 'none', [ABSENT]: 'missing' });
});

test('image health: without an engine the images are named as not inspected', () => {
  assert.deepEqual(findings('healthy-dependency', compose), [
    `compose.yaml:5:29-5:44 warning healthy-dependency: ${waits('checked', `has no healthcheck in the project, and its image "${WITH}" could not be inspected: unless that image defines one, the start will fail.`)}`,
    `compose.yaml:6:31-6:46 warning healthy-dependency: ${waits('unchecked', `has no healthcheck in the project, and its image "${NONE}" could not be inspected: unless that image defines one, the start will fail.`)}`,
    `compose.yaml:7:28-7:43 warning healthy-dependency: ${waits('absent', `has no healthcheck in the project, and its image "${ABSENT}" could not be inspected: unless that image defines one, the start will fail.`)}`,
  ]);
});

test('image health: validate --live reads the images on the engine', { skip }, () => {
  buildImages();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-hc-cli-'));
  try {
    fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
    const r = spawnSync(process.execPath, [cli, 'validate', '--live', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
    const shown = (JSON.parse(r.stdout) as { rule: string; message: string; line: number }[])
      .filter((f) => f.rule === 'healthy-dependency')
      .map((f) => `${f.line} ${f.message}`);
    assert.deepEqual(shown, [
      `6 ${waits('unchecked', `has no healthcheck, and its image "${NONE}" (inspected on the engine) defines none: the start will fail.`)}`,
      `7 ${waits('absent', `has no healthcheck in the project, and its image "${ABSENT}" is not on the engine yet: unless that image defines one, the start will fail.`)}`,
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('image health: the language server asks the client, whose engine answers, and re-checks', { skip }, async () => {
  buildImages();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-hc-lsp-'));
  const file = path.join(dir, 'compose.yaml');
  fs.writeFileSync(file, compose);
  const docker = new Docker(resolveDockerEndpoint({ env: process.env }).options);
  const asked: string[][] = [];
  const c = await start(dir, undefined, { imageHealth: true });
  c.connection.onRequest('composeMesh/imageHealth', ({ images }: { images: string[] }) => (asked.push(images), inspectImageHealth(docker, images)));
  try {
    c.open(file);
    const messages = (await c.diagnostics(file, (d) => d.filter((x) => x.code === 'healthy-dependency').length === 2)).filter(
      (x) => x.code === 'healthy-dependency',
    );
    assert.deepEqual(
      messages.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`),
      [
        `6:31 ${waits('unchecked', `has no healthcheck, and its image "${NONE}" (inspected on the engine) defines none: the start will fail.`)}`,
        `7:28 ${waits('absent', `has no healthcheck in the project, and its image "${ABSENT}" is not on the engine yet: unless that image defines one, the start will fail.`)}`,
      ],
    );
    // Asked once, for every image without a healthcheck in the project; an edit elsewhere does not ask again.
    assert.deepEqual(
      asked.map((a) => [...a].sort()),
      [[ABSENT, IMAGE, NONE, WITH].sort()],
    );
    c.change(file, compose.replace('  web:\n', '  web:\n    init: true\n'));
    await c.diagnostics(file, (d) => d.some((x) => x.code === 'healthy-dependency' && x.range.start.line === 7));
    assert.equal(asked.length, 1);
  } finally {
    await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
