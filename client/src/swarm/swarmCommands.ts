import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DescribeProjectRequest } from '../../../common/protocol';
import type { EngineConnection } from '../docker/connection';
import { deployStack, removeStack, type DeployOutcome, type StackTarget } from './deploy';
import { ServiceLogs } from './service-logs';
import type { StackProjects } from './stackProjects';
import type { SwarmView } from './swarmView';
import type { SwarmTreeNode } from './tree';
import { whenTrusted } from '../trust';

/** An image reference that names a registry host (`registry.example.com/app`, `localhost:5000/app`). */
function namesRegistry(image: string): boolean {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/** Deploy, remove and service logs for a swarm (commands that run things: trusted workspaces only). */
export class SwarmCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private logs: ServiceLogs | undefined;
  private readonly logChannel = vscode.window.createOutputChannel('Compose Mesh: Service Logs');

  constructor(
    private readonly client: LanguageClient,
    private readonly connection: EngineConnection,
    private readonly view: SwarmView,
    private readonly log: vscode.LogOutputChannel,
    private readonly stackProjects: StackProjects,
  ) {
    const trusted = <A extends unknown[]>(fn: (...args: A) => Promise<void>) => whenTrusted('deploying and removing stacks', fn);
    this.disposables.push(
      this.logChannel,
      vscode.commands.registerCommand(
        'composeMesh.deployStack',
        trusted((uri?: vscode.Uri) => this.deploy(uri)),
      ),
      vscode.commands.registerCommand(
        'composeMesh.removeStack',
        trusted((node?: SwarmTreeNode) => this.remove(node)),
      ),
      vscode.commands.registerCommand('composeMesh.serviceLogs', (node?: SwarmTreeNode) => this.followLogs(node)),
    );
  }

  /** The environment for the docker CLI: the engine the extension talks to. */
  private cliEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of Object.entries(this.connection.endpoint?.cliEnv ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return env;
  }

  private async deploy(uri?: vscode.Uri): Promise<void> {
    const file = uri?.fsPath ?? vscode.window.activeTextEditor?.document.uri.fsPath;
    if (!file || !/\.ya?ml$/.test(file)) {
      void vscode.window.showWarningMessage('Compose Mesh: open the compose file of the stack to deploy.');
      return;
    }
    // The same pre-flight as Start, checked for stack mode: errors block the deploy.
    const project = await this.client.sendRequest(DescribeProjectRequest, { uri: vscode.Uri.file(file).toString(), target: 'swarm' });
    if (!project) return;
    const name = await vscode.window.showInputBox({
      prompt: 'Stack name',
      value: path
        .basename(project.dir)
        .toLowerCase()
        .replace(/[^a-z0-9_-]/g, ''),
      validateInput: (v) => (/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/.test(v) ? undefined : 'Letters, digits, "_" and "-"'),
    });
    if (!name) return;
    const prune = await vscode.window.showQuickPick(
      [
        { label: 'Keep other services', description: 'services of the stack that the files no longer define stay', prune: false },
        { label: 'Prune', description: '--prune: remove services the files no longer define', prune: true },
      ],
      { title: `Deploy stack ${name}` },
    );
    if (!prune) return;
    const stack: StackTarget = { name, dir: project.dir, files: project.files, errors: project.errors };
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deploying stack ${name}`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return deployStack(this.connection.docker, stack, {
          prune: prune.prune,
          withRegistryAuth: project.services.some((s) => !!s.image && namesRegistry(s.image)),
          timeoutMs: 300_000,
          env: this.cliEnv(),
          onProgress: (message) => (progress.report({ message }), this.log.info(`stack ${name}: ${message}`)),
          onLog: (line) => this.log.info(`docker stack deploy: ${line}`),
          signal: abort.signal,
        });
      },
    );
    // The stack is on the swarm (running or not yet): from now on its files are checked in stack mode.
    if (outcome.kind === 'deployed' || outcome.kind === 'failing' || outcome.kind === 'timeout') await this.stackProjects.deployed(project.dir, name);
    this.report(name, outcome);
  }

  private report(name: string, outcome: DeployOutcome): void {
    switch (outcome.kind) {
      case 'deployed':
        void vscode.window.showInformationMessage(`Compose Mesh: stack ${name} is up (${outcome.services.join(', ')}).`);
        return;
      case 'blocked':
        void vscode.window.showErrorMessage(`Compose Mesh: stack ${name} not deployed — ${outcome.reason}`);
        return;
      case 'cli-failed':
        this.log.error(outcome.output);
        void vscode.window.showErrorMessage(`Compose Mesh: docker stack deploy failed (exit ${outcome.code}): ${outcome.output.trim().split('\n').at(-1)}`);
        return;
      case 'cancelled':
        return;
      default:
        for (const f of outcome.failures) {
          this.log.error(`${f.task} on ${f.node}: ${f.state}: ${f.error}`);
          for (const l of f.logLines) this.log.error(`  ${f.task} | ${l}`);
        }
        void vscode.window.showErrorMessage(
          `Compose Mesh: stack ${name} ${outcome.kind === 'timeout' ? 'did not converge in time' : 'has failing tasks'}: ${outcome.failures.map((f) => `${f.task} ${f.state}: ${f.error}`).join('; ') || `waiting for ${outcome.waiting.join(', ')}`}`,
        );
    }
  }

  private async remove(node?: SwarmTreeNode): Promise<void> {
    const name = node?.kind === 'stack' ? node.label : await vscode.window.showQuickPick(this.view.stacks(), { title: 'Remove which stack?' });
    if (!name) return;
    const r = await removeStack(name, { env: this.cliEnv(), onLog: (l) => this.log.info(`docker stack rm: ${l}`) });
    if (r.code !== 0) void vscode.window.showErrorMessage(`Compose Mesh: docker stack rm ${name} failed: ${r.output.trim()}`);
    else await this.stackProjects.removed(name);
  }

  private async followLogs(node?: SwarmTreeNode): Promise<void> {
    if (node?.kind !== 'swarm-service') return;
    this.logs?.dispose();
    this.logChannel.clear();
    this.logChannel.show(true);
    this.logChannel.appendLine(`— logs of ${node.label}, all tasks on all nodes —`);
    this.logs = new ServiceLogs(this.connection.docker, node.id.slice('swarm-service:'.length), {
      onLine: (l) => this.logChannel.appendLine(l),
      onEnd: (reason) => this.logChannel.appendLine(`— ${reason} —`),
    });
    await this.logs.start().catch((err: Error) => this.logChannel.appendLine(`— cannot read the logs: ${err.message} —`));
  }

  dispose(): void {
    this.logs?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
