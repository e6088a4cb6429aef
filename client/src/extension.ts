import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DEFAULT_COMPOSE_GLOBS, SERVER_EXEC_ARGV, ServiceStateRequest, ValidateRequest } from '../../common/protocol';
import { resolveDockerEndpoint } from '../../server/src/docker/endpoint';
import { ServiceStates } from './serviceStates';
import { TopologyPanel } from './topologyPanel';

/**
 * Owns every disposable of the extension. The client starts the bundled language server and
 * offers the commands that talk to it.
 */
class ComposeMesh implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly client: LanguageClient;
  private readonly topology: TopologyPanel;

  constructor(context: vscode.ExtensionContext) {
    const module = context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
    };
    const extraGlobs = vscode.workspace.getConfiguration('composeMesh').get<string[]>('files', []);
    const globs = [...DEFAULT_COMPOSE_GLOBS, ...extraGlobs];
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: 'dockercompose' }, ...globs.map((pattern) => ({ scheme: 'file', pattern }))],
      synchronize: {
        configurationSection: 'composeMesh',
        fileEvents: [
          vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
          vscode.workspace.createFileSystemWatcher('**/.env'),
          vscode.workspace.createFileSystemWatcher('**/.compose-mesh.{yaml,yml}'),
        ],
      },
    };
    clientOptions.initializationOptions = { liveState: true };
    this.client = new LanguageClient('composeMesh', 'Compose Mesh', serverOptions, clientOptions);
    const states = new ServiceStates(() =>
      resolveDockerEndpoint({ env: process.env, explicitHost: vscode.workspace.getConfiguration('composeMesh').get<string>('docker.host') || undefined }),
    );
    this.client.onRequest(ServiceStateRequest, ({ project, service }) => states.stateOf(project, service));
    this.topology = new TopologyPanel(this.client);
    this.disposables.push(
      this.topology,
      vscode.commands.registerCommand('composeMesh.validate', () => this.validate()),
      vscode.commands.registerCommand('composeMesh.showTopology', async () => {
        const uri = vscode.window.activeTextEditor?.document.uri ?? (await this.findComposeFile());
        if (uri) await this.topology.show(uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('composeMesh.files')) {
          void vscode.window.showInformationMessage('Compose Mesh: reload the window to apply the new file patterns.');
        }
      }),
    );
  }

  async start(): Promise<void> {
    await this.client.start();
  }

  private async validate(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const uri = editor?.document.uri ?? (await this.findComposeFile());
    if (!uri) {
      void vscode.window.showWarningMessage('Compose Mesh: no compose file in this workspace.');
      return;
    }
    // Probes run commands inside containers: only where the workspace is trusted and the user asked.
    const probe = vscode.workspace.isTrusted && vscode.workspace.getConfiguration('composeMesh').get<boolean>('live.probe', false);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Compose Mesh: validating (static and live)…' },
      () => this.client.sendRequest(ValidateRequest, { uri: uri.toString(), live: true, probe }),
    );
    const { error, warning, info, hint } = result.counts;
    const live = result.live?.error ? ` Live checks skipped: ${result.live.error}.` : result.live ? ` Live: ${result.live.findings} finding(s) on ${result.live.engine}.` : '';
    const summary = `${result.services} services in ${result.files.length} file(s): ${error} errors, ${warning} warnings, ${info + hint} notes.${live}`;
    void this.topology.refresh();
    if (error + warning > 0) {
      void vscode.commands.executeCommand('workbench.actions.view.problems');
      void vscode.window.showWarningMessage(`Compose Mesh: ${summary}`);
    } else void vscode.window.showInformationMessage(`Compose Mesh: ${summary}`);
  }

  private async findComposeFile(): Promise<vscode.Uri | undefined> {
    const found = await vscode.workspace.findFiles('{compose,docker-compose}.{yaml,yml}', '**/node_modules/**', 1);
    return found[0];
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    void this.client.stop();
  }
}

let extension: ComposeMesh | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ComposeMesh> {
  extension = new ComposeMesh(context);
  context.subscriptions.push(extension);
  await extension.start();
  return extension;
}

export async function deactivate(): Promise<void> {
  extension?.dispose();
  extension = undefined;
}
