/**
 * Beside another extension that completes and describes compose files (Docker DX's id, loaded as
 * a an installed extension by run-server.ts): with `composeMesh.editorFeatures: auto`
 * our completion and hover stand down and our diagnostics stay; "on" brings them back at once.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Compose Mesh beside Docker DX', () => {
  after(() => vscode.workspace.getConfiguration('composeMesh').update('editorFeatures', undefined, vscode.ConfigurationTarget.Global));

  it('offers no second completion or hover while the peer does (auto), keeps its diagnostics, and comes back when asked (on)', async function () {
    if (!vscode.extensions.getExtension('docker.docker')) return this.skip();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root);
    const uri = vscode.Uri.joinPath(root, 'broken', 'compose.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // The `image` key of service web: a key completion (healthcheck is one of ours) and a hover on a documented key.
    const at = new vscode.Position(2, 5);
    const completions = async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, at);
      return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const hovers = async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
      return found.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
    };
    const errors = () =>
      vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.source === 'compose-mesh')
        .map((d) => d.message);

    // Ours stand down: the peer's entries only.
    const peerOnly = await until('the peer alone to answer', async () => {
      const c = await completions();
      return c.includes('peer key') && !c.includes('healthcheck') ? c : undefined;
    });
    assert.ok(!peerOnly.includes('healthcheck'));
    assert.deepEqual(await hovers(), ['Docker DX: image']);
    await until('our diagnostics', async () => (errors().includes('Service "web" depends on undefined service "db".') ? true : undefined));

    // Asked for: ours come back at once, beside the peer's.
    await vscode.workspace.getConfiguration('composeMesh').update('editorFeatures', 'on', vscode.ConfigurationTarget.Global);
    const both = await until('our completion back', async () => {
      const c = await completions();
      return c.includes('healthcheck') ? c : undefined;
    });
    assert.ok(both.includes('peer key'));
    const described = await hovers();
    assert.ok(described.includes('Docker DX: image'));
    assert.ok(described.length > 1, `our hover beside the peer's: ${JSON.stringify(described)}`);

    // Back to auto: they stand down again without a reload.
    await vscode.workspace.getConfiguration('composeMesh').update('editorFeatures', undefined, vscode.ConfigurationTarget.Global);
    await until('ours to stand down again', async () => ((await completions()).includes('healthcheck') ? undefined : true));
    assert.deepEqual(await hovers(), ['Docker DX: image']);
  });
});
