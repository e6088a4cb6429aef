import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('duplicate-container-name: the second service with a name already used', () => {
  assert.deepEqual(
    findings(
      'duplicate-container-name',
      yaml`
      services:
        a: { image: busybox:1.36, container_name: app }
        b: { image: busybox:1.36, container_name: app }
        c: { image: busybox:1.36, container_name: other }
    `,
    ),
    ['compose.yaml:3:45-3:48 error duplicate-container-name: Container name "app" is already used by service "a".'],
  );
});
