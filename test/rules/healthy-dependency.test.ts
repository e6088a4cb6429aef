import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('healthy-dependency: waiting for health that is never reported', () => {
  assert.deepEqual(
    findings(
      'healthy-dependency',
      yaml`
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
    `,
    ),
    [
      'compose.yaml:5:24-5:39 warning healthy-dependency: Service "web" waits for "db" to be healthy, but "db" has no healthcheck in the project, and its image "busybox:1.36" could not be inspected: unless that image defines one, the start will fail.',
      'compose.yaml:7:20-7:35 warning healthy-dependency: Service "web" waits for "cache" to be healthy, but "cache" disables its healthcheck (the image\'s too): the start will fail.',
    ],
  );
});

test('healthy-dependency: the HEALTHCHECK of the Dockerfile a service is built from counts (target stage, stages it builds on, NONE)', () => {
  const result = findings(
    'healthy-dependency',
    yaml`
      services:
        web:
          image: busybox:1.36
          depends_on:
            built: { condition: service_healthy }
            staged: { condition: service_healthy }
            off: { condition: service_healthy }
            bare: { condition: service_healthy }
            based: { condition: service_healthy }
            pulled: { condition: service_healthy }
        built:
          build: ./built
        staged:
          build: { context: ./staged, target: runtime }
        off:
          build: { context: ./staged, target: quiet }
        bare:
          build:
            context: .
            dockerfile_inline: |
              FROM scratch
              COPY busybox /bin/busybox
        based:
          build: { context: ./based }
        pulled:
          image: postgres:16
    `,
    {
      extra: {
        'built/Dockerfile': 'FROM busybox:1.36\nHEALTHCHECK --interval=5s \\\n  CMD ["/bin/true"]\n',
        'staged/Dockerfile': 'FROM busybox:1.36 AS base\nHEALTHCHECK CMD true\n\nFROM base AS runtime\nCMD ["sh"]\n\nFROM runtime AS quiet\nHEALTHCHECK NONE\n',
        'based/Dockerfile': '# no health here\nFROM node:20-alpine\nCMD ["node"]\n',
      },
    },
  );
  assert.deepEqual(result, [
    'compose.yaml:7:25-7:40 warning healthy-dependency: Service "web" waits for "off" to be healthy, but "off" has no healthcheck, and the Dockerfile it is built from defines none: the start will fail.',
    'compose.yaml:8:26-8:41 warning healthy-dependency: Service "web" waits for "bare" to be healthy, but "bare" has no healthcheck, and the Dockerfile it is built from defines none: the start will fail.',
    'compose.yaml:9:27-9:42 warning healthy-dependency: Service "web" waits for "based" to be healthy, but "based" has no healthcheck in the project, and its Dockerfile defines none and its base image "node:20-alpine" could not be inspected: unless that image defines one, the start will fail.',
    'compose.yaml:10:28-10:43 warning healthy-dependency: Service "web" waits for "pulled" to be healthy, but "pulled" has no healthcheck in the project, and its image "postgres:16" could not be inspected: unless that image defines one, the start will fail.',
  ]);
});
