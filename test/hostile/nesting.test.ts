import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from '../helpers';

/** `depth` levels of one kind of nesting under a service's extension field. */
function nested(depth: number, open: string, close: string): string {
  return `services:\n  a:\n    image: busybox:1.36\n    x-deep: ${open.repeat(depth)}${close.repeat(depth)}\n`;
}

const limits = (files: Record<string, string>) => check(files).filter((f) => f.includes('input-limit'));

test('flow nesting past 1,000 levels: the file is not read, one warning where the bound is crossed', () => {
  assert.deepEqual(limits({ 'compose.yaml': nested(3000, '[', ']') }), [
    'compose.yaml:4:1009-4:3013 warning input-limit: Nested deeper than 1000 levels: this file is not read.',
  ]);
  assert.deepEqual(limits({ 'compose.yaml': nested(3000, '{a: ', '}') }), [
    'compose.yaml:4:3997-4:3999 warning input-limit: Nested deeper than 1000 levels: this file is not read.',
  ]);
});

test('nesting between 100 and 1,000 levels: cut at 100, the rest of the file still checked', () => {
  for (const [open, close] of [
    ['[', ']'],
    ['{a: ', '}'],
  ]) {
    const found = check({ 'compose.yaml': nested(500, open, close) });
    assert.equal(found.filter((f) => f.includes('input-limit: Nested deeper than 100 levels: what is inside is not checked.')).length, 1, open);
    assert.ok(
      found.some((f) => f.includes('image-unpinned') === false && f.includes('no-restart-policy')),
      open,
    );
  }
});

test('block nesting of 2,000 indented keys: one warning, no stack overflow', () => {
  const keys = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(4 + i)}k${i}:`).join('\n');
  const found = limits({ 'compose.yaml': `services:\n  a:\n    image: busybox:1.36\nx-deep:\n${keys}\n` });
  assert.deepEqual(found, ['compose.yaml:1002:1001-1002:1002 warning input-limit: Nested deeper than 1000 levels: this file is not read.']);
});

test('a file left unread at the nesting bound is not called empty: the bound is its only finding', () => {
  // docker compose config accepts this file (2,500 levels under an extension field).
  const keys = Array.from({ length: 2500 }, (_, i) => `${' '.repeat(2 + 2 * i)}k${i}:`).join('\n');
  assert.deepEqual(check({ 'compose.yaml': `services:\n  a:\n    image: busybox:1.36\nx-deep:\n${keys}\n` }), [
    'compose.yaml:505:1001-505:1002 warning input-limit: Nested deeper than 1000 levels: this file is not read.',
  ]);
});

test('aliases stacked into a deep tree are cut where they cross the bound', () => {
  const lines = ['x-0: &a0 [leaf]'];
  for (let i = 1; i <= 300; i++) lines.push(`x-${i}: &a${i} [*a${i - 1}]`);
  const found = limits({ 'compose.yaml': `services:\n  a:\n    image: busybox:1.36\n${lines.join('\n')}\n` });
  assert.deepEqual(found, ['compose.yaml:103:13-103:17 warning input-limit: Nested deeper than 100 levels: what is inside is not checked.']);
});

test('interpolation nested 3,000 levels: one warning on the expression, no stack overflow', () => {
  const value = '${A:-'.repeat(3000) + 'x' + '}'.repeat(3000);
  const found = limits({ 'compose.yaml': `services:\n  a:\n    image: busybox:1.36\n    environment:\n      A: ${value}\n` });
  assert.deepEqual(found, ['compose.yaml:5:260-5:17961 warning input-limit: Interpolation nested deeper than 50 levels: its value is not worked out.']);
});
