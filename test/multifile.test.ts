import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, yaml } from './helpers';

const problems = (list: string[]) => list.filter((l) => / (error|warning) /.test(l));

test('override files: merged like the runtime, findings land in the file that has them', () => {
  const result = check(
    {
      'compose.yaml': yaml`
        services:
          web:
            image: busybox:1.36
            networks: [front]
          db:
            image: busybox:1.36
        networks:
          front:
      `,
      'compose.override.yaml': yaml`
        services:
          web:
            depends_on: [cache]
            networks: [back]
          worker:
            command: run
      `,
    },
    { files: ['compose.yaml', 'compose.override.yaml'] },
  );
  assert.deepEqual(problems(result), [
    'compose.override.yaml:3:18-3:23 error depends-on-unknown: Service "web" depends on undefined service "cache".',
    'compose.override.yaml:4:16-4:20 error undefined-reference: Service "web" refers to undefined network "back": add it under the top-level "networks" key.',
    'compose.override.yaml:5:3-5:9 error image-or-build: Service "worker" has neither an image nor a build context.',
  ]);
});

test('override files: an override alone lacks the image, merged it is complete', () => {
  const files = {
    'compose.yaml': 'services:\n  web:\n    image: busybox:1.36\n',
    'compose.override.yaml': 'services:\n  web:\n    environment: { DEBUG: "1" }\n',
  };
  assert.deepEqual(problems(check(files, { files: ['compose.yaml', 'compose.override.yaml'] })), []);
});

test('include: resources imported, conflicts and missing files reported at the include', () => {
  const result = check({
    'compose.yaml': yaml`
      include:
        - db/compose.yaml
        - path: ./missing.yaml
        - dup.yaml
      services:
        web:
          image: busybox:1.36
          depends_on: [db]
          networks: [data]
    `,
    'db/compose.yaml': yaml`
      services:
        db:
          image: busybox:1.36
          env_file: db.env
          networks: [data]
      networks:
        data:
    `,
    'db/db.env': 'A=1\n',
    'dup.yaml': 'services:\n  web:\n    image: busybox:1.36\n',
  });
  assert.deepEqual(problems(result), [
    'compose.yaml:3:11-3:25 error include: Included file not found: missing.yaml.',
    'compose.yaml:4:5-4:13 error include: The service "web" from dup.yaml conflicts with the service defined on line 6 of compose.yaml.',
  ]);
});

test('include: a cycle is reported', () => {
  const result = check({
    'compose.yaml': 'include: [b.yaml]\nservices:\n  a: { image: busybox:1.36 }\n',
    'b.yaml': 'include: [compose.yaml]\nservices:\n  b: { image: busybox:1.36 }\n',
  });
  assert.deepEqual(problems(result), ['b.yaml:1:11-1:23 error include: Include cycle: compose.yaml -> b.yaml -> compose.yaml.']);
});

test('extends: same file, other file, missing target, cycle', () => {
  const result = check({
    'compose.yaml': yaml`
      services:
        base:
          image: busybox:1.36
          healthcheck: { test: ["CMD", "true"] }
        web:
          extends: base
          ports: ["127.0.0.1:8080:80"]
        api:
          extends:
            file: common.yaml
            service: svc
        ghost:
          extends: nobody
        loop1:
          extends: loop2
        loop2:
          extends: loop1
    `,
    'common.yaml': yaml`
      services:
        svc:
          build: ./api
    `,
    'api/Dockerfile': 'FROM scratch\n',
  });
  assert.deepEqual(problems(result), [
    'compose.yaml:13:14-13:20 error extends: extends: there is no service "nobody" in compose.yaml.',
    'compose.yaml:15:14-15:19 error extends: extends cycle: loop2 -> loop1 -> loop2.',
    'compose.yaml:17:14-17:19 error extends: extends cycle: loop1 -> loop2 -> loop1.',
  ]);
});
