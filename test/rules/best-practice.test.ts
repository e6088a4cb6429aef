import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('obsolete-version: a hint on the version key', () => {
  assert.deepEqual(findings('obsolete-version', 'version: "3.9"\nservices:\n  a: { image: busybox:1.36 }\n'), [
    'compose.yaml:1:1-1:8 hint obsolete-version: The "version" key is obsolete and ignored by Compose v2; remove it.',
  ]);
});

test('image-unpinned: no tag or latest, digests and registry ports understood', () => {
  assert.deepEqual(
    findings(
      'image-unpinned',
      yaml`
      services:
        a: { image: nginx }
        b: { image: "nginx:latest" }
        c: { image: "registry.local:5000/team/app" }
        d: { image: "registry.local:5000/team/app:1.2" }
        e: { image: "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }
        f: { image: app, build: . }
    `,
    ),
    [
      'compose.yaml:2:15-2:20 warning image-unpinned: Image "nginx" of service "a" has no tag: pin a version (or a digest).',
      'compose.yaml:3:15-3:29 warning image-unpinned: Image "nginx:latest" of service "b" uses the "latest" tag: pin a version (or a digest).',
      'compose.yaml:4:15-4:45 warning image-unpinned: Image "registry.local:5000/team/app" of service "c" has no tag: pin a version (or a digest).',
    ],
  );
});

test('port-all-interfaces: ports without a host IP', () => {
  assert.deepEqual(
    findings(
      'port-all-interfaces',
      yaml`
      services:
        a:
          image: busybox:1.36
          ports: ["8080:80", "127.0.0.1:8081:80", "80", "0.0.0.0:9000-9001:9000-9001"]
    `,
    ),
    [
      'compose.yaml:4:13-4:22 info port-all-interfaces: Port 8080 of service "a" is published on all interfaces; prefix it with 127.0.0.1: if only this machine needs it.',
      'compose.yaml:4:51-4:80 info port-all-interfaces: Port 9000-9001 of service "a" is published on all interfaces; prefix it with 127.0.0.1: if only this machine needs it.',
    ],
  );
});

test('no-healthcheck: each unmonitored service and the coverage of the project', () => {
  assert.deepEqual(
    findings(
      'no-healthcheck',
      yaml`
      services:
        a:
          image: busybox:1.36
          healthcheck: { test: ["CMD", "true"] }
        b:
          image: busybox:1.36
        c:
          image: busybox:1.36
          healthcheck: { test: ["NONE"] }
        d:
          image: busybox:1.36
          profiles: [tools]
    `,
    ),
    [
      'compose.yaml:1:1-1:9 info no-healthcheck: Health monitoring covers 1 of 3 services; not monitored: b, c (not checked, their image or Dockerfile may define one: b).',
    ],
  );
});

test('no-healthcheck: a Dockerfile HEALTHCHECK counts; a service is named on its own only when others wait for its health', () => {
  assert.deepEqual(
    findings(
      'no-healthcheck',
      yaml`
        services:
          api:
            build: ./api
          db:
            image: busybox:1.36
          web:
            image: busybox:1.36
            healthcheck: { test: ["CMD", "true"] }
            depends_on:
              db: { condition: service_healthy }
              api: { condition: service_healthy }
      `,
      { extra: { 'api/Dockerfile': 'FROM busybox:1.36\nHEALTHCHECK CMD true\n' } },
    ),
    [
      'compose.yaml:1:1-1:9 info no-healthcheck: Health monitoring covers 2 of 3 services; not monitored: db (not checked, their image or Dockerfile may define one: db).',
      'compose.yaml:4:3-4:5 info no-healthcheck: Service "db" has no healthcheck in the project and its image "busybox:1.36" could not be inspected, yet others wait for it to be healthy.',
    ],
  );
});

test('no-healthcheck: a waited-on service built from a Dockerfile with HEALTHCHECK NONE has none; one whose Dockerfile is unreadable is named as not checked', () => {
  assert.deepEqual(
    findings(
      'no-healthcheck',
      yaml`
        services:
          api:
            build: ./api
          worker:
            build: ./worker
          web:
            image: busybox:1.36
            healthcheck: { test: ["CMD", "true"] }
            depends_on:
              api: { condition: service_healthy }
              worker: { condition: service_healthy }
      `,
      { extra: { 'api/Dockerfile': 'FROM busybox:1.36\nHEALTHCHECK NONE\n', 'worker/README': 'no Dockerfile here' } },
    ).filter((f) => f.includes('Service "')),
    [
      'compose.yaml:2:3-2:6 info no-healthcheck: Service "api" has no healthcheck, yet others wait for it to be healthy.',
      'compose.yaml:4:3-4:9 info no-healthcheck: Service "worker" has no healthcheck in the project and its Dockerfile could not be read, yet others wait for it to be healthy.',
    ],
  );
});

test('no-restart-policy: restart or deploy.restart_policy', () => {
  assert.deepEqual(
    findings(
      'no-restart-policy',
      yaml`
      services:
        a: { image: busybox:1.36 }
        b: { image: busybox:1.36, restart: always }
        c: { image: busybox:1.36, deploy: { restart_policy: { condition: any } } }
    `,
    ),
    [
      'compose.yaml:2:3-2:4 info no-restart-policy: Service "a" has no restart policy: it stays down after a crash or a daemon restart (set "restart: unless-stopped").',
    ],
  );
});

test('privileged: only when true', () => {
  assert.deepEqual(
    findings(
      'privileged',
      yaml`
      services:
        a: { image: busybox:1.36, privileged: true }
        b: { image: busybox:1.36, privileged: false }
    `,
    ),
    ['compose.yaml:2:29-2:39 warning privileged: Service "a" runs privileged: it can take over the host. Grant only the capabilities it needs with "cap_add".'],
  );
});

test('docker-socket: short and long mounts, and use_api_socket', () => {
  assert.deepEqual(
    findings(
      'docker-socket',
      yaml`
      services:
        a:
          image: busybox:1.36
          volumes:
            - /var/run/docker.sock:/var/run/docker.sock:ro
            - type: bind
              source: /run/docker.sock
              target: /sock
            - ./data:/data
        b:
          image: busybox:1.36
          use_api_socket: true
    `,
    ),
    [
      'compose.yaml:5:9-5:53 warning docker-socket: Service "a" mounts the Docker socket (/var/run/docker.sock): whoever controls the container controls the host.',
      'compose.yaml:6:9-6:19 warning docker-socket: Service "a" mounts the Docker socket (/run/docker.sock): whoever controls the container controls the host.',
      'compose.yaml:12:21-12:25 warning docker-socket: Service "b" mounts the Docker API socket (use_api_socket): whoever controls the container controls the host.',
    ],
  );
});

test('plaintext-secret: literal secrets flagged without showing them', () => {
  const result = findings(
    'plaintext-secret',
    yaml`
    services:
      a:
        image: busybox:1.36
        environment:
          POSTGRES_PASSWORD: s3cr3t-value
          API_TOKEN: \${API_TOKEN}
          DB_PASSWORD_FILE: /run/secrets/db
          SECRET_KEY: ""
          USER: admin
      b:
        image: busybox:1.36
        environment:
          - JWT_SECRET=abcdef123456
          - GITHUB_TOKEN
  `,
    { env: { API_TOKEN: 'from-env' } },
  );
  assert.deepEqual(result, [
    'compose.yaml:5:26-5:38 warning plaintext-secret: "POSTGRES_PASSWORD" of service "a" holds a secret in plain text: move it to a secret or an untracked .env file.',
    'compose.yaml:13:20-13:32 warning plaintext-secret: "JWT_SECRET" of service "b" holds a secret in plain text: move it to a secret or an untracked .env file.',
  ]);
  assert.ok(!result.join('\n').includes('s3cr3t-value') && !result.join('\n').includes('abcdef123456'));
});

test('plaintext-secret: a literal default of a variable is a secret in the file too', () => {
  const result = findings(
    'plaintext-secret',
    yaml`
    services:
      a:
        image: busybox:1.36
        environment:
          API_TOKEN: \${PW:-prodpass}
          DB_PASSWORD: "\${DB_PW-hunter22}"
          PLAIN: \${ADMIN_SECRET:+s3cret}
          HOME_DIR: \${HOME_DIR:-/srv}
          DB_PASSWORD_2: \${DB_PW2:-/run/secrets/db}
          LOG_LEVEL: \${LOG:-debug}
          PW: \${PW:-prodpass}
          DB_PASS: letmein42
          PROXY_BYPASS: \${BYPASS:-localhost}
          PWD: \${PWD:-app}
  `,
    { env: { PW: 'from-env' } },
  );
  assert.deepEqual(result, [
    'compose.yaml:5:24-5:32 warning plaintext-secret: "API_TOKEN" of service "a" has a secret in plain text as the default of ${PW}: leave the default out and set PW in an untracked .env file.',
    'compose.yaml:6:29-6:37 warning plaintext-secret: "DB_PASSWORD" of service "a" has a secret in plain text as the default of ${DB_PW}: leave the default out and set DB_PW in an untracked .env file.',
    'compose.yaml:7:30-7:36 warning plaintext-secret: "PLAIN" of service "a" has a secret in plain text as the default of ${ADMIN_SECRET}: leave the default out and set ADMIN_SECRET in an untracked .env file.',
    'compose.yaml:11:17-11:25 warning plaintext-secret: "PW" of service "a" has a secret in plain text as the default of ${PW}: leave the default out and set PW in an untracked .env file.',
    'compose.yaml:12:16-12:25 warning plaintext-secret: "DB_PASS" of service "a" holds a secret in plain text: move it to a secret or an untracked .env file.',
  ]);
  assert.ok(!/prodpass|hunter22|s3cret|letmein42/.test(result.join('\n')));
});

test('unquoted-port: only mappings YAML 1.1 reads as base-60 numbers (every part after the first below 60)', () => {
  assert.deepEqual(
    findings(
      'unquoted-port',
      yaml`
      services:
        a:
          image: busybox:1.36
          ports:
            - 22:22
            - 8080:80
            - "9000:9000"
            - 3000
            - 80:80
            - 3000:3000
            - 1:59:59
            - 0:22
            - 22:22/tcp
            - 2_2:22
    `,
    ),
    [
      'compose.yaml:5:9-5:14 info unquoted-port: Quote the port mapping "22:22" of service "a": a YAML 1.1 reader sees the number 1342.',
      'compose.yaml:11:9-11:16 info unquoted-port: Quote the port mapping "1:59:59" of service "a": a YAML 1.1 reader sees the number 7199.',
      'compose.yaml:14:9-14:15 info unquoted-port: Quote the port mapping "2_2:22" of service "a": a YAML 1.1 reader sees the number 1342.',
    ],
  );
});

test('an anchored value shared by several services gives one finding naming them all', () => {
  assert.deepEqual(
    findings(
      'image-unpinned',
      yaml`
      x-base: &base
        image: busybox
      services:
        a: *base
        b: *base
        c:
          <<: *base
        d:
          image: busybox:1.36
    `,
    ),
    ['compose.yaml:2:10-2:17 warning image-unpinned: Image "busybox" of services "a", "b" and "c" has no tag: pin a version (or a digest).'],
  );
});
