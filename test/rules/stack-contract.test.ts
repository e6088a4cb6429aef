import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, yaml } from '../helpers';

const contract = yaml`
  tiers:
    edge:
      networks: [front]
      publish: [127.0.0.1]
      reach: [data]
    data:
      networks: [back]
      internal: true
      encrypted: true
      attachable: false
  services:
    web: edge
    db: data
`;

const compose = yaml`
  services:
    web:
      image: busybox:1.36
      networks: [front, back]
      ports:
        - "127.0.0.1:8080:80"
    db:
      image: busybox:1.36
      networks: [back]
      ports:
        - "5432"
  networks:
    front:
      driver: overlay
    back:
      driver: overlay
      internal: true
      attachable: true
`;

const contractFindings = (target: 'compose' | 'swarm', text = compose) =>
  check({ 'compose.yaml': text, 'network-contract.yaml': contract }, { config: { target } }).filter((f) => / contract-/.test(f));

test('stack mode: ingress publishes on every node, encryption and attaching as the tier demands', () => {
  assert.deepEqual(contractFindings('swarm'), [
    'compose.yaml:6:9-6:28 error contract-publish: Service "web" publishes "127.0.0.1:8080:80" through the ingress routing mesh, on every interface of every node, but tier edge may publish only 127.0.0.1 (contract: tiers.edge.publish).',
    'compose.yaml:11:9-11:15 error contract-publish: Service "db" publishes "5432" through the ingress routing mesh, on every interface of every node, but tier data may not publish ports (contract: tiers.data.publish).',
    'compose.yaml:15:3-15:7 error contract-encrypted: Network "back" is in tier data, which must be encrypted: add driver_opts: {encrypted: ""} so its overlay traffic between nodes is encrypted (contract: tiers.data.encrypted).',
    'compose.yaml:18:17-18:21 error contract-attachable: Network "back" is in tier data, which forbids attaching: with "attachable: true" any container run on a node joins it outside the contract (contract: tiers.data.attachable).',
  ]);
});

test('compose mode: encryption and attaching are not checked; a port without a host port still publishes', () => {
  // `docker compose up` publishes "5432" on an ephemeral port of every interface (0.0.0.0:32768 on the test engine).
  assert.deepEqual(contractFindings('compose'), [
    'compose.yaml:11:9-11:15 error contract-publish: Service "db" publishes "5432", but tier data may not publish ports (contract: tiers.data.publish).',
  ]);
});

test('stack mode: an encrypted, non-attachable tier network and a host-mode port', () => {
  const fixed = compose
    .replace('    internal: true\n    attachable: true\n', '    internal: true\n    driver_opts:\n      encrypted: ""\n')
    .replace('    ports:\n      - "5432"\n', '');
  assert.deepEqual(contractFindings('swarm', fixed), [
    'compose.yaml:6:9-6:28 error contract-publish: Service "web" publishes "127.0.0.1:8080:80" through the ingress routing mesh, on every interface of every node, but tier edge may publish only 127.0.0.1 (contract: tiers.edge.publish).',
  ]);
  const hostMode = fixed.replace('      - "127.0.0.1:8080:80"\n', '      - target: 80\n        published: 8080\n        mode: host\n');
  assert.deepEqual(contractFindings('swarm', hostMode), [
    'compose.yaml:6:9-6:19 error contract-publish: Service "web" publishes "8080" in host mode, on every interface of the node that runs it, but tier edge may publish only 127.0.0.1 (contract: tiers.edge.publish).',
  ]);
});
