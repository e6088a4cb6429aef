/**
 * Differential fuzz: seeded mutants of the valid corpus, our engine's verdict (any error?)
 * against `docker compose config --quiet`. Every disagreement fails the test unless it is
 * recorded with its reason in differential/campaign.ts (RECORDED, BEYOND_RUNTIME).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { campaign, describe, haveCompose } from './differential/campaign';
import { mutate } from './differential/mutate';
import { seeded } from './seeded-random';

const root = path.resolve(__dirname, '..', '..');
const compose = haveCompose();
if (!compose && process.env.CI) throw new Error('CI must have docker compose for the differential campaign');

test('the mutant generator is deterministic for a seed and makes every kind of edit', () => {
  const source = 'services:\n  a:\n    image: busybox:1.36\n    ports: ["80:80"]\n    depends_on: [b]\n  b:\n    image: busybox:1.36\n';
  const run = (seed: number) => {
    const rng = seeded(seed);
    return Array.from({ length: 60 }, () => mutate(source, rng)).filter((m) => m !== undefined);
  };
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
  assert.deepEqual([...new Set(run(7).map((m) => m.kind))].sort(), [
    'bad interpolation',
    'conflict',
    'dangling reference',
    'delete a key',
    'dependency cycle',
    'empty value',
    'misspell a key',
    'valid edit',
    'wrong type',
  ]);
});

test(
  'differential campaign: 200 seeded mutants, the engine agrees with docker compose config',
  { skip: !compose && 'docker compose is not installed' },
  async () => {
    const outcomes = await campaign(root, 20261128, 200, 3);
    assert.equal(outcomes.length, 200);
    // The campaign must exercise both verdicts, or agreement says nothing.
    assert.ok(outcomes.filter((o) => !o.runtime.accepts).length > 40, 'too few mutants rejected by the runtime');
    assert.ok(outcomes.filter((o) => o.runtime.accepts).length > 40, 'too few mutants accepted by the runtime');
    assert.deepEqual(outcomes.filter((o) => !o.agree && !o.recorded).map(describe), []);
  },
);
