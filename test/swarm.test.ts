/**
 * Stack mode on a real swarm of three private engines (see swarm-engines.ts): deploy with
 * progress, a failing task named with its error and log lines, scaling, an update, service logs
 * across tasks and nodes, placement by node label, a drained node and a node that goes down.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Docker from 'dockerode';
import { EngineConnection } from '../client/src/docker/connection';
import { deployStack, removeStack, type DeployOptions, type StackTarget } from '../client/src/swarm/deploy';
import { ServiceLogs } from '../client/src/swarm/service-logs';
import { readSwarm } from '../client/src/swarm/state';
import { buildSwarmTree, type SwarmTreeNode } from '../client/src/swarm/tree';
import { buildTree, summary } from '../client/src/tree-model';
import type { ContainerState } from '../client/src/docker/health-watcher';
import { SwarmWatcher } from '../client/src/swarm/watcher';
import { resolveDockerEndpoint } from '../common/docker/endpoint';
import { DiskHost } from '../server/src/engine/project/host';
import { validateProject } from '../server/src/engine/validate';
import { defaultConfig } from '../server/src/engine/config';
import { swarmLiveFindings } from '../server/src/live/swarm-checks';
import { show } from './helpers';
import { start } from './lsp-client';
import { inspectSwarmNodes } from '../common/docker/swarm-nodes';
import { startPrivateSwarm, swarmSkip, type PrivateSwarm } from './swarm-engines';

const skip = swarmSkip();
let swarm: PrivateSwarm;
let docker: Docker;
let env: NodeJS.ProcessEnv;

const STACK = 'swarmshop';
const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

const WEB = `
  web:
    image: busybox:1.36
    command: ["sh", "-c", "i=0; while true; do echo tick $$i from $$HOSTNAME; i=$$((i+1)); sleep 1; done"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
    deploy:
      replicas: 2
    networks: [back]
`;
const BROKEN = `
  broken:
    image: busybox:1.36
    command: ["sh", "-c", "echo cannot read /config/app.yaml; exit 3"]
    deploy:
      restart_policy:
        condition: none
`;
const NETWORKS = `
networks:
  back:
    driver: overlay
    internal: true
`;

function stackFiles(services: string): StackTarget {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-swarm-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), `services:${services}${NETWORKS}`);
  return { name: STACK, dir, files: [path.join(dir, 'compose.yaml')], errors: 0 };
}

function options(progress: string[] = []): DeployOptions {
  return { prune: true, withRegistryAuth: false, timeoutMs: 90_000, env, onProgress: (m) => progress.push(m), onLog: () => undefined };
}

async function tree(): Promise<SwarmTreeNode[]> {
  return buildSwarmTree(await readSwarm(docker));
}

/** A compose project with one healthy container, for the status bar's sum beside the stacks. */
function composeTree() {
  const container: ContainerState = {
    id: 'c1',
    name: 'shop-api-1',
    project: 'shop',
    service: 'api',
    number: 1,
    state: 'running',
    health: 'healthy',
    exitCode: 0,
    startedAt: new Date().toISOString(),
    image: 'busybox:1.36',
    networks: [],
    ports: [],
    healthLog: [],
    failingStreak: 0,
    configFiles: [],
    workingDir: '/',
    restartCount: 0,
    oomKilled: false,
    stopRequested: false,
  };
  return buildTree({ declared: [], containers: [container], now: Date.now() });
}

function find(rows: SwarmTreeNode[], ...labels: string[]): SwarmTreeNode | undefined {
  let cur: SwarmTreeNode | undefined;
  let level = rows;
  for (const l of labels) {
    cur = level.find((r) => r.label === l);
    level = cur?.children ?? [];
  }
  return cur;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; the tree:\n${JSON.stringify(await tree().catch(() => []), ['label', 'description', 'children'], 1)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

before(
  async () => {
    if (skip) return;
    swarm = await startPrivateSwarm(3);
    docker = new Docker({ socketPath: swarm.manager.socketPath });
    env = { ...process.env, DOCKER_HOST: swarm.manager.host };
  },
  { timeout: 240_000 },
);

after(
  async () => {
    await swarm?.dispose();
  },
  { timeout: 120_000 },
);

test('deploy: blocked by static errors, and by an engine that is no swarm manager', { skip }, async () => {
  const stack = stackFiles(WEB);
  assert.deepEqual(await deployStack(docker, { ...stack, errors: 2 }, options()), {
    kind: 'blocked',
    reason: '2 error(s) in the compose files for stack mode: see the Problems panel.',
  });
  // The machine's shared engine is never a swarm member.
  const shared = await deployStack(new Docker({ socketPath: '/var/run/docker.sock' }), stack, options());
  assert.equal(shared.kind, 'blocked');
  assert.match((shared as { reason: string }).reason, /^The Docker Engine is not a swarm manager/);
});

test('deploy: progress until every replica runs, then the tree shows stack, service, tasks and nodes', { skip, timeout: 120_000 }, async () => {
  const progress: string[] = [];
  const outcome = await deployStack(docker, stackFiles(WEB), options(progress));
  assert.deepEqual(outcome, { kind: 'deployed', services: ['web'] });
  assert.equal(progress[0], `docker stack deploy ${STACK}`);
  assert.equal(progress.at(-1), '1/1 services ready');
  const rows = await tree();
  assert.equal(find(rows, STACK)?.description, '1 service · 2/2 tasks');
  const web = find(rows, STACK, 'web')!;
  assert.equal(web.description, '2/2');
  assert.deepEqual(
    web.children.map((t) => t.label),
    ['web.1', 'web.2'],
  );
  for (const t of web.children) assert.match(t.description, /^running · node[123]( · healthy)?$/);
  assert.deepEqual(
    find(rows, 'Nodes')?.children.map((n) => `${n.label}: ${n.description}`),
    ['node1: manager (leader) · ready · active', 'node2: worker · ready · active', 'node3: worker · ready · active'],
  );
  // The status bar sums the stack's tasks and lists it in its tooltip.
  assert.deepEqual(summary([], undefined, rows), { text: '2/2 stack tasks', warning: false, icon: 'pulse', stacks: ['Stack swarmshop: 2 of 2 tasks up'] });
  // Deployed from a workspace project: the stack row says so, and that its files are checked in stack mode.
  const deployedFrom = find(buildSwarmTree(await readSwarm(docker), new Map([[STACK, '/work/shop']])), STACK)!;
  assert.equal(deployedFrom.description, '1 service · 2/2 tasks · from shop');
  assert.equal(deployedFrom.tooltip, 'Stack swarmshop: 2 of 2 tasks up\nDeployed from /work/shop: its compose files are checked in stack mode.');
  const network = (await docker.getNetwork(`${STACK}_back`).inspect()) as { Driver: string; Internal: boolean };
  assert.deepEqual([network.Driver, network.Internal], ['overlay', true]);
});

test('deploy: a task that fails is named with its error and last log lines', { skip, timeout: 120_000 }, async () => {
  const outcome = await deployStack(docker, stackFiles(`${WEB}${BROKEN}`), options());
  assert.equal(outcome.kind, 'failing', JSON.stringify(outcome));
  const failure = (outcome as { failures: { service: string; task: string; state: string; error: string; logLines: string[] }[] }).failures[0];
  assert.deepEqual([failure.service, failure.task, failure.state, failure.error], ['broken', 'broken.1', 'failed', 'task: non-zero exit (3)']);
  assert.deepEqual(failure.logLines, ['cannot read /config/app.yaml']);
  const rows = await tree();
  const broken = find(rows, STACK, 'broken')!;
  assert.equal(broken.status, 'failing');
  assert.match(broken.children[0].description, /^failed · node[123] · task: non-zero exit \(3\)$/);
  // Beside a healthy compose service, the status bar counts the failing stack service and warns.
  assert.deepEqual(summary(composeTree(), undefined, rows), {
    text: '1/1 healthy · 2/3 stack tasks · 1 failing',
    warning: true,
    icon: 'warning',
    stacks: ['Stack swarmshop: 2 of 3 tasks up'],
  });
});

test('scale and update: the watcher follows service events; service logs follow the new task', { skip, timeout: 150_000 }, async () => {
  const connection = new EngineConnection(() => resolveDockerEndpoint({ env: { DOCKER_HOST: swarm.manager.host } }));
  const watcher = new SwarmWatcher(connection, { safetyNetMs: 60_000, convergingMs: 1000 });
  const lines: string[] = [];
  const service = (await readSwarm(docker)).services.find((s) => s.name === `${STACK}_web`)!;
  const logs = new ServiceLogs(docker, service.id, { tail: 5, onLine: (l) => lines.push(l) });
  try {
    await connection.connect();
    await logs.start();
    await until('log lines of both tasks', async () => ['web.1@', 'web.2@'].every((p) => lines.some((l) => l.startsWith(p))) || undefined);
    assert.ok(
      lines.every((l) => /^web\.[12]@node[123] \| tick \d+ from [0-9a-f]{12}$/.test(l)),
      lines.slice(0, 5).join('\n'),
    );
    assert.equal(swarm.docker(['service', 'scale', '--detach', `${STACK}_web=3`]).status, 0);
    const scaled = await until('3/3 in the watched tree', async () => find(buildSwarmTree(watcher.snapshot), STACK, 'web')?.description === '3/3' || undefined);
    assert.ok(scaled);
    await until('a log line of the new task', async () => lines.some((l) => /^web\.3@node[123] \| tick/.test(l)) || undefined);
    assert.equal(swarm.docker(['service', 'update', '--detach', '--env-add', 'RELEASE=2', `${STACK}_web`]).status, 0);
    const updated = await until(
      'the update completed',
      async () => {
        const web = find(buildSwarmTree(watcher.snapshot), STACK, 'web');
        return web?.tooltip.includes('Update: completed') && web.description === '3/3' ? web : undefined;
      },
      120_000,
    );
    assert.match(updated.tooltip, /^Service swarmshop_web \(replicated\)\nImage: busybox:1\.36\nRunning: 3 of 3\nUpdate: completed — update completed$/);
  } finally {
    logs.dispose();
    watcher.dispose();
    connection.dispose();
  }
});

test(
  "placement constraints: a label no node has, and constraints no single node meets together, are reported from the manager's nodes, by validate --live and in the editor",
  { skip, timeout: 60_000 },
  async () => {
    assert.equal(swarm.docker(['node', 'update', '--label-add', 'zone=east', 'node2']).status, 0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-swarm-placement-'));
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(path.join(dir, '.compose-mesh.yaml'), 'target: swarm\n');
    fs.writeFileSync(
      file,
      [
        'services:',
        '  east:',
        '    image: busybox:1.36',
        '    deploy:',
        '      placement:',
        '        constraints: [node.labels.zone == east, node.role == worker]',
        '  west:',
        '    image: busybox:1.36',
        '    deploy:',
        '      placement:',
        '        constraints:',
        '          - node.labels.zone == west',
        '          - node.hostname == node9',
        '  pinned:',
        '    image: busybox:1.36',
        '    deploy:',
        '      placement:',
        '        constraints: [node.labels.zone == east, node.role == manager]',
        '',
      ].join('\n'),
    );
    const expected = [
      '12:13 Service "west" is constrained to "node.labels.zone == west", but the swarm has no node with the label zone=west (node labels: zone=east on node2): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 3 nodes)". Add the label with "docker node update --label-add zone=west NODE", or change the constraint.',
      '13:13 Service "west" is constrained to "node.hostname == node9", but the swarm has no node named "node9" (its nodes: node1, node2, node3): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 3 nodes)". Change the constraint.',
      // The manager exists and a node has the label, but they are not the same node.
      '18:49 Service "pinned" is constrained to "node.role == manager", which no node meeting its earlier constraints ("node.labels.zone == east") also meets (node1 (manager), node2 (worker, zone=east), node3 (worker)): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on 3 nodes)". Change a constraint, or label one node for all of them.',
    ];
    try {
      const r = spawnSync(process.execPath, [cli, 'validate', '--live', '--format', 'json'], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, DOCKER_HOST: swarm.manager.host },
      });
      const shown = (JSON.parse(r.stdout) as { rule: string; message: string; line: number; column: number }[])
        .filter((f) => f.rule === 'stack-placement')
        .map((f) => `${f.line}:${f.column} ${f.message}`);
      assert.deepEqual(shown, expected, r.stderr);
      // Without --live nobody asks the swarm: no finding.
      const offline = spawnSync(process.execPath, [cli, 'validate', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
      assert.deepEqual(
        (JSON.parse(offline.stdout) as { rule: string }[]).filter((f) => f.rule === 'stack-placement'),
        [],
      );

      const c = await start(dir, undefined, { swarmNodes: true });
      let asked = 0;
      c.connection.onRequest('composeMesh/swarmNodes', () => (asked++, inspectSwarmNodes(docker)));
      try {
        c.open(file);
        const placed = (await c.diagnostics(file, (d) => d.filter((x) => x.code === 'stack-placement').length === 3)).filter(
          (x) => x.code === 'stack-placement',
        );
        assert.deepEqual(
          placed.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`),
          expected,
        );
        assert.equal(asked, 1);
      } finally {
        await c.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('placement by node label, a drained node and a node that goes down: tasks move, the tree shows the node', { skip, timeout: 180_000 }, async () => {
  const [, node2, node3] = swarm.nodes;
  assert.equal(swarm.docker(['node', 'update', '--label-add', 'zone=east', 'node2']).status, 0);
  const placed = `${WEB}
  east:
    image: busybox:1.36
    command: ["sleep", "100000"]
    deploy:
      placement:
        constraints: [node.labels.zone == east]
`;
  assert.equal((await deployStack(docker, stackFiles(placed), options())).kind, 'deployed');
  let rows = await tree();
  assert.match(find(rows, STACK, 'east', 'east.1')!.description, /^running · node2$/);
  assert.equal(find(rows, 'Nodes', 'node2')?.description, 'worker · ready · active · zone=east');

  assert.equal(swarm.docker(['node', 'update', '--availability', 'drain', 'node2']).status, 0);
  rows = await until('east pending, and web off node2', async () => {
    const r = await tree();
    const east = find(r, STACK, 'east', 'east.1');
    const web = find(r, STACK, 'web')!;
    return east?.description.includes('no suitable node') && web.description === '2/2' && web.children.every((t) => !t.description.includes('node2'))
      ? r
      : undefined;
  });
  assert.equal(find(rows, 'Nodes', 'node2')?.description, 'worker · ready · drain · zone=east');
  assert.equal(find(rows, 'Nodes', 'node2')?.status, 'drained');
  assert.match(
    find(rows, STACK, 'east', 'east.1')!.description,
    /^pending · unassigned · no suitable node \(scheduling constraints not satisfied on 2 nodes; 1 node not available for new tasks\)$/,
  );

  await swarm.stopNode(node3);
  rows = await until(
    'node3 down and web rescheduled on node1',
    async () => {
      const r = await tree();
      const web = find(r, STACK, 'web')!;
      const running = web.children.filter((t) => t.description.startsWith('running'));
      return find(r, 'Nodes', 'node3')?.description.startsWith('worker · down') && running.length === 2 && running.every((t) => t.description.includes('node1'))
        ? r
        : undefined;
    },
    120_000,
  );
  assert.equal(find(rows, 'Nodes')?.description, '3 nodes · 1 down');
  assert.equal(find(rows, 'Nodes', 'node3')?.status, 'down');
  assert.equal(node2.name, 'node2');
});

test(
  'live contract checks on the swarm: overlay flags and a service attached by hand to a tier it may not reach; the CLI finds the stack by itself',
  { skip, timeout: 120_000 },
  async () => {
    // The directory names the project: the stack deployed below bears its name.
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-swarm-live-')), 'swarmlive');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'compose.yaml'),
      [
        'services:',
        '  db:',
        '    image: busybox:1.36',
        '    command: ["sleep", "100000"]',
        '    networks: [back]',
        '  admin:',
        '    image: busybox:1.36',
        '    command: ["sleep", "100000"]',
        '    networks: [front]',
        'networks:',
        '  back: {driver: overlay}',
        '  front: {driver: overlay}',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'network-contract.yaml'),
      'tiers:\n  data: {networks: [back], internal: true, encrypted: true}\n  edge: {networks: [front]}\nservices:\n  db: data\n  admin: edge\n',
    );
    const live = 'swarmlive';
    assert.equal((await deployStack(docker, { name: live, dir, files: [path.join(dir, 'compose.yaml')], errors: 0 }, options())).kind, 'deployed');
    try {
      assert.equal(swarm.docker(['service', 'update', '--detach', '--network-add', `${live}_back`, `${live}_admin`]).status, 0);
      const result = validateProject({ files: [path.join(dir, 'compose.yaml')] }, new DiskHost(process.env), { ...defaultConfig(), target: 'swarm' });
      const checked = await swarmLiveFindings(docker, result.project, result.contract, live);
      const expected = [
        'compose.yaml:11:3-11:7 error live-internal: Overlay network "swarmlive_back" is not internal on the swarm, but tier data must be (contract: tiers.data.internal): remove the stack and deploy it again.',
        'compose.yaml:11:3-11:7 error live-encrypted: Overlay network "swarmlive_back" does not encrypt its traffic on the swarm, but tier data must (contract: tiers.data.encrypted).',
        'compose.yaml:6:3-6:8 error live-network: The tasks of service "swarmlive_admin" are attached to network "swarmlive_back", which service "admin" does not declare — tier edge may not reach tier data (contract: tiers.edge.reach).',
      ];
      assert.deepEqual(
        checked.findings.map((f) => show(f, dir)),
        expected,
      );
      // The CLI, given no target: the engine runs the project as a stack, so it is checked as one, and says so.
      const cliRun = (...extra: string[]) =>
        spawnSync(process.execPath, [cli, 'validate', '--live', '--format', 'json', ...extra], {
          cwd: dir,
          encoding: 'utf8',
          env: { PATH: process.env.PATH, DOCKER_HOST: swarm.manager.host },
        });
      const inferred = cliRun();
      const liveOf = (r: ReturnType<typeof cliRun>) =>
        (JSON.parse(r.stdout) as { rule: string; message: string; line: number; column: number }[])
          .filter((f) => f.rule.startsWith('live-'))
          .map((f) => `${f.line}:${f.column} ${f.rule}: ${f.message}`);
      assert.deepEqual(
        liveOf(inferred),
        // In the order of the file; on one line, of rule id.
        [expected[2], expected[1], expected[0]].map((e) => e.replace(/^compose\.yaml:(\d+):(\d+)-\S+ error (\S+) /, '$1:$2 $3 ')),
        inferred.stderr,
      );
      assert.match(
        inferred.stderr,
        /^compose-mesh: project "swarmlive" runs as a stack on .*: checked for docker stack deploy \(--target compose checks it for docker compose\)$/m,
      );
      // A chosen target wins: as a compose project it has no containers to check.
      const chosen = cliRun('--target', 'compose');
      assert.deepEqual(liveOf(chosen), [], chosen.stderr);
      assert.match(chosen.stderr, /project "swarmlive" has no containers on /);
    } finally {
      await removeStack(live, { env });
    }
  },
);

test('remove: docker stack rm takes the stack off the tree', { skip, timeout: 60_000 }, async () => {
  assert.equal((await removeStack(STACK, { env })).code, 0);
  await until('the stack gone', async () => !find(await tree(), STACK) || undefined);
});
