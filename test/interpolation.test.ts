import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { interpolate } from '../server/src/engine/interpolate';
import { parseEnvFile } from '../server/src/engine/env';
import { check, yaml } from './helpers';

const env: Record<string, string> = { SET: 'value', EMPTY: '' };
const lookup = (n: string) => env[n];

test('interpolate: every form of the runtime', () => {
  const cases: [string, string][] = [
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['${UNSET:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${SET:+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${UNSET:-${SET}}', 'value'],
    ['$$SET', '$SET'],
    ['cost: 5$', 'cost: 5$'],
    ['a${SET}b$SET.c', 'avalueb' + 'value.c'],
  ];
  for (const [input, expected] of cases) assert.equal(interpolate(input, lookup).value, expected, input);
});

test('interpolate: issues with their offsets', () => {
  assert.deepEqual(
    interpolate('x ${UNSET} ${REQ:?needs a value} ${1BAD} ${OPEN', lookup).issues.map((i) => [i.kind, i.start, i.end]),
    [
      ['unset', 2, 10],
      ['required', 11, 32],
      ['invalid', 33, 40],
      ['invalid', 41, 47],
    ],
  );
});

test('env file: quotes, export, comments, references', () => {
  const entries = parseEnvFile(['# comment', 'export A=1', 'B="two words" ', "C='${A} literal'", 'D=${A}-x # note', 'E="multi', 'line"'].join('\n'));
  assert.deepEqual(
    entries.map((e) => [e.name, e.value]),
    [
      ['A', '1'],
      ['B', 'two words'],
      ['C', '${A} literal'],
      ['D', '1-x'],
      ['E', 'multi\nline'],
    ],
  );
});

test('interpolation rules in a project: .env, the environment, ranges', () => {
  const result = check(
    {
      'compose.yaml': yaml`
        services:
          web:
            image: "busybox:\${TAG}"
            environment:
              HOST: \${DB_HOST:?set DB_HOST in .env}
              PORT: \${PORT}
              FROM_SHELL: \${SHELL_ONLY}
              BAD: "\${ oops }"
      `,
      '.env': 'TAG=1.36\n',
    },
    { env: { SHELL_ONLY: 'yes' } },
  ).filter((f) => /interpolation|variable/.test(f));
  assert.deepEqual(result, [
    'compose.yaml:5:13-5:44 error required-variable: Required variable "DB_HOST" is not set: set DB_HOST in .env.',
    'compose.yaml:6:13-6:20 warning unset-variable: The variable "PORT" is not set and has no default: it becomes an empty string.',
    'compose.yaml:8:13-8:22 error interpolation: Invalid interpolation "${ oops }": a variable name must start with a letter or "_". Write "$$" for a literal "$".',
  ]);
});
