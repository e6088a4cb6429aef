import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { SwarmNodeFacts } from '../../common/docker/swarm-nodes';
import { defaultConfig } from '../../server/src/engine/config';
import { EngineFacts } from '../../server/src/engine/project/engine-facts';
import { DiskHost, SWARM_NODES } from '../../server/src/engine/project/host';
import { validateProject } from '../../server/src/engine/validate';
import { findings, project, show, yaml } from '../helpers';

const swarm = { config: { target: 'swarm' as const } };

const refused = yaml`
  name: shop
  services:
    web:
      image: busybox:1.36
      cpus: 0.5
      mem_limit: 512m
      profiles: [debug]
      depends_on:
        db:
          condition: service_healthy
      ports:
        - target: 80
          published: 8080
          host_ip: 127.0.0.1
    db:
      image: busybox:1.36
  networks:
    back:
      enable_ipv6: true
`;

test('stack-unsupported: what docker stack deploy refuses, in its own words, only for the swarm target', () => {
  assert.deepEqual(findings('stack-unsupported', refused, swarm), [
    'compose.yaml:1:1-1:5 error stack-unsupported: docker stack deploy refuses this: "(root) Additional property name is not allowed".',
    'compose.yaml:5:5-5:9 error stack-unsupported: docker stack deploy refuses this: "services.web Additional property cpus is not allowed". Use deploy.resources.limits.cpus.',
    'compose.yaml:6:5-6:14 error stack-unsupported: docker stack deploy refuses this: "Configuration contains forbidden properties". Use deploy.resources.limits.memory.',
    'compose.yaml:7:5-7:13 error stack-unsupported: docker stack deploy refuses this: "services.web Additional property profiles is not allowed". Use a separate file in the file set.',
    'compose.yaml:9:7-9:10 error stack-unsupported: docker stack deploy refuses this: "services.web.depends_on must be a list".',
    'compose.yaml:14:9-14:16 error stack-unsupported: docker stack deploy refuses this: "services.web.ports.0 Additional property host_ip is not allowed".',
    'compose.yaml:19:5-19:16 error stack-unsupported: docker stack deploy refuses this: "networks.back Additional property enable_ipv6 is not allowed".',
  ]);
  assert.deepEqual(findings('stack-unsupported', refused), []);
});

test('stack-unsupported: a version 2 file', () => {
  assert.deepEqual(findings('stack-unsupported', 'version: "2.4"\nservices:\n  web:\n    image: busybox:1.36\n', swarm), [
    'compose.yaml:1:10-1:15 error stack-unsupported: docker stack deploy refuses this: "unsupported Compose file version: 2.4".',
  ]);
  assert.deepEqual(findings('stack-unsupported', 'version: "3.8"\nservices:\n  web:\n    image: busybox:1.36\n', swarm), []);
});

test('stack-ignored: unsupported and deprecated options, and the dropped host IP of a port', () => {
  assert.deepEqual(
    findings(
      'stack-ignored',
      yaml`
      services:
        web:
          image: busybox:1.36
          restart: always
          container_name: web
          links: [db]
          ports:
            - "127.0.0.1:8080:80"
            - "9090:90/udp"
        db:
          image: busybox:1.36
    `,
      swarm,
    ),
    [
      'compose.yaml:4:5-4:12 warning stack-ignored: docker stack deploy ignores "restart" of service "web" ("Ignoring unsupported options: restart"). Use deploy.restart_policy.',
      'compose.yaml:5:5-5:19 warning stack-ignored: docker stack deploy ignores "container_name" of service "web" ("container_name: Setting the container name is not supported."). Use the service name (tasks are named STACK_SERVICE.N.ID).',
      'compose.yaml:6:5-6:10 warning stack-ignored: docker stack deploy ignores "links" of service "web" ("Ignoring unsupported options: links").',
      'compose.yaml:8:9-8:28 warning stack-ignored: docker stack deploy drops the host IP of this port: "ignoring IP-address (127.0.0.1:8080:80/tcp) service will listen on \'0.0.0.0\'".',
    ],
  );
});

test('stack-start-order, stack-build-image, stack-bind-mount, stack-host-port-replicas, stack-network-driver', () => {
  const text = yaml`
    services:
      app:
        build: .
        depends_on: [db]
        volumes:
          - ./conf:/conf
          - /var/run/docker.sock:/var/run/docker.sock
          - data:/data
      db:
        image: busybox:1.36
        volumes:
          - type: bind
            source: /srv/db
            target: /db
        deploy:
          placement:
            constraints: [node.hostname == db1]
      edge:
        image: busybox:1.36
        deploy:
          replicas: 3
        ports:
          - target: 80
            published: 8080
            mode: host
          - target: 443
            published: 8443
      spread:
        image: busybox:1.36
        deploy:
          mode: global
        ports:
          - target: 80
            published: 8081
            mode: host
    volumes:
      data: {}
    networks:
      old:
        driver: bridge
  `;
  const all = ['stack-start-order', 'stack-build-image', 'stack-bind-mount', 'stack-host-port-replicas', 'stack-network-driver'].flatMap((id) =>
    findings(id, text, swarm),
  );
  assert.deepEqual(all, [
    'compose.yaml:4:5-4:15 info stack-start-order: A swarm keeps no start order: service "app" may start before what it depends on, so it must retry until they answer.',
    'compose.yaml:3:5-3:10 error stack-build-image: Service "app" has no image to run: docker stack deploy does not build and stops with "invalid image reference for service app: no image specified". Build and push an image and name it in "image".',
    'compose.yaml:6:9-6:21 warning stack-bind-mount: Service "app" bind-mounts "./conf" (a relative path is resolved on the machine that deploys): the path must exist on every node that may run a task, or the task is rejected with "invalid mount config for type "bind": bind source path does not exist". Use a volume, or pin the service with a placement constraint.',
    'compose.yaml:23:9-23:19 warning stack-host-port-replicas: Service "edge" publishes port 8080 in host mode with 3 replicas: each node can run only one of them, and with fewer than 3 nodes the rest stay pending ("no suitable node (host-mode port already in use on 1 node)"). Use mode: global, or the ingress mode.',
    'compose.yaml:40:13-40:19 error stack-network-driver: The swarm refuses network "old": "cannot be used with services. Only networks scoped to the swarm can be used, such as those created with the overlay driver." Use driver: overlay (the default in a stack).',
  ]);
  for (const id of ['stack-start-order', 'stack-build-image', 'stack-bind-mount', 'stack-host-port-replicas', 'stack-network-driver'])
    assert.deepEqual(findings(id, text), [], id);
});

/** Findings of stack-placement with the nodes a swarm manager answered (none: nobody answered). */
function placement(compose: string, nodes?: SwarmNodeFacts[], env: Record<string, string> = {}): string[] {
  const dir = project({ 'compose.yaml': compose });
  const host = new DiskHost({ PATH: process.env.PATH, ...env });
  host.swarm = new EngineFacts();
  if (nodes) host.swarm.learn({ [SWARM_NODES]: nodes });
  const result = validateProject({ files: [path.join(dir, 'compose.yaml')] }, host, { ...defaultConfig(), target: 'swarm' });
  return result.findings.filter((f) => f.ruleId === 'stack-placement').map((f) => show(f, dir));
}

const constrained = yaml`
  services:
    web:
      image: busybox:1.36
      deploy:
        placement:
          constraints:
            - node.labels.zone == east
            - node.labels.zone != west
            - node.labels.disk == ${'${DISK}'}
            - node.role == worker
            - node.hostname == node9
            - engine.labels.os == linux
`;

test('stack-placement: constraints no node satisfies, with what the nodes have; the value as written, never interpolated', () => {
  const one: SwarmNodeFacts[] = [{ hostname: 'node1', role: 'manager', labels: { zone: 'east' } }];
  assert.deepEqual(placement(constrained, one, { DISK: 's3cr3t-ssd' }), [
    'compose.yaml:9:13-9:40 warning stack-placement: Service "web" is constrained to "node.labels.disk == ${DISK}", but the swarm has no node with the label disk=${DISK} (node labels: zone=east on node1): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 1 node)". Add the label with "docker node update --label-add disk=${DISK} NODE", or change the constraint.',
    'compose.yaml:10:13-10:32 warning stack-placement: Service "web" is constrained to "node.role == worker", but the swarm has no worker node (its nodes: node1 (manager)): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 1 node)". Change the constraint.',
    'compose.yaml:11:13-11:35 warning stack-placement: Service "web" is constrained to "node.hostname == node9", but the swarm has no node named "node9" (its nodes: node1): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 1 node)". Change the constraint.',
  ]);
  // Values compare without case, as the swarm does; a node with the label satisfies it.
  assert.deepEqual(
    placement(constrained.replace('== east', '== EAST'), [...one, { hostname: 'node2', role: 'worker', labels: { Zone: 'east', disk: 'ssd' } }], {
      DISK: 'ssd',
    }),
    [
      'compose.yaml:11:13-11:35 warning stack-placement: Service "web" is constrained to "node.hostname == node9", but the swarm has no node named "node9" (its nodes: node1, node2): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 2 nodes)". Change the constraint.',
    ],
  );
  // No manager answered (the editor has no engine, the CLI runs without --live): nothing to judge by.
  assert.deepEqual(placement(constrained), []);
  assert.deepEqual(findings('stack-placement', constrained), []);
});

test('stack-placement: constraints each met by some node but by none together, and a != that every node fails', () => {
  const nodes: SwarmNodeFacts[] = [
    { hostname: 'node1', role: 'manager', labels: { zone: 'east' } },
    { hostname: 'node2', role: 'worker', labels: { disk: 'ssd' } },
  ];
  const compose = yaml`
    services:
      pinned:
        image: busybox:1.36
        deploy:
          placement:
            constraints: [node.labels.zone == east, node.labels.zone != west, node.role == worker]
      spare:
        image: busybox:1.36
        deploy:
          placement:
            constraints:
              - node.role != manager
              - node.labels.disk != ${'${DISK}'}
      fine:
        image: busybox:1.36
        deploy:
          placement:
            constraints: [node.labels.Zone == EAST, node.labels.Zone != east, node.role != worker]
  `;
  assert.deepEqual(placement(compose, nodes, { DISK: 'ssd' }), [
    'compose.yaml:6:75-6:94 warning stack-placement: Service "pinned" is constrained to "node.role == worker", which no node meeting its earlier constraints ("node.labels.zone == east") also meets (node1 (manager, zone=east), node2 (worker, disk=ssd)): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 2 nodes)". Change a constraint, or label one node for all of them.',
    'compose.yaml:13:13-13:40 warning stack-placement: Service "spare" is constrained to "node.labels.disk != ${DISK}", which no node meeting its earlier constraints ("node.role != manager") also meets (node1 (manager, zone=east), node2 (worker, disk=ssd)): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 2 nodes)". Change a constraint, or label one node for all of them.',
  ]);
  // A one-node swarm, as in development: "not on a manager" leaves no node at all.
  assert.deepEqual(placement(compose, [nodes[0]], { DISK: 'ssd' }), [
    'compose.yaml:6:75-6:94 warning stack-placement: Service "pinned" is constrained to "node.role == worker", but the swarm has no worker node (its nodes: node1 (manager)): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 1 node)". Change the constraint.',
    'compose.yaml:12:13-12:33 warning stack-placement: Service "spare" is constrained to "node.role != manager", but every node is a manager (node1 (manager, zone=east)): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 1 node)". Change the constraint.',
  ]);
});
