import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DescribeProjectRequest, ValidateRequest, type DeclaredProject } from '../../common/protocol';
import { cliEnvironment, cliName, detectCompose, runCompose, type ComposeCli } from './docker/compose-cli';
import type { EngineConnection } from './docker/connection';
import { LogTail } from './docker/log-tail';
import { startProject } from './docker/start';
import type { HealthView } from './healthView';
import type { Metrics } from './metrics/metrics';
import { numberSetting } from './settings';
import { buildTree, type TreeNode } from './tree-model';
import { whenTrusted } from './trust';

/**
 * The commands that act on projects: start (with its checks first, then progress until
 * healthy), stop, restart a service, tail logs, go to a service's definition. Whatever runs
 * something needs a trusted workspace.
 */
export class ProjectCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly tails = new Map<string, { tail: LogTail; channel: vscode.OutputChannel }>();
  private cli: ComposeCli | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly connection: EngineConnection,
    private readonly view: HealthView,
    private readonly log: vscode.OutputChannel,
    private readonly metrics: Pick<Metrics, 'start'>,
  ) {
    const trusted = <A extends unknown[]>(fn: (...args: A) => Promise<void>) => whenTrusted('starting, stopping and restarting containers', fn);
    this.disposables.push(
      vscode.commands.registerCommand(
        'composeMesh.start',
        trusted((node?: TreeNode) => this.start(node)),
      ),
      vscode.commands.registerCommand(
        'composeMesh.stop',
        trusted((node?: TreeNode) => this.stop(node)),
      ),
      vscode.commands.registerCommand(
        'composeMesh.restartService',
        trusted((node?: TreeNode) => this.restart(node)),
      ),
      vscode.commands.registerCommand('composeMesh.tailLogs', (node?: TreeNode) => this.tailLogs(node)),
      vscode.commands.registerCommand('composeMesh.stopLogs', () => this.stopLogs()),
      vscode.commands.registerCommand('composeMesh.goToService', (node?: TreeNode) => this.goTo(node)),
      vscode.commands.registerCommand('composeMesh.refresh', async () => {
        await this.view.loadDeclared();
        // Every container read again: Refresh fixes whatever an event stream may have missed.
        if (connection.state.kind === 'connected') await this.view.watcher.resync({ full: true }).catch((e: Error) => connection.lost(e));
        else await connection.retryNow();
      }),
      vscode.commands.registerCommand('composeMesh.retryConnection', () => connection.retryNow()),
    );
  }

  private compose(): ComposeCli | undefined {
    this.cli ??= detectCompose(this.env());
    if (!this.cli)
      void vscode.window.showErrorMessage(
        'Compose Mesh: no Compose CLI found: install "docker compose" (v2), "docker-compose", "podman compose" or "podman-compose".',
      );
    return this.cli;
  }

  /** The compose process talks to the engine the tree shows, whatever the shell's DOCKER_HOST says. */
  private env(): NodeJS.ProcessEnv {
    return cliEnvironment(this.connection.endpoint?.cliEnv ?? {});
  }

  /** The project a command applies to: the node's, the only one, or the user's pick. */
  private async pickProject(node?: TreeNode): Promise<DeclaredProject | undefined> {
    const name = node ? this.view.projectOf(node)?.label : undefined;
    const candidates = this.view.declared;
    if (name) return candidates.find((p) => p.name === name);
    if (candidates.length <= 1) return candidates[0];
    const pick = await vscode.window.showQuickPick(
      candidates.map((p) => ({ label: p.name, description: p.dir, project: p })),
      { placeHolder: 'Which project?' },
    );
    return pick?.project;
  }

  private async start(node?: TreeNode): Promise<void> {
    let project = await this.pickProject(node);
    const cli = this.compose();
    if (!project || !cli) return;
    let profiles: string[] = [];
    if (project.profiles.length) {
      const picked = await vscode.window.showQuickPick(
        project.profiles.map((p) => ({ label: p })),
        { canPickMany: true, placeHolder: 'Profiles to enable (none: the default services only)' },
      );
      if (!picked) return;
      profiles = picked.map((p) => p.label);
      project = (await this.client.sendRequest(DescribeProjectRequest, { uri: vscode.Uri.file(project.files[0]).toString(), profiles })) ?? project;
    }
    const target = project;
    // Time to healthy counts from here: the user's picks above are not the start's time.
    const commandAt = Date.now();
    // Dependency validation first: the engine's errors block the start (and open the Problems panel).
    await this.client.sendRequest(ValidateRequest, { uri: vscode.Uri.file(target.files[0]).toString() });
    const timeoutMs =
      numberSetting('start.timeoutSeconds', vscode.workspace.getConfiguration('composeMesh', vscode.Uri.file(target.dir)).get('start.timeoutSeconds')) * 1000;
    const log = (l: string) => this.log.appendLine(`[start ${target.name}] ${l}`);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Starting ${target.name}`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return this.metrics.start(target, commandAt, () =>
          startProject(this.connection.docker, cli, this.view.watcher, target, {
            profiles,
            timeoutMs,
            onProgress: (message) => progress.report({ message }),
            onLog: log,
            signal: abort.signal,
            env: this.env(),
          }),
        );
      },
    );
    switch (outcome.kind) {
      case 'started':
        for (const n of outcome.notes) log(`note: ${n.message}`);
        void vscode.window.showInformationMessage(`Compose Mesh: ${target.name} is up — ${outcome.ready.length} service(s) ready.`);
        return;
      case 'blocked':
        for (const p of outcome.problems) log(`${p.blocking ? 'blocked' : 'note'}: ${p.message}`);
        if (target.errors > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
        void vscode.window.showErrorMessage(
          `Compose Mesh: ${target.name} was not started. ${outcome.problems
            .filter((p) => p.blocking)
            .map((p) => p.message)
            .join(' ')}`,
        );
        return;
      case 'cancelled':
        log('cancelled');
        return;
      default: {
        for (const f of outcome.failures) {
          log(`${f.service} is ${f.status}`);
          for (const h of f.healthOutput) log(`${f.service} health check: ${h}`);
          for (const l of f.logLines) log(`${f.service} | ${l}`);
        }
        this.log.show(true);
        const what =
          outcome.failures.map((f) => `${f.service} is ${f.status}`).join(', ') ||
          (outcome.kind === 'compose-failed' ? `docker compose up failed (exit ${outcome.code})` : 'timed out');
        void vscode.window.showErrorMessage(`Compose Mesh: ${target.name} did not become healthy: ${what}.`, 'Show log').then((a) => a && this.log.show());
      }
    }
  }

  private async stop(node?: TreeNode): Promise<void> {
    const project = await this.pickProject(node);
    const cli = this.compose();
    if (!project || !cli) return;
    const answer = await vscode.window.showWarningMessage(`Stop and remove the containers of ${project.name} (${cliName(cli)} down)?`, { modal: true }, 'Down');
    if (answer !== 'Down') return;
    await this.down(cli, project);
  }

  /** `compose down`, announced to the watcher so that nothing it does looks like a failure. */
  private async down(cli: ComposeCli, project: DeclaredProject): Promise<void> {
    const stopping = this.view.watcher.expect(project.name, undefined, 'stop');
    const down = await runCompose(cli, project, project.profiles, ['down'], {
      env: this.env(),
      onLine: (l) => this.log.appendLine(`[down ${project.name}] ${l}`),
    }).finally(() => stopping.end());
    if (down.code !== 0) void vscode.window.showErrorMessage(`Compose Mesh: ${cliName(cli)} down failed (exit ${down.code}); see the Compose Mesh log.`);
  }

  private async restart(node?: TreeNode): Promise<void> {
    if (!node || node.kind !== 'service') return;
    const project = this.view.projectOf(node)?.label;
    if (!project) return;
    const containers = [...this.view.watcher.containers.values()].filter((c) => c.project === project && c.service === node.label);
    const restarting = this.view.watcher.expect(project, [node.label], 'deploy');
    try {
      for (const c of containers) {
        this.log.appendLine(`[restart] ${c.name}`);
        await this.connection.docker.getContainer(c.id).restart({ t: 10 });
      }
    } finally {
      restarting.end();
    }
  }

  private async tailLogs(node?: TreeNode): Promise<void> {
    const projectNode = node ? this.view.projectOf(node) : undefined;
    const projects = buildTree({ declared: this.view.declared, containers: this.view.watcher.containers.values(), now: Date.now() }).filter((p) =>
      p.children.some((s) => s.status !== 'not-created'),
    );
    const project =
      projectNode ??
      (projects.length === 1
        ? projects[0]
        : (
            await vscode.window.showQuickPick(
              projects.map((p) => ({ label: p.label, node: p })),
              { placeHolder: 'Logs of which project?' },
            )
          )?.node);
    if (!project) return;
    let services = node?.kind === 'service' ? [node.label] : undefined;
    if (!services) {
      const picked = await vscode.window.showQuickPick(
        project.children.filter((s) => s.status !== 'not-created').map((s) => ({ label: s.label, picked: true })),
        { canPickMany: true, placeHolder: 'Services to follow' },
      );
      if (!picked?.length) return;
      services = picked.map((p) => p.label);
    }
    const history = await vscode.window.showQuickPick(
      [
        { label: 'Last 100 lines', tail: 100 },
        { label: 'Last 1000 lines', tail: 1000 },
        { label: 'Since 10 minutes ago', since: 600 },
        { label: 'Since 1 hour ago', since: 3600 },
        { label: 'New lines only', tail: 0 },
      ],
      { placeHolder: 'History to show' },
    );
    if (!history) return;
    const dir = this.view.declared.find((p) => p.name === project.label)?.dir;
    const timestamps = vscode.workspace.getConfiguration('composeMesh', dir ? vscode.Uri.file(dir) : undefined).get<boolean>('logs.timestamps', false);
    // One channel per project: a new Tail Logs on it replaces what it followed (no two channels with one name).
    const key = project.label;
    this.tails.get(key)?.tail.stop();
    const channel = this.tails.get(key)?.channel ?? vscode.window.createOutputChannel(`Compose Mesh logs: ${project.label}`, 'log');
    const since = 'since' in history && history.since ? Math.floor(Date.now() / 1000) - history.since : undefined;
    const tail = new LogTail(
      () => this.connection.docker,
      this.view.watcher,
      project.label,
      services,
      { timestamps, since, tail: 'tail' in history ? history.tail : undefined },
      (l) => channel.appendLine(l),
    );
    this.tails.set(key, { tail, channel });
    channel.show(true);
    // A header, so that a quiet service does not look like a broken tail.
    const running = project.children.filter((s) => services.includes(s.label) && s.contextValue === 'service.running').length;
    const from = since !== undefined ? `since ${clock(since * 1000)}` : `${history.label.toLowerCase()}`;
    channel.appendLine(
      `── ${project.label}: following ${services.join(', ')} — ${from}, then new lines as they come (started ${clock(Date.now())})${running ? '' : '; nothing runs yet, lines appear when a container starts'} ──`,
    );
    tail.start();
  }

  /** The log channels open now, by name (what the Output view lists). */
  get logChannels(): string[] {
    return [...this.tails.values()].map((t) => t.channel.name);
  }

  private stopLogs(): void {
    for (const { tail } of this.tails.values()) tail.stop();
  }

  private async goTo(node?: TreeNode): Promise<void> {
    if (!node?.location) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(node.location.uri));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(node.location.line, 0, node.location.line, 0) });
  }

  dispose(): void {
    this.stopLogs();
    for (const { channel } of this.tails.values()) channel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** 14:05:12, local time. */
function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}
