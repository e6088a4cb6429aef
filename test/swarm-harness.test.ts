/** The private-engine harness itself: engines come up as swarm nodes and leave nothing behind. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { startPrivateSwarm, swarmSkip } from './swarm-engines';

test('three private engines form a swarm in namespaces of their own, and dispose removes them all', { skip: swarmSkip(), timeout: 300_000 }, async () => {
  const swarm = await startPrivateSwarm(3);
  try {
    const nodes = swarm
      .docker(['node', 'ls', '--format', '{{.Hostname}} {{.Status}} {{.ManagerStatus}}'])
      .stdout.split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
    assert.deepEqual(nodes, ['node1 Ready Leader', 'node2 Ready', 'node3 Ready']);
    assert.equal(
      spawnSync('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}'], { encoding: 'utf8' }).stdout.trim(),
      'inactive',
      'the shared engine stays out of any swarm',
    );
  } finally {
    await swarm.dispose();
  }
  const namespaces = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
  assert.ok(!swarm.nodes.some((n) => namespaces.includes(n.netns)), namespaces);
  for (const n of swarm.nodes) {
    assert.ok(!fs.existsSync(n.socketPath), n.socketPath);
    assert.throws(() => process.kill(n.pid, 0));
  }
});
