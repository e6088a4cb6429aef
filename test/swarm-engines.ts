/**
 * Private Docker Engines that form a swarm, for the stack suites. The machine's own dockerd is
 * shared with other suites and never joins a swarm: each node here is a dockerd of its own (own
 * data root, exec root, pidfile and socket) inside a network namespace this harness creates. The
 * nodes' namespaces are wired to a hub namespace with a bridge, with 10.x addresses that exist
 * only inside those namespaces, so swarm traffic (2377, 7946, 4789/udp) stays among them.
 * Everything created is removed at dispose(), at process exit, and by the next run if a run died.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureImage, run } from './docker';

/** All names start with this, so a later run can find what a dead run left behind. */
const PREFIX = 'cmsw';
const STATE_ROOT = '/tmp/cm-swarm';

export interface SwarmNode {
  name: string;
  /** `unix:///run/…sock`, for DOCKER_HOST or dockerode's socketPath. */
  host: string;
  socketPath: string;
  address: string;
  netns: string;
  pid: number;
}

export interface PrivateSwarm {
  nodes: SwarmNode[];
  manager: SwarmNode;
  /** Runs the docker CLI against a node (the manager by default). */
  docker(args: string[], node?: SwarmNode, opts?: { cwd?: string; timeout?: number }): { status: number | null; stdout: string; stderr: string };
  /** Stops a node's engine abruptly (the node goes down for the swarm). */
  stopNode(node: SwarmNode): Promise<void>;
  dispose(): Promise<void>;
}

/** false when private engines can run here; otherwise the reason to skip (a failure under CI). */
export function swarmSkip(): string | false {
  const missing = ['dockerd', 'ip', 'nsenter', 'unshare'].find((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0);
  const reason = process.getuid?.() !== 0 ? 'private engines need root' : missing ? `${missing} is not installed` : '';
  if (!reason) return false;
  if (process.env.CI) throw new Error(`CI needs private Docker Engines for the swarm suite: ${reason}`);
  return reason;
}

function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.trim()}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Ends an engine: SIGTERM, then SIGKILL after 15 s; the wait is bounded. */
async function stopEngine(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  try {
    await until(`engine ${pid} to stop`, () => !alive(pid), 15_000);
  } catch {
    process.kill(pid, 'SIGKILL');
    await until(`engine ${pid} to die`, () => !alive(pid), 5_000);
  }
}

/** Removes the namespaces, sockets and directories of one run (`id`). Engines must be stopped. */
function removeRun(id: string): void {
  const dir = path.join(STATE_ROOT, id);
  const mounts = spawnSync('findmnt', ['-rn', '-o', 'TARGET'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((m) => m.startsWith(`${dir}/`));
  for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
  const namespaces = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => l.split(' ')[0]);
  for (const ns of namespaces) if (ns.startsWith(`${PREFIX}${id}`)) spawnSync('ip', ['netns', 'del', ns]);
  for (const f of fs.existsSync('/run') ? fs.readdirSync('/run') : [])
    if (f.startsWith(`${PREFIX}${id}`) && f.endsWith('.sock')) fs.rmSync(path.join('/run', f), { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Clears what runs that died without cleaning up left behind (their owner process is gone). */
async function sweepDeadRuns(): Promise<void> {
  if (!fs.existsSync(STATE_ROOT)) return;
  for (const id of fs.readdirSync(STATE_ROOT)) {
    const ownerFile = path.join(STATE_ROOT, id, 'owner');
    const owner = fs.existsSync(ownerFile) ? Number(fs.readFileSync(ownerFile, 'utf8')) : 0;
    if (owner && alive(owner)) continue;
    for (const pidfile of fs.readdirSync(path.join(STATE_ROOT, id)).filter((f) => f.endsWith('.pid'))) {
      const pid = Number(fs.readFileSync(path.join(STATE_ROOT, id, pidfile), 'utf8'));
      if (pid) await stopEngine(pid);
    }
    removeRun(id);
  }
}

/**
 * Starts `count` private engines (1 to 3), makes the first a swarm manager and joins the others as
 * workers, and builds the busybox image on each (nothing can be pulled).
 */
export async function startPrivateSwarm(count: number): Promise<PrivateSwarm> {
  await sweepDeadRuns();
  const id = (process.pid % 0xffff).toString(16);
  const dir = path.join(STATE_ROOT, id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'owner'), String(process.pid));
  const nodes: SwarmNode[] = [];
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    process.off('exit', onExit);
    for (const n of nodes) {
      if (!alive(n.pid)) continue;
      run('docker', ['-H', n.host, 'swarm', 'leave', '--force'], { timeout: 20_000 });
      await stopEngine(n.pid);
    }
    removeRun(id);
  };
  // A test process that ends without dispose() still kills its engines; the next run removes the rest.
  const onExit = () => {
    for (const n of nodes) if (alive(n.pid)) process.kill(n.pid, 'SIGKILL');
  };
  process.on('exit', onExit);
  try {
    const hub = `${PREFIX}${id}hub`;
    sh('ip', ['netns', 'add', hub]);
    sh('ip', ['-n', hub, 'link', 'add', 'br0', 'type', 'bridge']);
    sh('ip', ['-n', hub, 'link', 'set', 'br0', 'up']);
    for (let i = 1; i <= count; i++) {
      const netns = `${PREFIX}${id}n${i}`;
      const address = `10.231.${(process.pid % 200) + 1}.${i + 1}`;
      sh('ip', ['netns', 'add', netns]);
      sh('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
      sh('ip', ['-n', hub, 'link', 'add', `p${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
      sh('ip', ['-n', hub, 'link', 'set', `p${i}`, 'master', 'br0', 'up']);
      sh('ip', ['-n', netns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
      sh('ip', ['-n', netns, 'link', 'set', 'eth0', 'up']);
      const nodeDir = path.join(dir, `n${i}`);
      fs.mkdirSync(nodeDir, { recursive: true });
      const socketPath = `/run/${netns}.sock`;
      // Its own UTS namespace gives the node its own hostname (the swarm's node name). nsenter, not
      // `ip netns exec`: the latter remounts /sys and hides the cgroup mounts dockerd needs. Each
      // step execs the next, so the pid is the engine's.
      const child = spawn(
        'unshare',
        [
          '--uts',
          '--',
          'sh',
          '-c',
          'hostname "$0" && exec "$@"',
          `node${i}`,
          'nsenter',
          `--net=/run/netns/${netns}`,
          'dockerd',
          '--storage-driver=vfs',
          `--data-root=${nodeDir}/data`,
          `--exec-root=${nodeDir}/exec`,
          `--pidfile=${dir}/n${i}.pid`,
          `--host=unix://${socketPath}`,
          '--bridge=none',
        ],
        { stdio: ['ignore', fs.openSync(path.join(nodeDir, 'dockerd.log'), 'a'), fs.openSync(path.join(nodeDir, 'dockerd.log'), 'a')], detached: true },
      );
      child.unref();
      const node: SwarmNode = { name: `node${i}`, host: `unix://${socketPath}`, socketPath, address, netns, pid: child.pid ?? 0 };
      nodes.push(node);
      await until(
        `private engine ${i}`,
        () => run('docker', ['-H', node.host, 'version', '--format', '{{.Server.Version}}'], { timeout: 5_000 }).status === 0,
        30_000,
      );
      ensureImage({ DOCKER_HOST: node.host });
    }
    const [manager, ...workers] = nodes;
    const init = run('docker', ['-H', manager.host, 'swarm', 'init', '--advertise-addr', manager.address], { timeout: 30_000 });
    if (init.status !== 0) throw new Error(`swarm init: ${init.stderr}`);
    const token = run('docker', ['-H', manager.host, 'swarm', 'join-token', '-q', 'worker']).stdout.trim();
    for (const w of workers) {
      const join = run('docker', ['-H', w.host, 'swarm', 'join', '--advertise-addr', w.address, '--token', token, `${manager.address}:2377`], {
        timeout: 60_000,
      });
      if (join.status !== 0) throw new Error(`swarm join of ${w.name}: ${join.stderr}`);
    }
    await until(
      'every node ready',
      () =>
        run('docker', ['-H', manager.host, 'node', 'ls', '--format', '{{.Status}}'])
          .stdout.trim()
          .split('\n')
          .filter((s) => s === 'Ready').length === count,
      60_000,
    );
    return {
      nodes,
      manager,
      docker: (args, node = manager, opts = {}) => run('docker', ['-H', node.host, ...args], { cwd: opts.cwd, timeout: opts.timeout ?? 120_000 }),
      stopNode: (node) => stopEngine(node.pid),
      dispose,
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}
