import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DEFAULT_COMPOSE_GLOBS, ImageHealthRequest, SERVER_EXEC_ARGV, ServiceStateRequest, SwarmNodesRequest, ValidateRequest } from '../../common/protocol';
import { inspectImageHealth } from '../../common/docker/image-health';
import { inspectSwarmNodes } from '../../common/docker/swarm-nodes';
import { resolveDockerEndpoint, type DockerEndpoint } from '../../common/docker/endpoint';
import { describeTransition } from './alarms';
import { numberSetting } from './settings';
import { ServiceStates } from './serviceStates';
import { TopologyPanel } from './topologyPanel';
import { EngineConnection, type ConnectionState } from './docker/connection';
import { HealthWatcher } from './docker/health-watcher';
import { Recovery } from './docker/recovery';
import { HealthView } from './healthView';
import { Metrics } from './metrics/metrics';
import { ProjectCommands } from './projectCommands';
import { HealthStatusBar } from './statusBar';
import { summary } from './tree-model';
import { installedEditorPeers, watchEditorPeers } from './editorPeers';
import { SwarmCommands } from './swarm/swarmCommands';
import { StackProjects } from './swarm/stackProjects';
import { SwarmView } from './swarm/swarmView';
import { SwarmWatcher } from './swarm/watcher';

/**
 * Owns every disposable of the extension. The client starts the bundled language server and
 * offers the commands that talk to it.
 */
class ComposeMesh implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly client: LanguageClient;
  private readonly topology: TopologyPanel;
  private readonly log: vscode.LogOutputChannel;
  private readonly connection: EngineConnection;
  private readonly watcher: HealthWatcher;
  readonly health: HealthView;
  readonly statusBar: HealthStatusBar;
  readonly projectCommands: ProjectCommands;
  private recovery: Recovery | undefined;
  private readonly metrics: Metrics;
  private readonly stackProjects: StackProjects;
  /** The Swarm view's rows, for tests through the extension's API. */
  swarmView: SwarmView | undefined;

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
    clientOptions.initializationOptions = { liveState: true, imageHealth: true, swarmNodes: true, peers: installedEditorPeers() };
    // One output channel for the language client and the live side.
    this.log = vscode.window.createOutputChannel('Compose Mesh', { log: true });
    clientOptions.outputChannel = this.log;
    this.client = new LanguageClient('composeMesh', 'Compose Mesh', serverOptions, clientOptions);
    // The live side: one engine connection (one endpoint resolution for the tree, hovers and the compose CLI), one watcher, the tree, the status bar, the commands.
    this.connection = new EngineConnection(() => dockerEndpoint());
    const states = new ServiceStates(() => this.connection.docker);
    this.client.onRequest(ServiceStateRequest, ({ project, service }) => states.stateOf(project, service));
    this.client.onRequest(ImageHealthRequest, ({ images }) =>
      this.connection.state.kind === 'connected' ? inspectImageHealth(this.connection.docker, images) : {},
    );
    this.client.onRequest(SwarmNodesRequest, () => (this.connection.state.kind === 'connected' ? inspectSwarmNodes(this.connection.docker) : null));
    this.watcher = new HealthWatcher(this.connection, {
      safetyNetMs: numberSetting('health.safetyNetSeconds', composeSettings().get('health.safetyNetSeconds')) * 1000,
      coalesceMs: 30,
    });
    this.topology = new TopologyPanel(this.client, context.extensionUri, this.watcher);
    this.health = new HealthView(this.client, this.connection, this.watcher);
    this.statusBar = new HealthStatusBar();
    this.stackProjects = new StackProjects(context.workspaceState, this.client);
    this.metrics = new Metrics(
      context.extensionUri,
      this.watcher,
      (project) => this.health.declared.some((d) => d.name === project),
      (line) => this.log.appendLine(line),
    );
    this.projectCommands = new ProjectCommands(this.client, this.connection, this.health, this.log, this.metrics);
    this.disposables.push(
      this.log,
      this.connection.onState((st: ConnectionState) =>
        this.log.appendLine(
          `engine: ${st.kind} — ${st.engine}${st.kind === 'down' ? `: ${st.reason}` : st.kind === 'connected' ? ` (Docker ${st.version}, API ${st.api})` : ''}`,
        ),
      ),
      this.watcher.onTransition((t) => {
        const { log, alarm } = describeTransition(t);
        this.log.appendLine(log);
        if (!alarm || composeSettings().get<string>('notifications', 'problems') === 'off') return;
        void vscode.window.showWarningMessage(`Compose Mesh: ${alarm}`, 'Show').then((a) => a && vscode.commands.executeCommand('composeMesh.health.focus'));
      }),
      this.health,
      this.statusBar,
      this.metrics,
      this.projectCommands,
      ...this.swarm(),
      { dispose: () => (this.watcher.dispose(), this.connection.dispose(), this.recovery?.dispose()) },
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.configureRecovery()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Settings apply at once: another engine reconnects everything, intervals re-arm, recovery reconfigures.
        if (e.affectsConfiguration('composeMesh.docker.host')) void this.connection.reconfigure();
        if (e.affectsConfiguration('composeMesh.health.safetyNetSeconds'))
          this.watcher.setSafetyNet(numberSetting('health.safetyNetSeconds', composeSettings().get('health.safetyNetSeconds')) * 1000);
        if (e.affectsConfiguration('composeMesh.recovery')) this.configureRecovery();
      }),
      this.topology,
      watchEditorPeers(this.client),
      vscode.commands.registerCommand('composeMesh.validate', () => this.validate()),
      vscode.commands.registerCommand('composeMesh.showTopology', async () => {
        const uri = vscode.window.activeTextEditor?.document.uri ?? (await this.findComposeFile());
        if (uri) await this.topology.show(uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // The language client's document selector is fixed when it starts: this one needs a reload.
        if (e.affectsConfiguration('composeMesh.files')) {
          void vscode.window
            .showInformationMessage('Compose Mesh: the new file patterns apply after a reload.', 'Reload')
            .then((a) => a && vscode.commands.executeCommand('workbench.action.reloadWindow'));
        }
      }),
    );
  }

  /** The Swarm view and its commands, on the same engine connection. */
  private swarm(): vscode.Disposable[] {
    const watcher = new SwarmWatcher(this.connection);
    const view = new SwarmView(watcher, this.stackProjects);
    this.swarmView = view;
    // The status bar sums compose services and stacks: redrawn when either tree is.
    const sum = () => this.statusBar.update(summary(this.health.nodes, this.watcher.reachability, view.nodes), this.connection.state);
    return [
      view,
      this.stackProjects,
      this.health.onRedraw(sum),
      view.onDidChangeTreeData(sum),
      new SwarmCommands(this.client, this.connection, view, this.log, this.stackProjects),
      { dispose: () => watcher.dispose() },
    ];
  }

  async start(): Promise<void> {
    await this.client.start();
    await this.stackProjects.announce();
    this.configureRecovery();
    await this.connection.connect();
    await this.health.loadDeclared();
    this.metrics.observe();
  }

  /** Opt-in recovery, only in a trusted workspace, only on the workspace's projects (or those listed). */
  private configureRecovery(): void {
    this.recovery?.dispose();
    this.recovery = undefined;
    const r = vscode.workspace.getConfiguration('composeMesh.recovery');
    if (!vscode.workspace.isTrusted || !r.get<boolean>('enabled', false)) return;
    const listed = r.get<string[]>('projects', []);
    this.recovery = new Recovery(
      this.watcher,
      () => this.connection.docker,
      {
        graceMs: numberSetting('recovery.graceSeconds', r.get('graceSeconds')) * 1000,
        maxAttempts: numberSetting('recovery.maxAttempts', r.get('maxAttempts')),
        backoffMs: numberSetting('recovery.backoffSeconds', r.get('backoffSeconds')) * 1000,
        projects: (name) => (listed.length ? listed.includes(name) : this.health.isWorkspaceProject(name)),
      },
      (line) => this.log.appendLine(line),
      (container) =>
        void vscode.window
          .showErrorMessage(`Compose Mesh: recovery gave up on ${container}; it stays unhealthy.`, 'Show log')
          .then((a) => a && this.log.show()),
      (action) => this.metrics.recovery(action),
    );
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
    const live = result.live?.error
      ? ` Live checks skipped: ${result.live.error}.`
      : result.live
        ? ` Live: ${result.live.findings} finding(s) on ${result.live.engine}.`
        : '';
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
  }
}

const composeSettings = () => vscode.workspace.getConfiguration('composeMesh');

/** The engine the settings and the environment name (read again at each reconnection). */
function dockerEndpoint(): DockerEndpoint {
  return resolveDockerEndpoint({ env: process.env, explicitHost: composeSettings().get<string>('docker.host') || undefined });
}

let extension: ComposeMesh | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ComposeMesh> {
  extension = new ComposeMesh(context);
  context.subscriptions.push(extension);
  await extension.start();
  return extension;
}

/** Stops the language server and waits for it (VS Code waits for the returned promise). */
export function deactivate(): Promise<void> | undefined {
  const current = extension;
  extension = undefined;
  current?.dispose();
  return current?.client.stop();
}
