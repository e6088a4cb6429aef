import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('container-name-scale: a fixed container name with several replicas', () => {
  assert.deepEqual(
    findings(
      'container-name-scale',
      yaml`
      services:
        a:
          image: busybox:1.36
          container_name: fixed
          scale: 3
        b:
          image: busybox:1.36
          container_name: other
          deploy:
            replicas: 2
        c:
          image: busybox:1.36
          container_name: single
          scale: 1
    `,
    ),
    [
      'compose.yaml:5:12-5:13 error container-name-scale: Service "a" sets container_name "fixed" and scale: 3; a container name must be unique.',
      'compose.yaml:10:17-10:18 error container-name-scale: Service "b" sets container_name "other" and deploy.replicas: 2; a container name must be unique.',
    ],
  );
});

test('scale-replicas: scale and deploy.replicas must agree', () => {
  assert.deepEqual(
    findings(
      'scale-replicas',
      yaml`
      services:
        a:
          image: busybox:1.36
          scale: 2
          deploy: { replicas: 3 }
        b:
          image: busybox:1.36
          scale: 2
          deploy: { replicas: 2 }
    `,
    ),
    ['compose.yaml:5:25-5:26 error scale-replicas: Service "a" sets scale: 2 and deploy.replicas: 3; they must be equal.'],
  );
});

test('resource-mismatch: cpus, mem_limit and pids_limit against deploy limits', () => {
  assert.deepEqual(
    findings(
      'resource-mismatch',
      yaml`
      services:
        a:
          image: busybox:1.36
          cpus: 0.5
          mem_limit: 512m
          pids_limit: 100
          deploy:
            resources:
              limits:
                cpus: "1"
                memory: 0.5g
                pids: 200
    `,
    ),
    [
      'compose.yaml:10:17-10:20 error resource-mismatch: Service "a" sets cpus: 0.5 and deploy.resources.limits.cpus: 1; they must be equal.',
      'compose.yaml:12:17-12:20 error resource-mismatch: Service "a" sets pids_limit: 100 and deploy.resources.limits.pids: 200; they must be equal.',
    ],
  );
});
