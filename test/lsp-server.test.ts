/**
 * The language server's own behaviour over the protocol: projects isolated from each other,
 * re-checks limited to what changed, and incremental edits that end where a fresh server starts.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { validateProject } from '../server/src/engine/validate';
import type { ProjectInput } from '../server/src/engine/project/load';
import { errors, show, start, startInProcess } from './lsp-client';
import { project } from './helpers';
import { seeded } from './seeded-random';

test('lsp isolation: a project whose check overflows the stack says so, and the other projects are still checked', async () => {
  const dir = project({
    'broken/compose.yaml': 'services:\n  web:\n    image: busybox:1.36\n',
    'fine/compose.yaml': 'services:\n  web:\n    image: busybox:1.36\n    depends_on: [db]\n',
  });
  const broken = path.join(dir, 'broken', 'compose.yaml');
  const fine = path.join(dir, 'fine', 'compose.yaml');
  const overflow = (n: number): number => overflow(n + 1) + 1;
  const c = await startInProcess(dir, {
    // An engine that recurses without end on one project, as a pathological input once made it.
    validate: (input, host, config) =>
      input.files.includes(broken)
        ? { ...validateProject(input, host, config), findings: [], failures: [String(overflow(0))] }
        : validateProject(input, host, config),
  });
  c.open(broken);
  c.open(fine);
  assert.deepEqual((await c.diagnostics(broken, (d) => d.length > 0)).map(show), [
    '1:1-1:1 2 internal-error: Compose Mesh could not check this project (internal error: Maximum call stack size exceeded). Other files are still checked; details are in the Compose Mesh output.',
  ]);
  assert.deepEqual(errors(await c.diagnostics(fine, (d) => d.length > 0)), [
    '4:18-4:20 1 depends-on-unknown: Service "web" depends on undefined service "db".',
  ]);
  // The failing project stays failed while edits to the other one keep being checked.
  c.change(fine, 'services:\n  web:\n    image: busybox:1.36\n    depends_on: [dbx]\n');
  assert.deepEqual(errors(await c.diagnostics(fine, (d) => errors(d).some((e) => e.includes('"dbx"')))), [
    '4:18-4:21 1 depends-on-unknown: Service "web" depends on undefined service "dbx".',
  ]);
  assert.equal(c.current(broken)?.[0].code, 'internal-error');
  await c.stop();
});

test('lsp caching: an edit re-checks only the project that contains the file; a change to an included file re-checks its includer', async () => {
  const dir = project({
    'app/compose.yaml': 'include: [common.yaml]\nservices:\n  web:\n    image: busybox:1.36\n    depends_on: [db]\n',
    'app/common.yaml': 'services:\n  cache:\n    image: busybox:1.36\n',
    'other/compose.yaml': 'services:\n  api:\n    image: busybox:1.36\n',
  });
  const app = path.join(dir, 'app', 'compose.yaml');
  const common = path.join(dir, 'app', 'common.yaml');
  const other = path.join(dir, 'other', 'compose.yaml');
  const checks: string[] = [];
  const c = await startInProcess(dir, {
    validate: (input: ProjectInput, ...rest) => {
      checks.push(path.relative(dir, input.files[0]));
      return validateProject(input, ...rest);
    },
  });
  c.open(app);
  c.open(other);
  assert.deepEqual(errors(await c.diagnostics(app, (d) => d.length > 0)), ['5:18-5:20 1 depends-on-unknown: Service "web" depends on undefined service "db".']);
  await c.diagnostics(other);
  checks.length = 0;

  c.change(other, 'services:\n  api:\n    image: busybox:1.36\n    depends_on: [nope]\n');
  assert.deepEqual(errors(await c.diagnostics(other, (d) => errors(d).length > 0)), [
    '4:18-4:22 1 depends-on-unknown: Service "api" depends on undefined service "nope".',
  ]);
  assert.deepEqual(checks, ['other/compose.yaml']);

  // The included file changes on disk (a checkout): the including project is checked again, and only it.
  checks.length = 0;
  fs.writeFileSync(common, 'services:\n  db:\n    image: busybox:1.36\n');
  void c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(common).toString(), type: 2 }] });
  assert.deepEqual(errors(await c.diagnostics(app, (d) => errors(d).length === 0)), []);
  assert.deepEqual(checks, ['app/compose.yaml']);
  await c.stop();
});

test('lsp caching: edits in one project neither check nor publish another project again', async () => {
  const dir = project({
    'a/compose.yaml': 'services:\n  web:\n    image: busybox:1.36\n    depends_on: [db]\n',
    'b/compose.yaml': 'services:\n  api:\n    image: busybox:1.36\n    depends_on: [queue]\n',
  });
  const a = path.join(dir, 'a', 'compose.yaml');
  const b = path.join(dir, 'b', 'compose.yaml');
  const checks: string[] = [];
  const c = await startInProcess(dir, {
    validate: (input: ProjectInput, ...rest) => {
      checks.push(path.relative(dir, input.files[0]));
      return validateProject(input, ...rest);
    },
  });
  c.open(a);
  c.open(b);
  await c.diagnostics(a, (d) => errors(d).length === 1);
  assert.deepEqual(errors(await c.diagnostics(b, (d) => errors(d).length === 1)), [
    '4:18-4:23 1 depends-on-unknown: Service "api" depends on undefined service "queue".',
  ]);
  const publishedForB = c.publishedCount(b);
  checks.length = 0;
  // Each edit changes what A reports, so each is checked and published; B's list is neither.
  for (const missing of ['db1', 'db2', 'db3']) {
    c.change(a, `services:\n  web:\n    image: busybox:1.36\n    depends_on: [${missing}]\n`);
    await c.diagnostics(a, (d) => errors(d).some((e) => e.includes(`"${missing}"`)));
  }
  // Whatever a round publishes is written before the next message is read: a round trip after it sees all of it.
  await c.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: pathToFileURL(a).toString() } });
  assert.deepEqual(checks, ['a/compose.yaml', 'a/compose.yaml', 'a/compose.yaml']);
  assert.equal(c.publishedCount(b), publishedForB);
  assert.equal(errors(c.current(b) ?? []).length, 1);
  await c.stop();
});

/** Pieces an edit inserts: compose structure, references, YAML syntax that breaks and mends. */
const FRAGMENTS = [
  '\n  db:\n    image: busybox:1.36\n',
  '\n    depends_on: [db]',
  '\n    depends_on: [web]',
  '\n    ports: ["8080:80"]',
  '\n    networks: [front]',
  '\nnetworks:\n  front:\n',
  '${TAG:-1}',
  ': ',
  '- ',
  '"',
  '[',
  '  ',
  '\n',
  '&a ',
  '*a',
  '<<: *a\n',
  'x',
  '#',
];

interface Position {
  line: number;
  character: number;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Waits until `read` returns the same value for `quietMs`, then returns it. */
async function settled<T>(read: () => T, quietMs = 300): Promise<T> {
  let last = JSON.stringify(read());
  for (let waited = 0; waited < quietMs;) {
    await new Promise((r) => setTimeout(r, 50));
    const now = JSON.stringify(read());
    waited = now === last ? waited + 50 : 0;
    last = now;
  }
  return read();
}

test('lsp random edits: after seeded incremental edits to two files of a project, the diagnostics equal a fresh server’s on the final text', async () => {
  for (const seed of [1, 7, 42]) {
    const next = seeded(seed);
    const files: Record<string, string> = {
      'compose.yaml':
        'x-base: &a\n  restart: always\nservices:\n  web:\n    image: busybox:1.36\n    depends_on: [db]\n  api:\n    <<: *a\n    image: busybox:1.36\n',
      'compose.override.yaml': 'services:\n  web:\n    ports: ["8080:80"]\n',
    };
    const dir = project(files);
    const paths = Object.keys(files).map((f) => path.join(dir, f));
    const texts = new Map(paths.map((p) => [p, fs.readFileSync(p, 'utf8')]));
    const c = await start(dir);
    for (const p of paths) c.open(p);
    for (let i = 0; i < 60; i++) {
      const file = paths[Math.floor(next() * paths.length)];
      const text = texts.get(file) ?? '';
      const start = Math.floor(next() * (text.length + 1));
      const end = next() < 0.4 ? Math.min(text.length, start + Math.floor(next() * 12)) : start;
      const insert = next() < 0.75 ? FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] : '';
      c.edit(file, [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert }]);
      texts.set(file, text.slice(0, start) + insert + text.slice(end));
      // Sometimes let a check run between edits, so the caches see intermediate texts.
      if (next() < 0.2) await new Promise((r) => setTimeout(r, 80));
    }
    const edited = await settled(() => paths.map((p) => c.current(p)));
    await c.stop();

    const fresh = await start(dir);
    for (const p of paths) fresh.open(p, texts.get(p));
    for (const p of paths) await fresh.diagnostics(p);
    const expected = await settled(() => paths.map((p) => fresh.current(p)));
    await fresh.stop();
    const shown = (all: (Diagnostic[] | undefined)[]) => all.map((d) => (d ?? []).map(show));
    assert.deepEqual(shown(edited), shown(expected), `seed ${seed}; final texts:\n${[...texts.values()].join('\n---\n')}`);
  }
});

test('lsp quick re-check: a keystroke in a large project shows the edited service at once, without a whole check; what involves other services follows when typing pauses', async () => {
  const services = Array.from({ length: 20 }, (_, i) =>
    [`  svc${i}:`, '    image: busybox:1.36', '    restart: unless-stopped', `    ports: ["127.0.0.1:${20000 + i}:8080"]`, ''].join('\n'),
  );
  const dir = project({ 'compose.yaml': `services:\n${services.join('\n')}` });
  const file = path.join(dir, 'compose.yaml');
  let wholeChecks = 0;
  const c = await startInProcess(dir, {
    // Every project counts as large here: the quick path is taken whatever this machine's speed.
    quickRecheckFromMs: 0,
    validate: (...args) => {
      wholeChecks++;
      return validateProject(...args);
    },
  });
  c.open(file);
  await c.diagnostics(file, (d) => d.some((x) => x.code === 'no-healthcheck'));
  const checksBefore = wholeChecks;
  const line = 5 * 10 + 2; // svc10's "image:" line (zero-based)
  c.edit(file, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '    imagee: busybox:1.36\n' }]);
  const quick = await c.diagnostics(file, (d) => d.some((x) => x.code === 'schema'));
  assert.equal(wholeChecks, checksBefore, 'the keystroke was answered without a whole check');
  assert.deepEqual(errors(quick), ['53:5-53:11 1 schema: Unknown key "imagee" in service "svc10". Did you mean "image"?']);
  // svc10 now publishes svc11's port: a clash between two services, which only the whole check sees.
  const portLine = line + 3;
  c.edit(file, [{ range: { start: { line: portLine, character: 23 }, end: { line: portLine, character: 28 } }, text: '20011' }]);
  // A round trip (a hover answers from the last check): the edit has been handled, quickly, with nothing new to publish.
  await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: pathToFileURL(file).toString() }, position: { line: 0, character: 2 } });
  // The lightbulb's question at the cursor, away from any diagnostic, needs no check either.
  const away = { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } };
  const actions = await c.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: pathToFileURL(file).toString() },
    range: away,
    context: { diagnostics: [] },
  });
  assert.deepEqual(actions, []);
  assert.equal(wholeChecks, checksBefore, 'still no whole check while typing');
  assert.deepEqual(errors(c.current(file) ?? []), errors(quick), 'the quick answer does not guess at other services');
  const whole = await c.diagnostics(file, (d) => d.some((x) => x.code === 'port-clash'));
  assert.equal(wholeChecks, checksBefore + 1, 'one whole check once typing paused');
  assert.deepEqual(errors(whole), [
    '53:5-53:11 1 schema: Unknown key "imagee" in service "svc10". Did you mean "image"?',
    '61:13-61:35 1 port-clash: Host port 127.0.0.1:20011/tcp of service "svc11" is already published by service "svc10" (127.0.0.1:20011/tcp, line 56).',
  ]);
  await c.stop();
});
