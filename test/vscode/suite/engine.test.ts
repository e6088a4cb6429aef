/**
 * The health view and the engine, in a real VS Code: changing `composeMesh.docker.host` moves
 * the tree to that engine at once (no reload); that engine going away (a TCP proxy this test
 * owns, in front of the docker socket) greys every row within 2 s, and it recovers by itself.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EngineProxy, freeTcpPort } from '../../engine-proxy';

interface Row {
  label: string;
  description?: string;
  status?: string;
  children: Row[];
}
interface Api {
  health: { nodes: readonly Row[]; view: { message?: string; description?: string } };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Compose Mesh and its Docker Engine', () => {
  const project = process.env.COMPOSE_MESH_TEST_PROJECT;
  let proxy: EngineProxy | undefined;

  after(async () => {
    await vscode.workspace.getConfiguration('composeMesh').update('docker.host', undefined, vscode.ConfigurationTarget.Global);
    await proxy?.down();
  });

  it('reconnects when composeMesh.docker.host changes, greys every row within 2 s when the engine goes away, and recovers by itself', async function () {
    if (!project) return this.skip();
    const ext = vscode.extensions.getExtension('compose-mesh.compose-mesh');
    assert.ok(ext);
    const api = (await ext.activate()) as Api;
    const service = () => api.health.nodes.find((n) => n.label === project)?.children[0];
    await until('the project healthy on the default engine', () => (service()?.status === 'healthy' ? true : undefined), 120_000);

    proxy = new EngineProxy(await freeTcpPort());
    await proxy.up();
    await vscode.workspace.getConfiguration('composeMesh').update('docker.host', proxy.host, vscode.ConfigurationTarget.Global);
    // The view names the engine it shows now, and the rows come from it.
    await until('the view to name the new engine', () => (api.health.view.message?.includes(proxy?.host ?? '?') ? true : undefined), 10_000);
    await until('the project healthy through the proxy', () => (service()?.status === 'healthy' ? true : undefined), 10_000);
    assert.match(api.health.view.message ?? '', /Docker \d+\.\d+/);

    const cut = Date.now();
    await proxy.down();
    const unknown = await until('the row to go unknown', () => (service()?.status === 'unknown' ? service() : undefined), 2000);
    assert.ok(Date.now() - cut <= 2000, `${Date.now() - cut} ms`);
    assert.match(unknown?.description ?? '', /^engine unreachable since \d\d:\d\d$/);
    assert.equal(api.health.nodes.find((n) => n.label === project)?.description, unknown?.description);

    await proxy.up();
    await until('the row to recover by itself', () => (service()?.status === 'healthy' ? true : undefined), 30_000);
  });
});
