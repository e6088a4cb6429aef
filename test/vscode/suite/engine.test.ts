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
  statusBar: { item: { text: string; tooltip?: string | vscode.MarkdownString; backgroundColor?: vscode.ThemeColor }; visible: boolean };
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
    // The status bar stays, says so in warning colours, and its tooltip names the engine that went away.
    const bar = api.statusBar;
    await until('the status bar to say so', () => (bar.item.text === `$(debug-disconnect) ${unknown?.description}` ? true : undefined), 2000);
    assert.ok(bar.visible);
    assert.equal(bar.item.backgroundColor?.id, 'statusBarItem.warningBackground');
    const gone = new RegExp(
      `Docker Engine ${proxy.host.replace(/\./g, '\\.')} \\(from the composeMesh\\.docker\\.host setting\\): .+\\. Retrying in \\d+ s\\.`,
    );
    await until('the status bar tooltip to name the engine that went away', () => (gone.test(String(bar.item.tooltip)) ? true : undefined), 2000);

    await proxy.up();
    await until('the row to recover by itself', () => (service()?.status === 'healthy' ? true : undefined), 30_000);
    assert.match(
      String(bar.item.tooltip),
      new RegExp(`at ${proxy.host.replace(/\./g, '\\.')} \\(from the composeMesh\\.docker\\.host setting\\), Docker \\d+\\.\\d+`),
    );
  });

  it('a host that cannot be used says what to fix, in the view and the status bar; the default engine comes back when the setting is cleared', async function () {
    if (!project) return this.skip();
    const api = vscode.extensions.getExtension('compose-mesh.compose-mesh')?.exports as Api;
    const service = () => api.health.nodes.find((n) => n.label === project)?.children[0];
    await vscode.workspace.getConfiguration('composeMesh').update('docker.host', 'ftp://engine.example', vscode.ConfigurationTarget.Global);
    const reason = 'unsupported Docker host "ftp://engine.example" (use unix://, npipe://, tcp:// or ssh://)';
    await until('the view to say what to fix', () => (api.health.view.message?.startsWith('No Docker Engine') ? true : undefined), 5000);
    assert.equal(api.health.view.message, `No Docker Engine: ${reason}. Fix composeMesh.docker.host or the docker context, then Retry.`);
    assert.equal(service()?.status, 'unknown');
    assert.match(api.statusBar.item.text, /^\$\(debug-disconnect\) engine unreachable since \d\d:\d\d$/);
    assert.match(String(api.statusBar.item.tooltip), new RegExp(`No Docker Engine: ${reason.replace(/[.()/]/g, '\\$&')}\\.`));

    await vscode.workspace.getConfiguration('composeMesh').update('docker.host', undefined, vscode.ConfigurationTarget.Global);
    await until('the project healthy on the default engine again', () => (service()?.status === 'healthy' ? true : undefined), 10_000);
    assert.match(api.health.view.message ?? '', /^Engine "[^"]*" at unix:\/\/\/var\/run\/docker\.sock \(the default socket\) — Docker \d+/);
  });
});
