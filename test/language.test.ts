/** Language features over the real protocol: completion, hover, navigation, rename, fixes, outline. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, Hover, Location, WorkspaceEdit, CodeAction, DocumentSymbol, TextEdit } from 'vscode-languageserver-protocol';
import { EditorPeersNotification, ServiceStateRequest } from '../common/protocol';
import { project } from './helpers';
import { errors, start, type Client } from './lsp-client';

const compose = [
  'version: "3.9"',
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    env_file: web.env',
  '    depends_on:',
  '      db:',
  '        condition: service_healthy',
  '    networks: [front]',
  '    environment:',
  '      DB_URL: postgres://db:5432/app',
  '  db:',
  '    image: postgres:16',
  '    networks: [front, back]',
  '    volumes:',
  '      - data:/var/lib/postgresql/data',
  'networks:',
  '  front:',
  '  back:',
  '    internal: true',
  'volumes:',
  '  data:',
  '',
].join('\n');

const at = (text: string, needle: string, delta = 0) => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

async function setup(files: Record<string, string> = {}): Promise<{ c: Client; dir: string; uri: string; file: string }> {
  const dir = project({ 'compose.yaml': compose, 'web.env': 'A=1\n', ...files });
  const c = await start(dir);
  const file = path.join(dir, 'compose.yaml');
  c.open(file);
  await c.diagnostics(file);
  return { c, dir, uri: pathToFileURL(file).toString(), file };
}

const labels = (items: CompletionItem[] | { items: CompletionItem[] } | null) => (Array.isArray(items) ? items : (items?.items ?? [])).map((i) => i.label);

test('completion: keys by position, values, and names at reference sites', async () => {
  const { c, file, uri } = await setup();
  const complete = async (text: string, marker: string) => {
    c.change(file, text.replace(marker, ''));
    await c.diagnostics(file, () => true);
    return (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: at(text, marker) })) as CompletionItem[];
  };
  const keys = await complete(compose.replace('    image: nginx:1.27\n', '    image: nginx:1.27\n    resta§\n'), '§');
  const restart = keys.find((i) => i.label === 'restart');
  assert.ok(restart, 'restart is offered');
  assert.ok(!labels(keys).includes('image'), 'keys already present are not offered again');
  assert.deepEqual((restart.textEdit as TextEdit).range, { start: { line: 4, character: 4 }, end: { line: 4, character: 9 } });
  assert.equal(restart.documentation && typeof restart.documentation !== 'string' ? restart.documentation.value : '', 'Restart policy.');

  const values = await complete(compose.replace('    image: nginx:1.27\n', '    image: nginx:1.27\n    restart: §\n'), '§');
  assert.deepEqual(labels(values), ['no', 'always', 'on-failure', 'unless-stopped']);

  const deps = await complete(compose.replace('    depends_on:\n      db:\n        condition: service_healthy\n', '    depends_on:\n      - §\n'), '§');
  assert.deepEqual(labels(deps), ['db']);

  const nets = await complete(compose.replace('    networks: [front]\n', '    networks: [front, §]\n'), '§');
  assert.deepEqual(labels(nets), ['back', 'default'], 'a network already listed is not offered again');

  const conditions = await complete(compose.replace('condition: service_healthy', 'condition: §'), '§');
  assert.deepEqual(labels(conditions), ['service_started', 'service_healthy', 'service_completed_successfully']);

  const top = await complete(compose.replace('networks:\n  front:', 'networks:\n  front:\n§'), '§');
  assert.ok(labels(top).includes('secrets') && labels(top).includes('configs') && !labels(top).includes('services'));

  const snippet = await complete(compose.replace('services:\n', 'services:\n  §\n'), '§');
  assert.ok(labels(snippet).includes('service with a healthcheck'));
  await c.stop();
});

test('completion of depends_on: no service already listed, none that would close a cycle, and accepting one leaves no error', async () => {
  const text = [
    'services:',
    '  web:',
    '    image: busybox:1.36',
    '    restart: unless-stopped',
    '    depends_on:',
    '      db:',
    '        condition: service_started',
    '      §',
    '  db:',
    '    image: busybox:1.36',
    '    restart: unless-stopped',
    '  cache:',
    '    image: busybox:1.36',
    '    restart: unless-stopped',
    '    healthcheck:',
    '      test: ["CMD", "true"]',
    '  worker:',
    '    image: busybox:1.36',
    '    restart: unless-stopped',
    '    depends_on: [api]',
    '  api:',
    '    image: busybox:1.36',
    '    restart: unless-stopped',
    '    depends_on: [web]',
    '',
  ].join('\n');
  const dir = project({ 'compose.yaml': text.replace('      §\n', '') });
  const file = path.join(dir, 'compose.yaml');
  const uri = pathToFileURL(file).toString();
  const c = await start(dir);
  c.open(file);
  assert.deepEqual(
    (await c.diagnostics(file)).filter((d) => d.severity === 1),
    [],
  );
  const complete = async (edited: string) => {
    c.change(file, edited.replace('§', ''));
    await c.diagnostics(file, () => true);
    return (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: at(edited, '§') })) as CompletionItem[];
  };
  // db is listed already; worker and api depend on web (api directly, worker through api).
  const items = await complete(text);
  assert.deepEqual(labels(items), ['cache']);
  assert.equal((items[0].textEdit as TextEdit).newText, 'cache:\n  condition: ${1|service_healthy,service_started,service_completed_successfully|}');
  // A bare key is an error; the completion accepted as the editor does (indentation of the line, the first choice) is not.
  c.change(file, text.replace('§', 'cache:'));
  assert.deepEqual(errors(await c.diagnostics(file, (d) => errors(d).length > 0)), [
    '8:12-8:12 1 schema: "depends_on.cache" in service "web" must be a mapping, not empty.',
  ]);
  c.change(file, text.replace('§', 'cache:\n        condition: service_healthy'));
  assert.deepEqual(errors(await c.diagnostics(file, (d) => errors(d).length === 0)), []);
  // In a list, an item already written is not offered either.
  assert.deepEqual(labels(await complete(text.replace('    depends_on:\n      db:\n        condition: service_started\n      §', '    depends_on: [db, §]'))), [
    'cache',
  ]);
  assert.deepEqual(
    labels(await complete(text.replace('    depends_on:\n      db:\n        condition: service_started\n      §', '    depends_on:\n      - db\n      - §'))),
    ['cache'],
  );
  await c.stop();
});

test('completion in the contract: tiers, networks and services', async () => {
  const contract = 'tiers:\n  front:\n    networks: [front]\n    reach: [§]\n  data:\n    networks: [back]\nservices:\n  web: front\n';
  const { c, dir } = await setup({ 'network-contract.yaml': contract.replace('§', '') });
  const file = path.join(dir, 'network-contract.yaml');
  c.open(file);
  await c.diagnostics(file, () => true);
  const items = (await c.connection.sendRequest('textDocument/completion', {
    textDocument: { uri: pathToFileURL(file).toString() },
    position: at(contract, '§'),
  })) as CompletionItem[];
  assert.deepEqual(labels(items), ['data']);
  await c.stop();
});

test('hover: what a name points to, and the documentation of a key', async () => {
  const { c, uri } = await setup();
  const hoverAt = async (needle: string, delta = 1) =>
    (await c.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: at(compose, needle, delta) })) as Hover | null;
  const back = await hoverAt('back]');
  assert.deepEqual(back?.contents, { kind: 'markdown', value: '**network back**  \ndriver: bridge (default)  \ninternal: yes  \nservices: db' });
  const db = await hoverAt('db:\n        condition');
  assert.equal((db?.contents as { value: string }).value, '**service db**  \nimage: `postgres:16`  \nnetworks: front, back  \nhealthcheck: none (unmonitored)');
  const key = await hoverAt('image: nginx');
  assert.equal((key?.contents as { value: string }).value, '**image** — Image to run: repository[:tag][@digest].');
  await c.stop();
});

test('hover: a field newer than Compose 2.26 names the version that first reads it; older fields say nothing of versions', async () => {
  const newer = [
    'services:',
    '  api:',
    '    image: busybox',
    '    pre_start:',
    '      - command: ["true"]',
    '    networks:',
    '      front:',
    '        gw_priority: 10',
    '    develop:',
    '      watch:',
    '        - path: ./src',
    '          action: sync',
    '          target: /src',
    '          initial_sync: true',
    '    build:',
    '      context: .',
    '      no_cache_filter: [base]',
    'networks:',
    '  front:',
    '    enable_ipv4: true',
    'models:',
    '  llm:',
    '    model: ai/smollm2',
    '',
  ].join('\n');
  const dir = project({ 'compose.yaml': newer });
  const c = await start(dir);
  const file = path.join(dir, 'compose.yaml');
  c.open(file);
  await c.diagnostics(file);
  const needs = async (needle: string) => {
    const h = (await c.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: pathToFileURL(file).toString() },
      position: at(newer, needle, 1),
    })) as Hover | null;
    const value = (h?.contents as { value: string } | undefined)?.value ?? '';
    assert.ok(value.startsWith(`**${needle.replace(/:.*/, '')}** — `), value);
    return /\n(Needs Compose .*)$/.exec(value)?.[1];
  };
  const rejects = (v: string) => `Needs Compose ${v} or newer: an older \`docker compose\` rejects the file.`;
  assert.equal(await needs('pre_start:'), rejects('5.3'));
  assert.equal(await needs('gw_priority:'), rejects('2.33'));
  assert.equal(await needs('initial_sync:'), rejects('2.40'));
  assert.equal(await needs('no_cache_filter:'), rejects('5.0'));
  assert.equal(await needs('enable_ipv4:'), rejects('2.33'));
  assert.equal(await needs('models:'), rejects('2.38'));
  // Read by 2.26 already: the documentation alone.
  assert.equal(await needs('image:'), undefined);
  assert.equal(await needs('action:'), undefined);
  assert.equal(await needs('context:'), undefined);
  // Key completion says the same in its detail.
  const items = (await c.connection.sendRequest('textDocument/completion', {
    textDocument: { uri: pathToFileURL(file).toString() },
    position: at(newer, '    pre_start', 4),
  })) as CompletionItem[];
  const detail = (label: string) => items.find((i) => i.label === label)?.detail;
  assert.deepEqual([detail('gpus'), detail('use_api_socket'), detail('hostname')], ['string | list · Compose 2.30+', 'boolean · Compose 2.38+', 'string']);
  await c.stop();
});

test('hover on a service adds the live state the client reports', async () => {
  const dir = project({ 'compose.yaml': compose, 'web.env': 'A=1\n' });
  const c = await start(dir, undefined, { liveState: true });
  const asked: unknown[] = [];
  c.connection.onRequest(ServiceStateRequest, (params) => {
    asked.push(params);
    return 'running · healthy';
  });
  const file = path.join(dir, 'compose.yaml');
  c.open(file);
  await c.diagnostics(file);
  const h = (await c.connection.sendRequest('textDocument/hover', {
    textDocument: { uri: pathToFileURL(file).toString() },
    position: at(compose, 'db:\n        condition', 1),
  })) as Hover;
  assert.match((h.contents as { value: string }).value, /\nlive: running · healthy$/);
  assert.deepEqual(asked, [
    {
      project: path
        .basename(dir)
        .toLowerCase()
        .replace(/[^a-z0-9_-]/g, ''),
      service: 'db',
    },
  ]);
  await c.stop();
});

test('definition, references, highlights and rename across the files of a project', async () => {
  const { c, uri, dir } = await setup({
    'compose.override.yaml': 'services:\n  db:\n    environment:\n      TZ: UTC\n  worker:\n    image: busybox:1.36\n    depends_on: [db]\n',
  });
  const position = at(compose, 'db:\n        condition', 1);
  const defs = (await c.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position })) as Location[];
  const override = pathToFileURL(path.join(dir, 'compose.override.yaml')).toString();
  assert.deepEqual(
    defs.map((l) => `${l.uri === uri ? 'compose.yaml' : 'override'}:${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`),
    ['compose.yaml:11:2-4', 'override:1:2-4'],
  );
  const refs = (await c.connection.sendRequest('textDocument/references', {
    textDocument: { uri },
    position,
    context: { includeDeclaration: false },
  })) as Location[];
  assert.deepEqual(refs.map((l) => `${l.uri === override ? 'override' : 'compose.yaml'}:${l.range.start.line}:${l.range.start.character}`).sort(), [
    'compose.yaml:10:25',
    'compose.yaml:6:6',
    'override:6:17',
  ]);
  const highlights = (await c.connection.sendRequest('textDocument/documentHighlight', { textDocument: { uri }, position })) as { kind: number }[];
  assert.equal(highlights.length, 3);
  const rename = (await c.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName: 'database' })) as WorkspaceEdit;
  const edits = rename.changes ?? {};
  assert.equal(edits[uri].length, 3);
  assert.equal(edits[override].length, 2);
  const renamed = applyEdits(compose, edits[uri]);
  assert.match(renamed, /depends_on:\n {6}database:\n/);
  assert.match(renamed, /DB_URL: postgres:\/\/database:5432\/app/);
  assert.match(renamed, /\n {2}database:\n {4}image: postgres:16/);
  await assert.rejects(c.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName: 'no spaces' }), /not a valid service name/);
  await c.stop();
});

function applyEdits(text: string, edits: TextEdit[]): string {
  const offset = (p: { line: number; character: number }) =>
    text
      .split('\n')
      .slice(0, p.line)
      .reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

test('quick fixes: declare a network, add a healthcheck, remove version, silence a rule', async () => {
  const broken = compose.replace('    networks: [front]\n', '    networks: [front, cache]\n');
  const { c, uri, file } = await setup();
  c.change(file, broken);
  const diagnostics = await c.diagnostics(file, (d) => d.some((x) => x.code === 'undefined-reference'));
  const fixesFor = async (code: string) => {
    const d = diagnostics.filter((x) => x.code === code);
    return (await c.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d[0].range,
      context: { diagnostics: d },
    })) as CodeAction[];
  };
  const declare = (await fixesFor('undefined-reference')).find((a) => a.title === 'Declare network "cache"');
  assert.ok(declare?.isPreferred);
  assert.match(applyEdits(broken, declare.edit?.changes?.[uri] ?? []), /\nnetworks:\n {2}front:\n {2}back:\n {4}internal: true\n {2}cache:\nvolumes:/);
  const health = (await fixesFor('healthy-dependency')).find((a) => a.title === 'Add a healthcheck skeleton to "db"');
  assert.match(
    applyEdits(broken, health?.edit?.changes?.[uri] ?? []),
    /\n {2}db:\n {4}healthcheck:\n {6}test: \["CMD-SHELL", "exit 1 {2}# replace with a command that succeeds when db is ready"\]\n {6}interval: 10s\n/,
  );
  const version = (await fixesFor('obsolete-version')).find((a) => a.title === 'Remove the obsolete "version" key');
  assert.ok(applyEdits(broken, version?.edit?.changes?.[uri] ?? []).startsWith('services:\n'));
  const silence = (await fixesFor('undefined-reference')).find((a) => a.title === 'Silence undefined-reference on this line');
  const silenced = applyEdits(broken, silence?.edit?.changes?.[uri] ?? []);
  assert.match(silenced, /\n {4}# compose-mesh-disable-next-line undefined-reference\n {4}networks: \[front, cache\]/);
  c.change(file, silenced);
  await c.diagnostics(file, (d) => !d.some((x) => x.code === 'undefined-reference'));
  await c.stop();
});

test('outline, folding ranges and document links', async () => {
  const { c, uri, dir } = await setup();
  const symbols = (await c.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
  assert.deepEqual(
    symbols.map((s) => `${s.name}[${(s.children ?? []).map((ch) => ch.name + (ch.detail ? ` ${ch.detail}` : '')).join(', ')}]`),
    ['version[]', 'services[web nginx:1.27, db postgres:16]', 'networks[front, back]', 'volumes[data]'],
  );
  const folds = (await c.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as { startLine: number; endLine: number }[];
  assert.ok(
    folds.some((f) => f.startLine === 1 && f.endLine === 15),
    JSON.stringify(folds),
  );
  const links = (await c.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as {
    range: { start: { line: number; character: number } };
    target: string;
  }[];
  assert.deepEqual(
    links.map((l) => `${l.range.start.line}:${l.range.start.character} ${l.target}`),
    [`4:14 ${pathToFileURL(path.join(dir, 'web.env')).toString()}`, '3:11 https://hub.docker.com/_/nginx', '12:11 https://hub.docker.com/_/postgres'],
  );
  assert.ok(fs.existsSync(path.join(dir, 'web.env')));
  await c.stop();
});

test('composeMesh.editorFeatures: beside Docker DX our completion, hover and links stand down (diagnostics stay); a setting change applies at once', async () => {
  const dir = project({ 'compose.yaml': compose, 'web.env': 'A=1\n' });
  const file = path.join(dir, 'compose.yaml');
  const uri = pathToFileURL(file).toString();
  const c = await start(dir, undefined, { peers: ['docker.docker'] });
  c.open(file);
  assert.ok((await c.diagnostics(file)).length > 0, 'diagnostics are published');
  const position = at(compose, 'networks: [front]', 'networks: ['.length);
  const ask = async () => ({
    completion: labels((await c.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as CompletionItem[]),
    hover: !!(await c.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })),
    links: ((await c.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as unknown[]).length,
  });
  assert.deepEqual(await ask(), { completion: [], hover: false, links: 0 });
  // The user turns them on: no reload.
  c.settings = { editorFeatures: 'on' };
  await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(await ask(), { completion: ['front', 'back', 'default'], hover: true, links: 3 });
  // Back to auto, and the peer is uninstalled: ours answer.
  c.settings = { editorFeatures: 'auto' };
  await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual((await ask()).completion, []);
  await c.connection.sendNotification(EditorPeersNotification.method, { installed: [] });
  assert.deepEqual((await ask()).completion, ['front', 'back', 'default']);
  await c.stop();
});
