import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runEverything, writeProject } from './harness';
import { seeded } from '../seeded-random';

/**
 * Hostile and mangled input through everything a user can reach: seeded (a failure names its
 * seed and repeats), bounded (a few hundred documents, well under a minute in CI).
 */
const SEED = 0x5ec0e;
/** A hang detector per document, not a speed target: `npm run bench` measures speed. */
const HANG_SECONDS = 10;

const corpusDir = path.resolve(__dirname, '..', '..', '..', 'test', 'corpus');
const corpus = fs.readdirSync(corpusDir).map((name) => fs.readFileSync(path.join(corpusDir, name, 'compose.yaml'), 'utf8'));

const service = (body: string) => `services:\n  a:\n    image: busybox:1.36\n${body}`;

/** Pathological documents, each a classic way to exhaust a parser or a walker. */
const pathological: Record<string, () => Record<string, string | Uint8Array>> = {
  'flow depth 5,000': () => ({ 'compose.yaml': service(`    x-deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`) }),
  'map depth 700': () => ({ 'compose.yaml': service(`    x-deep: ${'{a: '.repeat(700)}1${'}'.repeat(700)}\n`) }),
  'block depth 1,500': () => ({
    'compose.yaml': `services:\n  a:\n    image: busybox:1.36\nx-deep:\n${Array.from({ length: 1500 }, (_, i) => `${' '.repeat(2 + i)}k:`).join('\n')}\n`,
  }),
  'seq depth 300': () => ({ 'compose.yaml': service(`    x-deep:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(6 + 2 * i)}-`).join('\n')} x\n`) }),
  'width 20,000 keys': () => ({ 'compose.yaml': service(`    labels:\n${Array.from({ length: 20000 }, (_, i) => `      k${i}: v`).join('\n')}\n`) }),
  'billion laughs': () => {
    const lines = ['x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `x-a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    return { 'compose.yaml': `${lines.join('\n')}\n${service('    labels: *a9\n')}` };
  },
  'alias tower 400': () => {
    const lines = ['x-0: &a0 {k: v}'];
    for (let i = 1; i < 400; i++) lines.push(`x-${i}: &a${i} {k: *a${i - 1}}`);
    return { 'compose.yaml': `${lines.join('\n')}\n${service('')}` };
  },
  'merge chain 500': () => {
    const lines = ['x-0: &m0 {restart: "no"}'];
    for (let i = 1; i < 500; i++) lines.push(`x-${i}: &m${i}\n  <<: *m${i - 1}\n  l${i}: x`);
    return { 'compose.yaml': `${lines.join('\n')}\nservices:\n  a:\n    <<: *m499\n    image: busybox:1.36\n` };
  },
  'long scalar 4 MB': () => ({ 'compose.yaml': service(`    command: ${'x'.repeat(4_000_000)}\n`) }),
  'interpolation nesting 3,000': () => ({ 'compose.yaml': service(`    environment:\n      A: ${'${A:-'.repeat(3000)}x${'}'.repeat(3000)}\n`) }),
  'unclosed interpolation x 10,000': () => ({ 'compose.yaml': service(`    environment:\n      A: "${'${'.repeat(10000)}"\n`) }),
  'port ranges': () => ({
    'compose.yaml': service('    ports: ["1-99999999:80", "0-65535:0-65535", "65535-1:80", "99999999999999999999:1", "[::1]:1-70000:80/udp"]\n'),
  }),
  'control characters': () => ({
    'compose.yaml': 'services:\n  "a\\e[31m\\u202e":\n    image: "busybox\\u0000:1.36"\n    container_name: "x\\r\\ny"\n  b\u0007:\n    image: busybox:1.36\n',
  }),
  'invalid UTF-8': () => ({
    'compose.yaml': new Uint8Array([
      ...Buffer.from('services:\n  a:\n    image: busybox:1.36\n    command: "'),
      0xff,
      0xfe,
      0xc3,
      0x28,
      0xed,
      0xa0,
      0x80,
      ...Buffer.from('"\n  x\u0001:\n'),
    ]),
  }),
  'include diamond 18 deep': () => {
    const files: Record<string, string> = { 'compose.yaml': 'include:\n  - l0a.yaml\n  - l0b.yaml\n' };
    for (let i = 0; i < 18; i++) for (const s of 'ab') files[`l${i}${s}.yaml`] = `include:\n  - l${i + 1}a.yaml\n  - l${i + 1}b.yaml\n`;
    for (const s of 'ab') files[`l18${s}.yaml`] = `services:\n  s${s}:\n    image: busybox:1.36\n`;
    return files;
  },
  'include cycle and self': () => ({ 'compose.yaml': 'include:\n  - compose.yaml\n  - b.yaml\n', 'b.yaml': 'include:\n  - compose.yaml\n' }),
  'extends chain 300 and a cycle': () => {
    const lines = ['services:', '  s0:', '    image: busybox:1.36'];
    for (let i = 1; i < 300; i++) lines.push(`  s${i}:`, `    extends: s${i - 1}`);
    lines.push('  c1:', '    extends: c2', '  c2:', '    extends: c1');
    return { 'compose.yaml': lines.join('\n') + '\n' };
  },
};

/** Small damage of the kinds editing and copy-paste produce: cut, duplicated, swapped, stray characters. */
function mutate(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const pick = () => Math.floor(rnd() * lines.length);
  const stray = ['\t', ':', '- ', '&x ', '*x', '${', '}', '"', "'", '[', '{', '<<: ', '!reset ', '\u0000', '\u001b[2J', '\r', '\uffff', '#'];
  for (let n = 1 + Math.floor(rnd() * 4); n > 0; n--) {
    const i = pick();
    switch (Math.floor(rnd() * 5)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, lines[pick()]);
        break;
      case 2: {
        const at = Math.floor(rnd() * (lines[i].length + 1));
        lines[i] = lines[i].slice(0, at) + stray[Math.floor(rnd() * stray.length)] + lines[i].slice(at);
        break;
      }
      case 3:
        lines[i] = ' '.repeat(Math.floor(rnd() * 6)) + lines[i].trimStart();
        break;
      default:
        lines[i] = lines[i].slice(0, Math.floor(rnd() * lines[i].length));
    }
  }
  return lines.join('\n');
}

function checkTwice(name: string, files: Record<string, string | Uint8Array>, seed: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-fuzz-'));
  try {
    writeProject(dir, files);
    const started = process.hrtime.bigint();
    const first = runEverything(dir, {}, seed);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.ok(seconds < HANG_SECONDS, `${name}: ${seconds.toFixed(1)} s`);
    const second = runEverything(dir, {}, seed);
    assert.deepEqual(second.outputs, first.outputs, `${name}: the same input gave different outputs`);
  } catch (err) {
    (err as Error).message = `${name} (seed ${seed}): ${(err as Error).message}`;
    throw err;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('pathological documents: no exception, findings inside the file, same outputs twice, no hang', () => {
  for (const [name, make] of Object.entries(pathological)) checkTwice(name, make(), SEED);
});

test('pathological documents: the bounds are reported, not silently dropped', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-fuzz-'));
  try {
    const expected: Record<string, string> = {
      'flow depth 5,000': 'input-limit',
      'map depth 700': 'input-limit',
      'alias tower 400': 'input-limit',
      'billion laughs': 'yaml-bomb',
      'interpolation nesting 3,000': 'input-limit',
      'port ranges': 'value-format',
      'include cycle and self': 'include',
      'extends chain 300 and a cycle': 'extends',
    };
    for (const [name, ruleId] of Object.entries(expected)) {
      writeProject(dir, pathological[name]());
      const { result } = runEverything(dir, {}, SEED);
      assert.ok(
        result.findings.some((f) => f.ruleId === ruleId),
        `${name}: no ${ruleId} finding`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('corpus mutations: no exception, findings inside the file, same outputs twice, no hang', () => {
  const rnd = seeded(SEED);
  for (let i = 0; i < 120; i++) {
    const source = corpus[i % corpus.length];
    const seed = Math.floor(rnd() * 2 ** 31);
    checkTwice(`mutation ${i}`, { 'compose.yaml': mutate(source, seeded(seed)) }, seed);
  }
});
