import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('value-format: durations, sizes, CPUs, ports, volumes and extra_hosts the runtime cannot read', () => {
  assert.deepEqual(
    findings(
      'value-format',
      yaml`
      services:
        a:
          image: busybox:1.36
          mem_limit: lots
          shm_size: 64m
          cpus: many
          stop_grace_period: 1m30s
          healthcheck: { test: ["CMD", "true"], interval: 5x, timeout: 500ms }
          ports: ["abc", "80:80:80:80", "99999:80", "127.0.0.1::80", "8080-8081:80-81/udp", "[::1]:53:53"]
          volumes: [":/x", "./a:/a:ro"]
          extra_hosts: ["nohost", "db:10.0.0.2", "cache=10.0.0.3"]
          deploy: { resources: { limits: { cpus: "abc", memory: 1g } } }
    `,
    ),
    [
      'compose.yaml:4:16-4:20 error value-format: "lots" is not a byte size for "mem_limit" in service "a": use a number with an optional unit (b, k, m, g), such as 512m.',
      'compose.yaml:6:11-6:15 error value-format: "many" is not a number of CPUs for "cpus" in service "a": use a number such as 0.5 or 2.',
      'compose.yaml:8:53-8:55 error value-format: "5x" is not a duration for "healthcheck.interval" in service "a": use a number with a unit, such as 30s, 1m30s or 500ms.',
      'compose.yaml:9:13-9:18 error value-format: Invalid port "abc" in service "a": the container port is missing or not a number.',
      'compose.yaml:9:20-9:33 error value-format: Invalid port "80:80:80:80" in service "a": it has too many ":" (write [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]).',
      'compose.yaml:9:35-9:45 error value-format: Invalid port "99999:80" in service "a": ports go from 1 to 65535.',
      'compose.yaml:10:15-10:20 error value-format: Invalid volume ":/x" in service "a": a section between ":" is empty (write SOURCE:TARGET[:MODE]).',
      'compose.yaml:11:19-11:27 error value-format: Invalid extra_hosts entry "nohost" in service "a": write HOST:IP (or HOST=IP).',
      'compose.yaml:12:44-12:49 error value-format: "abc" is not a number of CPUs for "deploy.resources.limits.cpus" in service "a": use a number such as 0.5 or 2.',
    ],
  );
});

test('value-format: messages quote what the user wrote, never what it interpolates to', () => {
  const secret = 'wJalrXUtnFEMI-K7MDENG-canary';
  const result = findings(
    'value-format',
    yaml`
      services:
        a:
          image: busybox:1.36
          ports: ["\${AWS_SECRET_ACCESS_KEY}", '\${AWS_SECRET_ACCESS_KEY}:80:1:2']
          volumes: ["\${AWS_SECRET_ACCESS_KEY}::/x"]
          mem_limit: \${AWS_SECRET_ACCESS_KEY}
          extra_hosts: ["\${AWS_SECRET_ACCESS_KEY}"]
    `,
    { env: { AWS_SECRET_ACCESS_KEY: secret } },
  );
  assert.deepEqual(result, [
    'compose.yaml:4:13-4:39 error value-format: Invalid port "${AWS_SECRET_ACCESS_KEY}" in service "a": the container port is missing or not a number.',
    'compose.yaml:4:41-4:74 error value-format: Invalid port "${AWS_SECRET_ACCESS_KEY}:80:1:2" in service "a": it has too many ":" (write [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]).',
    'compose.yaml:5:15-5:45 error value-format: Invalid volume "${AWS_SECRET_ACCESS_KEY}::/x" in service "a": a section between ":" is empty (write SOURCE:TARGET[:MODE]).',
    'compose.yaml:6:16-6:40 error value-format: "${AWS_SECRET_ACCESS_KEY}" is not a byte size for "mem_limit" in service "a": use a number with an optional unit (b, k, m, g), such as 512m.',
    'compose.yaml:7:19-7:45 error value-format: Invalid extra_hosts entry "${AWS_SECRET_ACCESS_KEY}" in service "a": write HOST:IP (or HOST=IP).',
  ]);
  assert.ok(!result.join('\n').includes('canary'));
});

test('value-format: pull_policy is one whole word the runtime knows (the schema pattern alone lets "whenever" through)', () => {
  assert.deepEqual(
    findings(
      'value-format',
      yaml`
      services:
        a: { image: busybox:1.36, pull_policy: whenever }
        b: { image: busybox:1.36, pull_policy: every_12h }
        c: { image: busybox:1.36, pull_policy: missing }
    `,
    ),
    [
      'compose.yaml:2:42-2:50 error value-format: "whenever" is not a pull policy for "pull_policy" in service "a": use always, never, missing, build, if_not_present, daily, weekly or every_<duration>.',
    ],
  );
});

test('value-format: a port written as a number outside 1–65535 (0 is an empty value)', () => {
  assert.deepEqual(
    findings(
      'value-format',
      yaml`
      services:
        a:
          image: busybox:1.36
          ports: [-1, 70000, 8080, 0]
    `,
    ),
    [
      'compose.yaml:4:13-4:15 error value-format: Invalid port "-1" in service "a": ports go from 1 to 65535.',
      'compose.yaml:4:17-4:22 error value-format: Invalid port "70000" in service "a": ports go from 1 to 65535.',
    ],
  );
});

test('value-format: a port host address Compose 2.40 cannot read (host names, zones, empty host_ip), written short or long', () => {
  assert.deepEqual(
    findings(
      'value-format',
      yaml`
      services:
        a:
          image: busybox:1.36
          ports:
            - "localhost:8080:80"
            - ":8081:80"
            - "[::1]:8082:80"
            - "[fe80::1%eth0]:8083:80"
            - { target: 84, host_ip: "" }
            - { target: 85, host_ip: "::" }
            - { target: 86, host_ip: "[::1]" }
            - { target: 87, host_ip: 127.0.0.1 }
    `,
    ),
    [
      'compose.yaml:5:9-5:28 error value-format: Invalid port "localhost:8080:80" in service "a": "localhost" is not an IP address (write one such as 127.0.0.1, or leave it out).',
      'compose.yaml:8:9-8:33 error value-format: Invalid port "[fe80::1%eth0]:8083:80" in service "a": "fe80::1%eth0" is not an IP address (write one such as 127.0.0.1, or leave it out).',
      'compose.yaml:9:32-9:34 error value-format: "" is not an IP address for host_ip in service "a" (it is empty): write one such as 127.0.0.1 or ::1, or leave host_ip out to bind every interface.',
      'compose.yaml:11:32-11:39 error value-format: "[::1]" is not an IP address for host_ip in service "a": write one such as 127.0.0.1 or ::1, or leave host_ip out to bind every interface.',
    ],
  );
});
