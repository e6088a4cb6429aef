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

test('duplicate-container-name: services of separate profiles sharing a name through an anchor are alternatives, not a clash', () => {
  const text = yaml`
      x-ollama: &ollama
        image: busybox:1.36
        container_name: ollama
      services:
        ollama-cpu: { profiles: [cpu], <<: *ollama }
        ollama-gpu: { profiles: [gpu], <<: *ollama }
        always: { image: busybox:1.36, container_name: web }
        debug: { image: busybox:1.36, container_name: web, profiles: [debug] }
    `;
  assert.deepEqual(findings('duplicate-container-name', text, { config: { profiles: ['cpu'] } }), [
    'compose.yaml:8:49-8:52 warning duplicate-container-name: Container name "web" is already used by service "always". (Compose checks this only when a profile of "debug" is active: debug.)',
  ]);
  assert.deepEqual(findings('duplicate-container-name', text, { config: { profiles: ['cpu', 'gpu', 'debug'] } }), [
    'compose.yaml:3:19-3:25 error duplicate-container-name: Container name "ollama" is already used by service "ollama-cpu".',
    'compose.yaml:8:49-8:52 error duplicate-container-name: Container name "web" is already used by service "always".',
  ]);
});
