/**
 * The Swarm view in a real VS Code: with composeMesh.docker.host on a private swarm manager (the
 * runner starts it), a stack deployed there shows as stack → service (1/1) → task on its node,
 * the Nodes branch names the manager, and the status bar sums the stack's tasks.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Row {
  label: string;
  description: string;
  children: Row[];
}
interface Api {
  swarmView?: { nodes: readonly Row[] };
  health: { nodes: readonly { label: string; description: string; children: { label: string; status?: string }[] }[] };
  statusBar: { item: { text: string; tooltip?: string | vscode.MarkdownString } };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number, last: () => unknown): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last(), ['label', 'description', 'children'])}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const text = (rows: readonly Row[]) => rows.map((r) => `${r.label}: ${r.description}`);

describe('The Swarm view on a private swarm', () => {
  const host = process.env.COMPOSE_MESH_TEST_SWARM_HOST;

  after(async () => {
    await vscode.workspace.getConfiguration('composeMesh').update('docker.host', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows a stack deployed on the manager as stack → service 1/1 → task on its node, and the status bar sums it', async function () {
    if (!host) return this.skip();
    const ext = vscode.extensions.getExtension('compose-mesh.compose-mesh');
    assert.ok(ext);
    const api = (await ext.activate()) as Api;
    await vscode.workspace.getConfiguration('composeMesh').update('docker.host', host, vscode.ConfigurationTarget.Global);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-vscode-stack-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: busybox:1.36\n    command: ["sleep", "100000"]\n');
    const deploy = spawnSync('docker', ['-H', host, 'stack', 'deploy', '-c', path.join(dir, 'compose.yaml'), 'vsstack'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(deploy.status, 0, deploy.stderr);
    const rows = () => api.swarmView?.nodes ?? [];
    const stack = await until(
      'the stack with its running task',
      () => rows().find((r) => r.label === 'vsstack' && r.children[0]?.children[0]?.description === 'running · node1'),
      60_000,
      rows,
    );
    assert.deepEqual(text(rows()), ['vsstack: 1 service · 1/1 tasks', 'Nodes: 1 node']);
    assert.deepEqual(text(stack.children), ['web: 1/1']);
    assert.deepEqual(text(stack.children[0].children), ['web.1: running · node1']);
    assert.deepEqual(text(rows()[1].children), ['node1: manager (leader) · ready · active']);
    // The status bar sums the stack's tasks beside whatever compose services it counts, and lists the stack.
    await until(
      'the status bar to count the stack',
      () =>
        api.statusBar.item.text
          .replace(/^\$\([^)]*\) /, '')
          .split(' · ')
          .includes('1/1 stack tasks') || undefined,
      10_000,
      () => api.statusBar.item.text,
    );
    assert.ok(String(api.statusBar.item.tooltip).split('\n').includes('Stack vsstack: 1 of 1 tasks up'), String(api.statusBar.item.tooltip));
    // A task container joining its networks is no compose container: no row of the health tree.
    assert.deepEqual(
      api.health.nodes.filter((p) => p.label === ''),
      [],
    );
  });
});
