import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, yaml } from './helpers';

const only = (prefix: string, list: string[]) => list.filter((l) => l.includes(prefix));

test('yaml-syntax: every error is reported, not only the first', () => {
  const result = only('yaml-syntax', check({ 'compose.yaml': 'services:\n  a:\n    image: [unclosed\n  b:\n    image: x\n   bad: 1\n' }));
  assert.ok(result.length >= 2, result.join('\n'));
  assert.ok(new Set(result.map((r) => r.split(':')[1])).size >= 2, `errors on several lines: ${result.join('\n')}`);
});

test('yaml-syntax: an unclosed quote is reported at the opening quote', () => {
  const result = only('yaml-syntax', check({ 'compose.yaml': 'services:\n  a:\n    image: "unterminated\n  b:\n    image: x\n' }));
  assert.deepEqual(result, ['compose.yaml:3:12-3:25 error yaml-syntax: Missing closing "quote']);
});

test('yaml-syntax: a tab-indented line is reported where it is', () => {
  const result = only('yaml-syntax', check({ 'compose.yaml': 'services:\n  a:\n\timage: x\n' }));
  assert.match(result[0], /^compose\.yaml:3:1-/);
});

test('duplicate-key: the second occurrence, naming the first line', () => {
  assert.deepEqual(
    only(
      'duplicate-key',
      check({
        'compose.yaml': yaml`
          services:
            a:
              image: busybox:1.36
              image: busybox:1.35
        `,
      }),
    ),
    ['compose.yaml:4:5-4:10 error duplicate-key: Duplicate key "image": it is already defined on line 3.'],
  );
});

test('merge keys: <<: *a and <<: [*a, *b], explicit keys win, earlier sources win', () => {
  const result = check({
    'compose.yaml': yaml`
      x-a: &a
        image: busybox:1.36
        restart: always
      x-b: &b
        restart: "no"
        init: true
      services:
        s:
          <<: [*a, *b]
          init: false
    `,
  });
  assert.deepEqual(only('error', result), []);
});

test('merge-key: a repeated << is rejected (Compose 2.17+)', () => {
  assert.deepEqual(
    only(
      'merge-key',
      check({
        'compose.yaml': yaml`
          x-a: &a { image: busybox:1.36 }
          x-b: &b { restart: always }
          services:
            s:
              <<: *a
              <<: *b
        `,
      }),
    ),
    [
      'compose.yaml:6:5-6:7 error merge-key: Repeated merge key "<<" (first on line 5): Compose 2.17 and later reject it; merge several maps with "<<: [*a, *b]".',
    ],
  );
});

test('yaml-bomb: a billion laughs gives one diagnostic and returns quickly', () => {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  lines.push('services:', '  s:', '    image: busybox:1.36', '    command: *a9');
  const started = Date.now();
  const result = check({ 'compose.yaml': lines.join('\n') + '\n' });
  assert.ok(Date.now() - started < 5000, 'must not hang');
  const bombs = only('yaml-bomb', result);
  assert.equal(bombs.length, 1);
  assert.match(bombs[0], /^compose\.yaml:\d+:\d+-\d+:\d+ error yaml-bomb: Alias expansion exceeds 2,000,000 nodes/);
});

test('!reset and !override are honoured, not flagged', () => {
  const result = check(
    {
      'compose.yaml': yaml`
        services:
          web:
            image: busybox:1.36
            ports: ["8080:80"]
            environment: { A: "1" }
      `,
      'compose.override.yaml': yaml`
        services:
          web:
            ports: !reset []
            environment: !override
              B: "2"
      `,
    },
    { files: ['compose.yaml', 'compose.override.yaml'] },
  );
  assert.deepEqual(only('error', result).concat(only('yaml-syntax', result)), []);
  assert.deepEqual(only('port-all-interfaces', result), []);
});

test('an empty file and a file that is not a mapping', () => {
  // Like `docker compose config` ("empty compose file").
  assert.deepEqual(only('error', check({ 'compose.yaml': '' })), [
    'compose.yaml:1:1-1:1 error empty-value: The compose file is empty: Compose needs at least one service (or a name, include or resource).',
  ]);
  assert.deepEqual(only('schema', check({ 'compose.yaml': '- a\n- b\n' })), [
    'compose.yaml:1:1-1:4 error schema: the top level must be a mapping, not a list.',
  ]);
});
