/** The compose formatter over the protocol: whitespace only, comments and anchors kept, the same parsed value. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { parseAllDocuments } from 'yaml';
import { formatCompose } from '../server/src/engine/language/format';
import { project } from './helpers';
import { start } from './lsp-client';

const messy = [
  '# the stack',
  'x-defaults: &defaults   ',
  '    restart:    unless-stopped   # why this policy',
  'services:',
  '    web:',
  '        <<: *defaults',
  '        image: "nginx:1.27"',
  '        command: >',
  '            run this',
  '              and that',
  '        environment:',
  '          - A=1',
  '          -   B=2',
  '        # published for the proxy',
  '        ports:',
  '        - "80:80"',
  '        healthcheck:',
  '            test: ["CMD",',
  '                   "true"]',
  '    db:',
  '      image: postgres:16',
  '      entrypoint: |',
  '        #!/bin/sh',
  '        echo hi   ',
  '',
].join('\n');

const tidy = [
  '# the stack',
  'x-defaults: &defaults',
  '  restart: unless-stopped   # why this policy',
  'services:',
  '  web:',
  '    <<: *defaults',
  '    image: "nginx:1.27"',
  '    command: >',
  '        run this',
  '          and that',
  '    environment:',
  '      - A=1',
  '      - B=2',
  '    # published for the proxy',
  '    ports:',
  '    - "80:80"',
  '    healthcheck:',
  '      test: ["CMD",',
  '             "true"]',
  '  db:',
  '    image: postgres:16',
  '    entrypoint: |',
  '      #!/bin/sh',
  '      echo hi   ',
  '',
].join('\n');

/** Applies line edits the way the editor does (each replaces a range on one line). */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) {
    assert.equal(e.range.start.line, e.range.end.line, 'edits stay on one line');
    const line = lines[e.range.start.line];
    lines[e.range.start.line] = line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
  }
  return lines.join('\n');
}

const values = (text: string) => parseAllDocuments(text, { merge: true }).map((d) => d.toJS({ maxAliasCount: 1000 }));
const comments = (text: string) => text.split('\n').flatMap((l) => /(?:^|\s)(#.*)$/.exec(l)?.[1] ?? []);

test('format: indentation and spacing normalised; comments, anchors, block scalars and the parsed value kept', async () => {
  const dir = project({ 'compose.yaml': messy });
  const file = path.join(dir, 'compose.yaml');
  const uri = pathToFileURL(file).toString();
  const c = await start(dir);
  c.open(file);
  const edits = (await c.connection.sendRequest('textDocument/formatting', {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  })) as TextEdit[];
  const formatted = apply(messy, edits);
  assert.equal(formatted, tidy);
  assert.deepEqual(values(formatted), values(messy));
  assert.deepEqual(comments(formatted), comments(messy));
  // Range formatting touches only the lines asked for.
  const ranged = (await c.connection.sendRequest('textDocument/rangeFormatting', {
    textDocument: { uri },
    range: { start: { line: 4, character: 0 }, end: { line: 6, character: 0 } },
    options: { tabSize: 2, insertSpaces: true },
  })) as TextEdit[];
  assert.deepEqual(
    ranged.map((e) => e.range.start.line),
    [4, 5, 6],
  );
  // A document with a syntax error is left alone.
  c.change(file, 'services:\n    web: [\n');
  await c.diagnostics(file, (d) => d.some((x) => x.code === 'yaml-syntax'));
  assert.deepEqual(await c.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
  await c.stop();
});

test('format: every compose file of the corpus and the examples keeps its value and comments, and a second pass changes nothing', () => {
  const root = path.resolve(__dirname, '..', '..');
  const files = ['test/corpus', 'examples'].flatMap((d) =>
    fs
      .readdirSync(path.join(root, d), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join(root, d, f)),
  );
  assert.ok(files.length >= 5);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const lines = text.split('\n');
    for (const e of formatCompose(text)) lines[e.line] = e.newText;
    const once = lines.join('\n');
    assert.deepEqual(values(once), values(text), f);
    assert.deepEqual(comments(once), comments(text), f);
    assert.deepEqual(formatCompose(once), [], `${f}: formatting is idempotent`);
  }
});
