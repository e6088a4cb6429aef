import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('network-mode-conflict: network_mode together with networks', () => {
  assert.deepEqual(
    findings(
      'network-mode-conflict',
      yaml`
      services:
        a:
          image: busybox:1.36
          network_mode: host
          networks: [front]
        b:
          image: busybox:1.36
          network_mode: host
      networks:
        front: {}
    `,
    ),
    ['compose.yaml:4:5-4:17 error network-mode-conflict: Service "a" declares both "network_mode" and "networks"; they are mutually exclusive.'],
  );
});

test('network-mode-service: service:NAME must exist', () => {
  assert.deepEqual(
    findings(
      'network-mode-service',
      yaml`
      services:
        vpn:
          image: busybox:1.36
        a:
          image: busybox:1.36
          network_mode: service:vpn
        b:
          image: busybox:1.36
          network_mode: "service:gone"
          ipc: service:nope
    `,
    ),
    [
      'compose.yaml:9:19-9:33 error network-mode-service: Service "b" uses network_mode "service:gone", but there is no service "gone".',
      'compose.yaml:10:10-10:22 error network-mode-service: Service "b" uses ipc "service:nope", but there is no service "nope".',
    ],
  );
});
