import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('healthcheck-test: list form must start with CMD, CMD-SHELL or NONE', () => {
  assert.deepEqual(
    findings(
      'healthcheck-test',
      yaml`
      services:
        a:
          image: busybox:1.36
          healthcheck:
            test: ["curl", "-f", "http://localhost"]
        b:
          image: busybox:1.36
          healthcheck:
            test: wget -q -O- http://localhost
        c:
          image: busybox:1.36
          healthcheck:
            test: ["CMD-SHELL", "true"]
        d:
          image: busybox:1.36
          healthcheck:
            test: ["CMD", "true"]
            disable: true
        e:
          image: busybox:1.36
          healthcheck:
            test: []
    `,
    ),
    [
      'compose.yaml:5:14-5:20 error healthcheck-test: The healthcheck test of service "a" must start with "CMD", "CMD-SHELL" or "NONE", not "curl".',
      'compose.yaml:18:7-18:14 error healthcheck-test: The healthcheck of service "d" sets both "test" and "disable: true".',
      'compose.yaml:22:13-22:15 error healthcheck-test: The healthcheck test of service "e" is an empty list: start it with "CMD", "CMD-SHELL" or "NONE".',
    ],
  );
});
