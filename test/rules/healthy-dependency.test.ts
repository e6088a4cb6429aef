import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('healthy-dependency: waiting for health that is never reported', () => {
  assert.deepEqual(
    findings('healthy-dependency', yaml`
      services:
        web:
          image: busybox:1.36
          depends_on:
            db: { condition: service_healthy }
            cache:
              condition: service_healthy
            ok:
              condition: service_healthy
            started:
              condition: service_started
        db:
          image: busybox:1.36
        cache:
          image: busybox:1.36
          healthcheck: { disable: true }
        ok:
          image: busybox:1.36
          healthcheck: { test: ["CMD", "true"] }
        started:
          image: busybox:1.36
    `),
    [
      'compose.yaml:5:24-5:39 warning healthy-dependency: Service "web" waits for "db" to be healthy, but "db" has no healthcheck: unless its image defines one, the start will fail.',
      'compose.yaml:7:20-7:35 warning healthy-dependency: Service "web" waits for "cache" to be healthy, but "cache" disables its healthcheck: unless its image defines one, the start will fail.',
    ],
  );
});
