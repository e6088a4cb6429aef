/**
 * The fast block-style reader must build exactly the tree the full YAML library builds, on every
 * file it accepts; this walks every YAML fixture of the repository plus generated edge cases.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceFile } from '../server/src/engine/text';
import { readBlockYaml } from '../server/src/engine/yaml/fast';
import type { YNode } from '../server/src/engine/yaml/nodes';
import { parseYaml } from '../server/src/engine/yaml/parse';

const root = path.resolve(__dirname, '..', '..');

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
  ...[...yamlFiles(path.join(root, 'test')), ...yamlFiles(path.join(root, 'examples'))].map((f): [string, string] => [path.relative(root, f), fs.readFileSync(f, 'utf8')]),
  ['scalars', 'a: 1\nb: -2\nc: 0o17\nd: 0x1F\ne: 1.5\nf: .5\ng: 1e3\nh: true\ni: False\nj: ~\nk: null\nl:\nm: "x\\ty\\u00e9"\nn: \'it\'\'s\'\no: 0755\np: 1_000\nq: yes\nr: .inf\ns: -.Inf\nt: 12:30\nu: http://x:80/y\nv: a #c\nw: "q" # c\n'],
  ['flows', 'a: [1, "two", three, {k: v, n: [x, y]}, *z]\nb: {}\nc: []\nd: { a: 1, b: }\ne: [a, b, ]\nz: &z zz\n'],
  ['blocks', 'a: |\n  line 1\n\n  line 3\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\nd: |-\n  strip\ne: >\n  x\n'],
  ['sequences', 'a:\n- 1\n- k: v\n  j: w\n-\n- - nested\n'],
  ['compact', 'services:\n  s:\n    ports:\n      - target: 80\n        published: 8080\n      - "9000:9000"\n    env: !override\n      A: 1\n    x: !reset\n    y: &anc\n      - 1\n    z: *anc\n'],
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
    assert.deepEqual(fast.documents.map((d) => dump(d)), full.documents.map((d) => dump(d)), name);
    assert.deepEqual(fast.findings.map((f) => [f.ruleId, f.start, f.end, f.message]), full.findings.map((f) => [f.ruleId, f.start, f.end, f.message]), name);
  }
  assert.ok(accepted >= cases.length * 0.7, `the fast reader accepts most compose files (${accepted} of ${cases.length})`);
});

test('fast reader: gives up on what it does not read, and on malformed input', () => {
  for (const text of ['a: "unclosed\n', 'a:\n\tb: 1\n', 'a: b: c\n', '---\na: 1\n---\nb: 2\n', 'a: !custom x\n', 'a: [1,\n  2]\n', 'a: plain\n  continued\n']) {
    assert.equal(readBlockYaml(text), undefined, JSON.stringify(text));
  }
});
