import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('port-clash: same host port, ranges, protocols and host IPs', () => {
  assert.deepEqual(
    findings(
      'port-clash',
      yaml`
      services:
        a:
          image: busybox:1.36
          ports:
            - "8080:80"
            - "9000-9010:9000-9010"
            - "127.0.0.1:7000:7000"
            - "53:53/udp"
        b:
          image: busybox:1.36
          ports:
            - "8080:8080"
            - "9005:9005"
            - "127.0.0.2:7000:7000"
            - "53:53/tcp"
            - target: 80
              published: "7000"
            - "80"
        c:
          image: busybox:1.36
          profiles: [blue]
          ports: ["6000:6000"]
        d:
          image: busybox:1.36
          profiles: [green]
          ports: ["6000:6000"]
    `,
    ),
    [
      'compose.yaml:12:9-12:20 error port-clash: Host port 8080/tcp of service "b" is already published by service "a" (8080/tcp, line 5).',
      'compose.yaml:13:9-13:20 error port-clash: Host port 9005/tcp of service "b" is already published by service "a" (9000-9010/tcp, line 6).',
      'compose.yaml:16:9-16:19 error port-clash: Host port 7000/tcp of service "b" is already published by service "a" (127.0.0.1:7000/tcp, line 7).',
    ],
  );
});

test('port-clash: the first earlier binding is named, wide ranges and profiles included', () => {
  assert.deepEqual(
    findings(
      'port-clash',
      yaml`
      services:
        a:
          image: busybox:1.36
          profiles: [blue]
          ports: ["8080:80"]
        b:
          image: busybox:1.36
          ports: ["7000-8999:7000-8999"]
        c:
          image: busybox:1.36
          profiles: [green]
          ports: ["0.0.0.0:8080:80", "8500:80", "9500-9999:80/udp"]
        d:
          image: busybox:1.36
          ports: ["8000-9600:8000-9600", "9700:80/udp"]
    `,
    ),
    [
      'compose.yaml:8:13-8:34 error port-clash: Host port 7000-8999/tcp of service "b" is already published by service "a" (8080/tcp, line 5).',
      'compose.yaml:12:13-12:30 error port-clash: Host port 0.0.0.0:8080/tcp of service "c" is already published by service "b" (7000-8999/tcp, line 8).',
      'compose.yaml:12:32-12:41 error port-clash: Host port 8500/tcp of service "c" is already published by service "b" (7000-8999/tcp, line 8).',
      'compose.yaml:15:13-15:34 error port-clash: Host port 8000-9600/tcp of service "d" is already published by service "a" (8080/tcp, line 5).',
      'compose.yaml:15:36-15:49 error port-clash: Host port 9700/udp of service "d" is already published by service "c" (9500-9999/udp, line 12).',
    ],
  );
});

test('port-clash: an anchored port list shared by several services is one finding naming them and the first publisher', () => {
  assert.deepEqual(
    findings(
      'port-clash',
      yaml`
      x-web: &web
        image: busybox:1.36
        ports: ["127.0.0.1:8080:80"]
      services:
        a: *web
        b: *web
        c: *web
    `,
    ),
    [
      'compose.yaml:3:11-3:30 error port-clash: Host port 127.0.0.1:8080/tcp of services "b" and "c" is already published by service "a" (127.0.0.1:8080/tcp, line 3).',
    ],
  );
});
