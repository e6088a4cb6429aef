import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

const file = yaml`
  services:
    web:
      image: busybox:1.36
      depends_on:
        - db
        - cache
        - debug
    db:
      image: busybox:1.36
    debug:
      image: busybox:1.36
      profiles: [tools]
`;

test('depends-on-unknown: unknown services and services disabled by profiles', () => {
  assert.deepEqual(findings('depends-on-unknown', file), [
    'compose.yaml:6:9-6:14 error depends-on-unknown: Service "web" depends on undefined service "cache".',
    'compose.yaml:7:9-7:14 error depends-on-unknown: Service "web" depends on "debug", which is disabled unless one of its profiles is active (tools).',
  ]);
});

test('depends-on-unknown: an active profile enables the dependency', () => {
  assert.deepEqual(findings('depends-on-unknown', file, { env: { COMPOSE_PROFILES: 'tools' } }), [
    'compose.yaml:6:9-6:14 error depends-on-unknown: Service "web" depends on undefined service "cache".',
  ]);
});

test('depends-on-unknown: required: false tolerates a disabled dependency', () => {
  assert.deepEqual(
    findings(
      'depends-on-unknown',
      yaml`
      services:
        web:
          image: busybox:1.36
          depends_on:
            debug: { condition: service_started, required: false }
        debug:
          image: busybox:1.36
          profiles: [tools]
    `,
    ),
    [],
  );
});
