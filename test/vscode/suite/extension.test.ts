/** The extension in a real VS Code: activation, diagnostics, commands, the health tree. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { metricsDir } from '../../../common/metrics/location';
import { writerAlive } from '../../../common/metrics/store';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Compose Mesh in VS Code', () => {
  it('activates on a compose file and publishes its diagnostics', async () => {
    const root = folder();
    assert.ok(root, 'the test workspace is open');
    const uri = vscode.Uri.joinPath(root, 'broken', 'compose.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const ext = vscode.extensions.getExtension('compose-mesh.compose-mesh');
    assert.ok(ext, 'the extension is installed');
    await until('activation', () => ext.isActive || undefined);
    const diagnostics = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'compose-mesh' && x.severity === vscode.DiagnosticSeverity.Error);
      return d.length ? d : undefined;
    });
    assert.deepEqual(
      diagnostics.map(
        (d) =>
          `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(typeof d.code === 'object' ? d.code.value : d.code)}: ${d.message}`,
      ),
      ['3:17-3:19 depends-on-unknown: Service "web" depends on undefined service "db".'],
    );
  });

  it('registers every command of its manifest', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const declared = (manifest.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.deepEqual(
      declared.filter((c) => !all.has(c)),
      [],
    );
  });

  it('validates a project from the command palette', async () => {
    await vscode.commands.executeCommand('composeMesh.validate');
  });

  it('shows the running example in the health tree', async function () {
    if (!process.env.COMPOSE_MESH_TEST_PROJECT) return this.skip();
    const ext = vscode.extensions.getExtension('compose-mesh.compose-mesh');
    const api = ext?.exports as {
      health: { nodes: readonly { label: string; description?: string; children: { label: string; status?: string; icon: string }[] }[] };
    };
    const project = await until(
      'the project in the tree',
      () => {
        const p = api.health.nodes.find((n) => n.label === process.env.COMPOSE_MESH_TEST_PROJECT);
        return p && p.children.length && p.children.every((s) => s.status === 'healthy') ? p : undefined;
      },
      120_000,
    );
    assert.deepEqual(
      project.children.map((s) => `${s.label}:${s.icon}`),
      ['app:pass-filled'],
    );
    assert.equal(project.description, '1/1 healthy');
  });

  it('follows a compose file changed on disk (a git checkout) without Refresh', async function () {
    const name = process.env.COMPOSE_MESH_TEST_PROJECT;
    const root = folder();
    if (!name || !root) return this.skip();
    const api = vscode.extensions.getExtension('compose-mesh.compose-mesh')?.exports as {
      health: { nodes: readonly { label: string; children: { label: string; status?: string; description?: string }[] }[] };
    };
    const file = path.join(root.fsPath, 'app', 'compose.yaml');
    const before = fs.readFileSync(file, 'utf8');
    const services = () => api.health.nodes.find((n) => n.label === name)?.children.map((s) => `${s.label}:${s.status}:${s.description?.split(' · ')[0]}`);
    try {
      fs.writeFileSync(file, `${before}  worker:\n    image: busybox:1.36\n    command: ["sleep", "600"]\n`);
      const added = await until('the new service in the tree', () => (services()?.some((s) => s.startsWith('worker:')) ? services() : undefined), 10_000);
      assert.deepEqual(added, ['app:healthy:healthy', 'worker:not-created:not created']);
    } finally {
      fs.writeFileSync(file, before);
    }
    const back = await until('the service gone again', () => (services()?.length === 1 ? services() : undefined), 10_000);
    assert.deepEqual(back, ['app:healthy:healthy']);
  });

  it("ticks a young container's uptime by the second while the view is visible", async function () {
    const name = process.env.COMPOSE_MESH_TEST_PROJECT;
    if (!name) return this.skip();
    const api = vscode.extensions.getExtension('compose-mesh.compose-mesh')?.exports as {
      health: { nodes: readonly { label: string; children: { label: string; description?: string }[] }[]; view: { visible: boolean } };
    };
    await vscode.commands.executeCommand('composeMesh.health.focus');
    // Restarted (as asked, no alarm): seconds for its first minute, then minutes.
    assert.equal(spawnSync('docker', ['restart', '-t', '0', `${name}-app-1`]).status, 0);
    const seconds = () => {
      const d = api.health.nodes.find((n) => n.label === name)?.children[0]?.description ?? '';
      const m = /^healthy · (\d+)s$/.exec(d);
      return m ? Number(m[1]) : undefined;
    };
    const first = await until('the restarted row, healthy', () => ((seconds() ?? 99) <= 5 ? seconds() : undefined), 30_000);
    const later = await until('its uptime to tick', () => ((seconds() ?? 0) > first ? seconds() : undefined), 3000).catch((e: Error) => {
      throw new Error(
        `${e.message} (visible: ${api.health.view.visible}, ${first}s, now: ${api.health.nodes.find((n) => n.label === name)?.children[0]?.description})`,
      );
    });
    assert.ok(later > first);
  });

  it('stops and resumes recording metrics as soon as composeMesh.metrics.record changes (the dashboard says "recording" from the same lock)', async function () {
    const root = folder();
    if (!root) return this.skip();
    const dir = metricsDir(root.fsPath);
    const settings = () => vscode.workspace.getConfiguration('composeMesh');
    await until('this window recording', () => writerAlive(dir) || undefined, 10_000);
    try {
      await settings().update('metrics.record', false, vscode.ConfigurationTarget.Global);
      await until('recording to stop', () => !writerAlive(dir) || undefined, 5000);
    } finally {
      await settings().update('metrics.record', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('recording to resume', () => writerAlive(dir) || undefined, 5000);
  });

  it('Tail Logs: one output channel per project, whichever of its services it follows', async function () {
    if (!process.env.COMPOSE_MESH_TEST_PROJECT) return this.skip();
    const api = vscode.extensions.getExtension('compose-mesh.compose-mesh')?.exports as {
      health: { nodes: readonly { label: string; children: { label: string; status?: string }[] }[] };
      projectCommands: { logChannels: string[] };
    };
    // A project from elsewhere (not in the workspace) with two services.
    const name = `cmtail${process.pid}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmtail-'));
    const service = (s: string) => `  ${s}:\n    image: busybox:1.36\n    command: ["sh", "-c", "echo ${s} is up; exec sleep 600"]\n`;
    fs.writeFileSync(path.join(dir, 'compose.yaml'), `name: ${name}\nservices:\n${service('one')}${service('two')}`);
    assert.equal(spawnSync('docker', ['compose', 'up', '-d'], { cwd: dir }).status, 0);
    try {
      for (const label of ['one', 'two']) {
        const row = await until(`${label} running in the tree`, () =>
          api.health.nodes.find((n) => n.label === name)?.children.find((s) => s.label === label && s.status === 'unmonitored'),
        );
        let finished = false;
        void Promise.resolve(vscode.commands.executeCommand('composeMesh.tailLogs', row)).then(() => (finished = true));
        // The history pick: its first entry (the last 100 lines).
        await until(
          'the history pick accepted',
          async () => finished || void (await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem')),
          10_000,
        );
      }
      assert.deepEqual(
        api.projectCommands.logChannels.filter((n) => n.includes(name)),
        [`Compose Mesh logs: ${name}`],
      );
    } finally {
      await vscode.commands.executeCommand('composeMesh.stopLogs');
      spawnSync('docker', ['compose', '-p', name, 'down', '--timeout', '0']);
    }
  });
});
