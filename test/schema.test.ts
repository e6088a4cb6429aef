import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, findings, yaml } from './helpers';

test('schema: unknown key on the key, with a suggestion', () => {
  assert.deepEqual(
    findings(
      'schema',
      yaml`
      services:
        web:
          imagee: busybox:1.36
          healthcheck:
            interval: 5s
            retrys: 3
      networkz: {}
    `,
    ),
    [
      'compose.yaml:3:5-3:11 error schema: Unknown key "imagee" in service "web". Did you mean "image"?',
      'compose.yaml:6:7-6:13 error schema: Unknown key "retrys" in "healthcheck" in service "web". Did you mean "retries"?',
      'compose.yaml:7:1-7:9 error schema: Unknown key "networkz" in the top level. Did you mean "networks"?',
    ],
  );
});

test('schema: an unknown key in an include entry is a warning — Compose 2.40 reads past it, the typo does nothing', () => {
  const file = yaml`
    include:
      - path: db.yaml
        env-file: db.env
        bogus: 1
    services:
      web:
        image: busybox:1.36
  `;
  const extra = { 'db.yaml': 'services:\n  db:\n    image: busybox:1.36\n', 'db.env': '' };
  assert.deepEqual(findings('ignored-key', file, { extra }), [
    'compose.yaml:3:5-3:13 warning ignored-key: Unknown key "env-file" in "include[0]": Compose ignores it. Did you mean "env_file"?',
    'compose.yaml:4:5-4:10 warning ignored-key: Unknown key "bogus" in "include[0]": Compose ignores it.',
  ]);
  assert.deepEqual(findings('schema', file, { extra }), []);
  // The same typo elsewhere stays an error: Compose rejects it there.
  assert.deepEqual(findings('schema', 'services:\n  web:\n    image: busybox:1.36\n    env-file: web.env\n'), [
    'compose.yaml:4:5-4:13 error schema: Unknown key "env-file" in service "web". Did you mean "env_file"?',
  ]);
});

test('schema: wrong types on the value, in plain words', () => {
  assert.deepEqual(
    findings(
      'schema',
      yaml`
      services:
        web:
          image: busybox:1.36
          ports:
            http: 80
          user: 1000
          healthcheck:
            interval: 30
          environment:
            - A=1
            - [nested]
          depends_on: db
    `,
    ),
    [
      'compose.yaml:5:7-5:15 error schema: "ports" in service "web" must be a list, not a mapping.',
      'compose.yaml:6:11-6:15 error schema: "user" in service "web" must be a string, not a whole number.',
      'compose.yaml:8:17-8:19 error schema: "healthcheck.interval" in service "web" must be a string, not a whole number.',
      'compose.yaml:11:9-11:17 error schema: "environment[1]" in service "web" must be a string, not a list.',
      'compose.yaml:12:17-12:19 error schema: "depends_on" in service "web" must be a list or a mapping, not a string.',
    ],
  );
});

test('schema: enums, patterns, required keys, names, duplicates', () => {
  assert.deepEqual(
    findings(
      'schema',
      yaml`
      services:
        web:
          image: busybox:1.36
          restart: sometimes
          pull_policy: always
          depends_on:
            db:
              restart: true
            cache:
              condition: service_healty
          ports: ["80:80", "80:80"]
        "bad name!":
          image: busybox:1.36
        db: { image: busybox:1.36 }
        cache: { image: busybox:1.36 }
    `,
    ),
    [
      'compose.yaml:4:14-4:23 error schema: "sometimes" is not a valid value for "restart" in service "web": use "no", "always", "on-failure", "on-failure:<max retries>" or "unless-stopped".',
      'compose.yaml:7:7-7:9 error schema: "depends_on.db" in service "web" needs "condition".',
      'compose.yaml:10:20-10:34 error schema: "service_healty" is not a valid value for "depends_on.cache.condition" in service "web": use "service_started", "service_healthy" or "service_completed_successfully". Did you mean "service_healthy"?',
      'compose.yaml:11:22-11:29 error schema: Duplicate entry "80:80" in "ports" in service "web" (already on line 11).',
      'compose.yaml:12:3-12:14 error schema: "bad name!" is not a valid name in "services": use only letters, digits, ".", "_" and "-".',
    ],
  );
});

test('schema: no false errors on current fields, x- extensions and interpolated values', () => {
  const result = check(
    {
      'compose.yaml': yaml`
        name: demo
        x-common: &common
          restart: unless-stopped
        include:
          - path: ./other.yaml
        services:
          app:
            <<: *common
            x-team: platform
            build:
              context: .
              provenance: true
              sbom: true
              x-note: built in CI
            image: demo/app:1.0
            develop:
              watch:
                - path: ./src
                  action: sync+restart
                  target: /app/src
            post_start:
              - command: ["echo", "started"]
            pre_stop:
              - command: echo stopping
            gpus: all
            models: [llm]
            privileged: \${PRIV:-false}
            cpus: \${CPUS:-0.5}
            mem_limit: 512m
            networks:
              front:
                aliases: [web]
                gw_priority: 1
            use_api_socket: false
            healthcheck:
              test: ["CMD", "true"]
              start_interval: 1s
        models:
          llm:
            model: ai/smollm2
        networks:
          front:
      `,
      'other.yaml': 'services:\n  other:\n    image: busybox:1.36\n',
      Dockerfile: 'FROM scratch\n',
    },
    {},
  );
  assert.deepEqual(
    result.filter((r) => / (error|warning) /.test(r)),
    [],
  );
});
