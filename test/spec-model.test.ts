/**
 * The structural model against the canonical Compose schema (compose-go's `schema/compose-spec.json`,
 * kept outside the repository in `../shared/compose-spec/`): every key path, value kind, enum,
 * pattern, required key and key policy must agree, both ways, so the model can never drift again.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { composeFile } from '../server/src/engine/spec/compose';
import { diffShapes, modelShapes, schemaShapes } from '../server/src/engine/spec/shape';
import { check, yaml } from './helpers';

const root = path.resolve(__dirname, '..', '..');
const schemaFile = process.env.COMPOSE_SPEC_SCHEMA ?? path.join(root, '..', 'shared', 'compose-spec', 'compose-spec.json');

function canonical(): Record<string, unknown> {
  // No skip: without the schema this suite proves nothing, so it says so and fails.
  assert.ok(fs.existsSync(schemaFile), `The canonical schema is missing at ${schemaFile} (set COMPOSE_SPEC_SCHEMA or provide ../shared/compose-spec/)`);
  return JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
}

/** The same schema in draft-07 form: `definitions` and `#/definitions/…` references. */
function asDraft07(schema: Record<string, unknown>): Record<string, unknown> {
  const { $defs, ...rest } = schema;
  const text = JSON.stringify({ ...rest, definitions: $defs }).replaceAll('"#/$defs/', '"#/definitions/');
  return JSON.parse(text);
}

test('the model matches the canonical schema: keys, kinds, enums, patterns, required keys, key policy', () => {
  const differences = diffShapes(schemaShapes(canonical()), modelShapes(composeFile).shapes);
  assert.deepEqual(differences, []);
});

test('the model checks beyond the schema only where listed, each with its reason', () => {
  assert.deepEqual(
    modelShapes(composeFile).beyond.map((b) => b.path),
    ['services.*.restart'],
  );
});

test('draft-07 schemas (definitions) read the same as 2020-12 ($defs)', () => {
  const schema = canonical();
  assert.deepEqual(schemaShapes(asDraft07(schema)), schemaShapes(schema));
});

test('the comparison sees a difference in either direction', () => {
  const schema = canonical() as { $defs: Record<string, { properties: Record<string, unknown> }> };
  schema.$defs.healthcheck.properties.flaky = { type: 'boolean' };
  schema.$defs.service.properties.cgroup = { type: 'string', enum: ['host'] };
  delete schema.$defs.service.properties.pre_stop;
  const differences = diffShapes(schemaShapes(schema), modelShapes(composeFile).shapes);
  assert.deepEqual(differences, [
    '- services.*.cgroup enums: private',
    '+ services.*.healthcheck.flaky',
    '- services.*.pre_stop',
    '- services.*.pre_stop[]',
    '- services.*.pre_stop[].command',
    '- services.*.pre_stop[].command[]',
    '- services.*.pre_stop[].environment',
    '- services.*.pre_stop[].environment.*',
    '- services.*.pre_stop[].environment[]',
    '- services.*.pre_stop[].privileged',
    '- services.*.pre_stop[].user',
    '- services.*.pre_stop[].working_dir',
  ]);
});

test('fields Compose added lately are no errors: pre_start, develop.watch[].initial_sync, build.no_cache_filter', () => {
  const result = check({
    'compose.yaml': yaml`
      services:
        app:
          build:
            context: .
            no_cache_filter: [deps]
          image: demo/app:1.0
          pre_start:
            - command: ["/bin/migrate"]
              image: demo/migrate:1.0
              per_replica: false
          develop:
            watch:
              - path: ./src
                action: sync
                target: /app/src
                initial_sync: true
          models:
            llm:
      models:
        llm:
          model: ai/smollm2
      networks:
        "legacy net": {}
    `,
    Dockerfile: 'FROM scratch\n',
  });
  assert.deepEqual(
    result.filter((r) => / error /.test(r)),
    [],
  );
});
