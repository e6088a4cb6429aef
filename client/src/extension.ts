import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DEFAULT_COMPOSE_GLOBS, SERVER_EXEC_ARGV, ServiceStateRequest, ValidateRequest } from '../../common/protocol';
import { resolveDockerEndpoint } from '../../server/src/docker/endpoint';
import { ServiceStates } from './serviceStates';
import { TopologyPanel } from './topologyPanel';
import { EngineConnection, type ConnectionState } from './docker/connection';
import { HealthWatcher } from './docker/health-watcher';
import { Recovery } from './docker/recovery';
import { HealthView } from './healthView';
import { Metrics } from './metrics/metrics';
import { ProjectCommands } from './projectCommands';
import { HealthStatusBar } from './statusBar';

/**
 * Owns every disposable of the extension. The client starts the bundled language server and
 * offers the commands that talk to it.
 */
class ComposeMesh implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly client: LanguageClient;
  private readonly topology: TopologyPanel;
  private readonly log: vscode.OutputChannel;
  private readonly connection: EngineConnection;
  private readonly watcher: HealthWatcher;
  readonly health: HealthView;
  private readonly statusBar: HealthStatusBar;
  private recovery: Recovery | undefined;
  private readonly metrics: Metrics;

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
    // The live side: one engine connection, one watcher, the tree, the status bar, the commands.
    const settings = vscode.workspace.getConfiguration('composeMesh');
    this.log = vscode.window.createOutputChannel('Compose Mesh', 'log');
    this.connection = new EngineConnection(resolveDockerEndpoint({ env: process.env, explicitHost: settings.get<string>('docker.host') || undefined }));
    this.connection.on('state', (st: ConnectionState) => this.log.appendLine(`engine: ${st.kind} — ${st.engine}${st.kind === 'down' ? `: ${st.reason}` : st.kind === 'connected' ? ` (Docker ${st.version}, API ${st.api})` : ''}`));
    this.watcher = new HealthWatcher(this.connection, { safetyNetMs: settings.get<number>('health.safetyNetSeconds', 60) * 1000, coalesceMs: 30 });
    this.health = new HealthView(this.client, this.connection, this.watcher);
    this.statusBar = new HealthStatusBar();
    this.health.onSummary((sum) => this.statusBar.update(sum));
    this.notifyUnhealthy();
    this.metrics = new Metrics(context.extensionUri, this.watcher, (project) => this.health.declared.some((d) => d.name === project), (line) => this.log.appendLine(line));
    this.disposables.push(
      this.log,
      this.health,
      this.statusBar,
      this.metrics,
      new ProjectCommands(this.client, this.connection, this.health, this.log, this.metrics),
      { dispose: () => (this.watcher.dispose(), this.connection.dispose(), this.recovery?.dispose()) },
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.configureRecovery()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('composeMesh.recovery')) this.configureRecovery();
      }),
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
    this.configureRecovery();
    await this.connection.connect();
    await this.health.loadDeclared();
    this.metrics.observe();
  }

  /** Opt-in recovery, only in a trusted workspace. */
  private configureRecovery(): void {
    this.recovery?.dispose();
    this.recovery = undefined;
    const r = vscode.workspace.getConfiguration('composeMesh.recovery');
    if (!vscode.workspace.isTrusted || !r.get<boolean>('enabled', false)) return;
    this.recovery = new Recovery(
      this.watcher,
      () => this.connection.docker,
      { graceMs: r.get<number>('graceSeconds', 60) * 1000, maxAttempts: r.get<number>('maxAttempts', 3), backoffMs: r.get<number>('backoffSeconds', 30) * 1000 },
      (line) => this.log.appendLine(line),
      (container) => void vscode.window.showErrorMessage(`Compose Mesh: recovery gave up on ${container}; it stays unhealthy.`, 'Show log').then((a) => a && this.log.show()),
      (action) => this.metrics.recovery(action),
    );
  }

  /** A notification only when a person must act: a service became unhealthy (unless quiet). */
  private notifyUnhealthy(): void {
    const known = new Map<string, string>();
    this.watcher.on('changed', () => {
      const quiet = vscode.workspace.getConfiguration('composeMesh').get<string>('notifications', 'problems') === 'off';
      for (const c of this.watcher.containers.values()) {
        const before = known.get(c.id);
        known.set(c.id, c.health);
        if (c.health === 'unhealthy' && before && before !== 'unhealthy') {
          this.log.appendLine(`health: ${c.name} (${c.service}) became unhealthy${c.healthLog.length ? `: ${c.healthLog[c.healthLog.length - 1].output}` : ''}`);
          if (!quiet) void vscode.window.showWarningMessage(`Compose Mesh: ${c.service} (${c.project}) became unhealthy.`, 'Show').then((a) => a && vscode.commands.executeCommand('composeMesh.health.focus'));
        }
      }
    });
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
