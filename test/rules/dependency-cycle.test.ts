import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('dependency-cycle: reported on every edge of the cycle with its path', () => {
  assert.deepEqual(
    findings(
      'dependency-cycle',
      yaml`
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
    `,
    ),
    [
      'compose.yaml:4:18-4:19 error dependency-cycle: Dependency cycle: a -> b -> c -> a.',
      'compose.yaml:7:13-7:22 error dependency-cycle: Dependency cycle: a -> b -> c -> a.',
      'compose.yaml:11:7-11:8 error dependency-cycle: Dependency cycle: a -> b -> c -> a.',
    ],
  );
});

test('dependency-cycle: network_mode and volumes_from count as dependencies', () => {
  assert.deepEqual(
    findings(
      'dependency-cycle',
      yaml`
      services:
        a:
          image: busybox:1.36
          network_mode: service:b
        b:
          image: busybox:1.36
          volumes_from: [a:ro]
    `,
    ),
    [
      'compose.yaml:4:19-4:28 error dependency-cycle: Dependency cycle: a -> b -> a.',
      'compose.yaml:7:20-7:24 error dependency-cycle: Dependency cycle: a -> b -> a.',
    ],
  );
});

test('dependency-cycle: a chain without a cycle is fine', () => {
  assert.deepEqual(
    findings(
      'dependency-cycle',
      yaml`
      services:
        a: { image: busybox:1.36, depends_on: [b, c] }
        b: { image: busybox:1.36, depends_on: [c] }
        c: { image: busybox:1.36 }
    `,
    ),
    [],
  );
});

test('dependency-cycle: a cycle only through a service disabled by profiles is no cycle (compose-go compose-depends-on-profile-no-cycle)', () => {
  const file = yaml`
    services:
      app:
        image: busybox:1.36
        depends_on:
          debug: { condition: service_started, required: false }
      debug:
        image: busybox:1.36
        profiles: [debug]
        depends_on: [app]
  `;
  assert.deepEqual(findings('dependency-cycle', file), []);
  assert.deepEqual(findings('dependency-cycle', file, { input: { profiles: ['debug'] } }), [
    'compose.yaml:5:7-5:12 error dependency-cycle: Dependency cycle: app -> debug -> app.',
    'compose.yaml:9:18-9:21 error dependency-cycle: Dependency cycle: app -> debug -> app.',
  ]);
});

test('dependency-cycle: 200 mutually dependent services give one cycle, each edge reported at most once', () => {
  const names = Array.from({ length: 200 }, (_, i) => `s${i}`);
  const text = `services:\n${names.map((n) => `  ${n}:\n    image: busybox:1.36\n    depends_on: [${names.filter((m) => m !== n).join(', ')}]\n`).join('')}`;
  const result = findings('dependency-cycle', text);
  assert.deepEqual(result, [
    'compose.yaml:4:18-4:20 error dependency-cycle: Dependency cycle: s0 -> s1 -> s0.',
    'compose.yaml:7:18-7:20 error dependency-cycle: Dependency cycle: s0 -> s1 -> s0.',
  ]);
});

test('dependency-cycle: a 5,000-long cycle is reported without overflowing the stack', () => {
  const n = 5000;
  const text = `services:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    image: busybox:1.36\n    depends_on: [s${(i + 1) % n}]\n`).join('')}`;
  const result = findings('dependency-cycle', text);
  assert.equal(result.length, n);
  assert.equal(new Set(result.map((r) => r.split(' ')[0])).size, n);
  assert.equal(
    result[0],
    'compose.yaml:4:18-4:20 error dependency-cycle: Dependency cycle: s0 -> s1 -> s2 -> s3 -> s4 -> … (5000 services) … -> s4996 -> s4997 -> s4998 -> s4999 -> s0.',
  );
});
