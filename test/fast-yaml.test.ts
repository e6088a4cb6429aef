/**
 * The fast block-style reader must build exactly the tree the full YAML library builds, on every
 * file it accepts; this walks every YAML fixture of the repository plus generated edge cases.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../server/src/engine/config';
import { DiskHost } from '../server/src/engine/project/host';
import { projectsForPath } from '../server/src/engine/project/targets';
import { SourceFile } from '../server/src/engine/text';
import { validateProject } from '../server/src/engine/validate';
import { readBlockYaml } from '../server/src/engine/yaml/fast';
import type { YNode } from '../server/src/engine/yaml/nodes';
import { parseYaml } from '../server/src/engine/yaml/parse';
import { show } from './helpers';

const root = path.resolve(__dirname, '..', '..');
const host = new DiskHost({ PATH: process.env.PATH });

function dump(node: YNode, seen = new Set<YNode>()): unknown {
  if (seen.has(node)) return '<shared>';
  const tag = node.tag ? ` ${node.tag}` : '';
  if (node.kind === 'scalar') return `${node.start}-${node.end}${tag} ${node.quoted ? 'q' : 'p'} ${JSON.stringify(node.value)}`;
  const next = new Set(seen).add(node);
  if (node.kind === 'seq') return { range: `${node.start}-${node.end}${tag}`, items: node.items.map((i) => dump(i, next)) };
  return { range: `${node.start}-${node.end}${tag}`, pairs: node.pairs.map((p) => [dump(p.key, next), dump(p.value, next)]) };
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : yamlFiles(full);
    return /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

const cases: [string, string][] = [
  ...[...yamlFiles(path.join(root, 'test')), ...yamlFiles(path.join(root, 'examples'))].map((f): [string, string] => [
    path.relative(root, f),
    fs.readFileSync(f, 'utf8'),
  ]),
  [
    'scalars',
    'a: 1\nb: -2\nc: 0o17\nd: 0x1F\ne: 1.5\nf: .5\ng: 1e3\nh: true\ni: False\nj: ~\nk: null\nl:\nm: "x\\ty\\u00e9"\nn: \'it\'\'s\'\no: 0755\np: 1_000\nq: yes\nr: .inf\ns: -.Inf\nt: 12:30\nu: http://x:80/y\nv: a #c\nw: "q" # c\n',
  ],
  ['flows', 'a: [1, "two", three, {k: v, n: [x, y]}, *z]\nb: {}\nc: []\nd: { a: 1, b: }\ne: [a, b, ]\nz: &z zz\n'],
  ['blocks', 'a: |\n  line 1\n\n  line 3\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\nd: |-\n  strip\ne: >\n  x\n'],
  ['sequences', 'a:\n- 1\n- k: v\n  j: w\n-\n- - nested\n'],
  [
    'compact',
    'services:\n  s:\n    ports:\n      - target: 80\n        published: 8080\n      - "9000:9000"\n    env: !override\n      A: 1\n    x: !reset\n    y: &anc\n      - 1\n    z: *anc\n',
  ],
  ['document-start', '---\nservices: {}\n'],
  ['comments', '# top\nservices: # c\n  # inner\n  a: # c2\n    image: x # c3\n\n'],
];

test('fast reader: the same tree as the full YAML library, on every fixture it accepts', () => {
  let accepted = 0;
  for (const [name, text] of cases) {
    if (readBlockYaml(text) === undefined) continue;
    accepted++;
    const file = new SourceFile(`/${name}`, text);
    const fast = parseYaml(file);
    const full = parseYaml(file, { fast: false });
    assert.deepEqual(
      fast.documents.map((d) => dump(d)),
      full.documents.map((d) => dump(d)),
      name,
    );
    assert.deepEqual(
      fast.findings.map((f) => [f.ruleId, f.start, f.end, f.message]),
      full.findings.map((f) => [f.ruleId, f.start, f.end, f.message]),
      name,
    );
  }
  assert.ok(accepted >= cases.length * 0.7, `the fast reader accepts most compose files (${accepted} of ${cases.length})`);
});

test('fast reader: gives up on what it does not read, and on malformed input', () => {
  for (const text of ['a: "unclosed\n', 'a:\n\tb: 1\n', 'a: b: c\n', '---\na: 1\n---\nb: 2\n', 'a: !custom x\n', 'a: [1,\n  2]\n', 'a: plain\n  continued\n']) {
    assert.equal(readBlockYaml(text), undefined, JSON.stringify(text));
  }
});

/** The same text as Windows editors save it: CRLF line breaks, optionally behind a byte order mark. */
const crlf = (text: string, bom = false) => (bom ? '\ufeff' : '') + text.replace(/\r?\n/g, '\r\n');

test('fast reader: CRLF line breaks and a byte order mark read without the library, to the same tree', () => {
  for (const [name, text] of cases) {
    const accepted = readBlockYaml(text) !== undefined;
    for (const variant of [crlf(text), crlf(text, true), '\ufeff' + text]) {
      const label = `${name} ${JSON.stringify(variant.slice(0, 3))}`;
      assert.equal(readBlockYaml(variant) !== undefined, accepted, label);
      if (!accepted) continue;
      const file = new SourceFile(`/${name}`, variant);
      assert.deepEqual(dump(parseYaml(file).documents[0]), dump(parseYaml(file, { fast: false }).documents[0]), label);
    }
  }
});

test('fast reader: tabs in comments, inside scalars and after indicators read to the same tree as the library', () => {
  const tabbed = [
    'services:\t# all of them\n  web:\t\t# the front\n    image: nginx:1.27\t# pinned\n',
    '# a\tcomment\nservices:\n  web:\n    image: nginx\n\t# an indented comment line\n    command: echo\ta\tb\n',
    'services:\n  web:\n    environment:\n      A: "x\ty"\n      B: \'x\ty\'\n      C: x\ty\t\n',
    'services:\n  web:\n    command:\t["sh",\t"-c",\t"echo hi"]\n    ports:\n      -\t"80:80"\n',
    'services:\n  web:\n    command: |\n      printf "a\\tb"\n      \tindented by a tab\n    entrypoint: x\r\n',
    'services:\n  web:\n    labels: {a:\tb,\tc: d}\n    image:\tnginx\n',
  ];
  for (const text of [...tabbed, ...tabbed.map((t) => crlf(t))]) {
    assert.notEqual(readBlockYaml(text), undefined, JSON.stringify(text));
    const file = new SourceFile('/tabs.yaml', text);
    assert.deepEqual(dump(parseYaml(file).documents[0]), dump(parseYaml(file, { fast: false }).documents[0]), JSON.stringify(text));
    assert.deepEqual(parseYaml(file).findings, [], JSON.stringify(text));
  }
  // A tab in indentation is the library's to judge (and report).
  for (const text of ['a:\n  \tb: 1\n', 'a: |\n  x\n\t\n', 'a: >\n  x\n  \ty\n', 'a: b\rc: d\n'])
    assert.equal(readBlockYaml(text), undefined, JSON.stringify(text));
});

test('the engine: every fixture project gives the same findings at the same lines and columns with LF, CRLF and a BOM', () => {
  const sources = [path.join(root, 'test', 'corpus'), path.join(root, 'test', 'broken'), path.join(root, 'examples')];
  const run = (convert: (text: string) => string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-eol-'));
    const out: string[] = [];
    for (const src of sources) {
      const copy = path.join(dir, path.basename(src));
      fs.cpSync(src, copy, { recursive: true });
      for (const f of yamlFiles(copy)) fs.writeFileSync(f, convert(fs.readFileSync(f, 'utf8')));
      const entries = fs.readdirSync(copy, { withFileTypes: true });
      for (const e of entries) {
        const full = path.join(copy, e.name);
        for (const input of projectsForPath(full, host, defaultConfig(), e.isDirectory())) {
          out.push(...validateProject(input, host, defaultConfig()).findings.map((f) => show(f, dir)));
        }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    return out;
  };
  const lf = run((t) => t.replace(/\r\n/g, '\n'));
  assert.ok(lf.length > 20, `the fixtures have findings to compare (${lf.length})`);
  assert.deepEqual(
    run((t) => crlf(t)),
    lf,
  );
  assert.deepEqual(
    run((t) => crlf(t, true)),
    lf,
  );
});
