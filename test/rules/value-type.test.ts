import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('value-type: text the runtime cannot convert to a number or true/false, quoting what was written', () => {
  assert.deepEqual(
    findings(
      'value-type',
      yaml`
        services:
          a:
            image: busybox:1.36
            read_only: "$X-"
            init: \${ON:-yes}
            privileged: "TRUE"
            healthcheck: { test: ["CMD", "true"], retries: abc }
            cpu_shares: \${SHARES}
            ulimits: { nofile: { soft: "\${LIMIT}", hard: 2048 } }
        networks:
          n: { internal: maybe }
      `,
      { env: { LIMIT: 'secret-canary' } },
    ),
    [
      'compose.yaml:4:16-4:21 error value-type: "$X-" is not true or false for "read_only" in service "a" after interpolation: Compose fails to convert it.',
      'compose.yaml:7:52-7:55 error value-type: "abc" is not a whole number from 0 for "healthcheck.retries" in service "a": Compose fails to convert it.',
      'compose.yaml:8:17-8:26 error value-type: "${SHARES}" is not a whole number for "cpu_shares" in service "a" (it interpolates to an empty string): Compose fails to convert it.',
      'compose.yaml:9:32-9:42 error value-type: "${LIMIT}" is not a whole number for "ulimits.nofile.soft" in service "a" after interpolation: Compose fails to convert it.',
      'compose.yaml:11:18-11:23 error value-type: "maybe" is not true or false for "internal" in network "n": Compose fails to convert it.',
    ],
  );
});

test('value-type: a negative value, written or interpolated, where the runtime decodes an unsigned number', () => {
  // docker compose config: "cannot parse 'services[a].healthcheck.retries', -1 overflows uint", and so on.
  assert.deepEqual(
    findings(
      'value-type',
      yaml`
        services:
          a:
            image: busybox:1.36
            healthcheck: { test: ["CMD", "true"], retries: -1 }
            ports: [{ target: "\${PORT:--80}" }]
            secrets: [{ source: s, mode: -1 }]
            blkio_config: { weight_device: [{ path: /dev/sda, weight: -5 }] }
            deploy:
              update_config: { parallelism: "-1" }
              restart_policy: { max_attempts: -2 }
              replicas: -1
            cpu_shares: -1
        secrets:
          s: { file: ./compose.yaml }
      `,
    ),
    [
      'compose.yaml:4:52-4:54 error value-type: "-1" is negative for "healthcheck.retries" in service "a": Compose reads a whole number from 0 there and fails to convert it.',
      'compose.yaml:5:23-5:37 error value-type: "${PORT:--80}" is negative for "ports[0].target" in service "a" after interpolation: Compose reads a whole number from 0 there and fails to convert it.',
      'compose.yaml:6:34-6:36 error value-type: "-1" is negative for "secrets[0].mode" in service "a": Compose reads a whole number from 0 there and fails to convert it.',
      'compose.yaml:7:63-7:65 error value-type: "-5" is negative for "blkio_config.weight_device[0].weight" in service "a": Compose reads a whole number from 0 there and fails to convert it.',
      'compose.yaml:9:37-9:41 error value-type: "-1" is negative for "deploy.update_config.parallelism" in service "a": Compose reads a whole number from 0 there and fails to convert it.',
      'compose.yaml:10:39-10:41 error value-type: "-2" is negative for "deploy.restart_policy.max_attempts" in service "a": Compose reads a whole number from 0 there and fails to convert it.',
    ],
  );
});

test('empty-value: a project name with nothing Compose keeps stops it; an empty name or COMPOSE_PROJECT_NAME does not', () => {
  const named = (name: string) => yaml`
    name: ${name}
    services:
      a: { image: busybox:1.36 }
  `;
  // docker compose config: "project name must not be empty" for the first three.
  assert.deepEqual(findings('empty-value', named('"___"')), [
    'compose.yaml:1:7-1:12 error empty-value: The project name "___" has nothing Compose keeps (a-z, 0-9, "_" and "-", not in front): it stops with "project name must not be empty".',
  ]);
  assert.deepEqual(findings('empty-value', named('"ÄÖ"')), [
    'compose.yaml:1:7-1:11 error empty-value: The project name "ÄÖ" has nothing Compose keeps (a-z, 0-9, "_" and "-", not in front): it stops with "project name must not be empty".',
  ]);
  assert.deepEqual(findings('empty-value', named('${UNSET_NAME:-}')), [
    'compose.yaml:1:7-1:22 error empty-value: The project name "${UNSET_NAME:-}" has nothing Compose keeps (a-z, 0-9, "_" and "-", not in front): it stops with "project name must not be empty".',
  ]);
  assert.deepEqual(findings('empty-value', named('""')), []);
  assert.deepEqual(findings('empty-value', named('"-My App"')), []);
  assert.deepEqual(findings('empty-value', named('"___"'), { env: { COMPOSE_PROJECT_NAME: 'shop' } }), []);
});

test('empty-value: empty values where the runtime needs one, each on its line', () => {
  assert.deepEqual(
    findings(
      'empty-value',
      yaml`
      services:
        a:
          image: ""
          ports: ["", 0, { published: 8080 }]
          volumes: ["", { type: bind, target: /x }, { type: volume, source: data }]
          env_file: [""]
          develop:
            watch:
              - { path: "", action: rebuild }
              - { path: ./src, action: sync }
      volumes:
        data:
    `,
    ),
    [
      'compose.yaml:3:12-3:14 error empty-value: Service "a" has an empty value as image and no build: Compose needs one of them.',
      'compose.yaml:4:13-4:15 error empty-value: Service "a" publishes an empty value in "ports": Compose needs a port ("No port specified").',
      'compose.yaml:4:17-4:18 error empty-value: Port 0 of service "a" has no container port: Compose needs a target port from 1 to 65535.',
      'compose.yaml:4:20-4:39 error empty-value: A port of service "a" has no "target": Compose needs the container port.',
      'compose.yaml:5:15-5:17 error empty-value: Service "a" mounts an empty value in "volumes": Compose needs SOURCE:TARGET or a target path.',
      'compose.yaml:5:19-5:45 error empty-value: A bind mount of service "a" has no source: Compose needs the host path to mount.',
      'compose.yaml:5:47-5:77 error empty-value: A mount of service "a" has no target: Compose needs the path inside the container.',
      'compose.yaml:6:16-6:18 error empty-value: Service "a" names an empty value as env_file: Compose needs a file path.',
      'compose.yaml:9:19-9:21 error empty-value: A watch rule of service "a" has an empty value as path: Compose needs a path to watch.',
      'compose.yaml:10:34-10:38 error empty-value: The "sync" watch rule of service "a" has no "target": Compose needs the path in the container to sync to.',
    ],
  );
  assert.deepEqual(findings('empty-value', '{}\n'), [
    'compose.yaml:1:1-1:3 error empty-value: The compose file is empty: Compose needs at least one service (or a name, include or resource).',
  ]);
  assert.deepEqual(findings('empty-value', 'name: demo\n'), []);
});

test('value-format: floats where the runtime needs a whole port', () => {
  assert.deepEqual(
    findings(
      'value-format',
      yaml`
      services:
        a: { image: busybox:1.36, ports: [3.5, 80], expose: [1.5] }
    `,
    ),
    [
      'compose.yaml:2:37-2:40 error value-format: Port 3.5 in "ports" of service "a" is not a whole number: Compose reads ports as integers.',
      'compose.yaml:2:56-2:59 error value-format: Port 1.5 in "expose" of service "a" is not a whole number: Compose reads ports as integers.',
    ],
  );
});
