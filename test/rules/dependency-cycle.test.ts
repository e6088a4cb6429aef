import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('dependency-cycle: reported on every edge of the cycle with its path', () => {
  assert.deepEqual(
    findings('dependency-cycle', yaml`
      services:
        a:
          image: busybox:1.36
          depends_on: [b]
        b:
          image: busybox:1.36
          links: ["c:alias"]
        c:
          image: busybox:1.36
          depends_on:
            a:
              condition: service_started
        d:
          image: busybox:1.36
          depends_on: [a]
    `),
    [
      'compose.yaml:4:18-4:19 error dependency-cycle: Dependency cycle: a -> b -> c -> a.',
      'compose.yaml:7:13-7:22 error dependency-cycle: Dependency cycle: a -> b -> c -> a.',
      'compose.yaml:11:7-11:8 error dependency-cycle: Dependency cycle: a -> b -> c -> a.',
    ],
  );
});

test('dependency-cycle: network_mode and volumes_from count as dependencies', () => {
  assert.deepEqual(
    findings('dependency-cycle', yaml`
      services:
        a:
          image: busybox:1.36
          network_mode: service:b
        b:
          image: busybox:1.36
          volumes_from: [a:ro]
    `),
    [
      'compose.yaml:4:19-4:28 error dependency-cycle: Dependency cycle: a -> b -> a.',
      'compose.yaml:7:20-7:24 error dependency-cycle: Dependency cycle: a -> b -> a.',
    ],
  );
});

test('dependency-cycle: a chain without a cycle is fine', () => {
  assert.deepEqual(
    findings('dependency-cycle', yaml`
      services:
        a: { image: busybox:1.36, depends_on: [b, c] }
        b: { image: busybox:1.36, depends_on: [c] }
        c: { image: busybox:1.36 }
    `),
    [],
  );
});
