import type * as http from 'node:http';
import * as vscode from 'vscode';
import { computeFigures, WINDOWS, type Figures } from '../../../common/metrics/figures';
import { metricsDir } from '../../../common/metrics/location';
import { toOpenMetrics } from '../../../common/metrics/openmetrics';
import { MetricsStore, readRecords, writerAlive } from '../../../common/metrics/store';
import type { DeclaredProject } from '../../../common/protocol';
import type { HealthWatcher } from '../docker/health-watcher';
import type { RecoveryAction } from '../docker/recovery';
import type { StartOutcome } from '../docker/start';
import { DashboardPanel } from './dashboardPanel';
import { serveOpenMetrics } from './endpoint';
import { MetricsRecorder } from './recorder';

/**
 * Mesh metrics in the editor: records the workspace's projects into the store of the first
 * workspace folder (the CLI reads the same one), opens the dashboard, and serves the opt-in
 * OpenMetrics endpoint (trusted workspaces only, 127.0.0.1 only).
 */
export class Metrics implements vscode.Disposable {
  private readonly dir: string | undefined;
  private recorder: MetricsRecorder | undefined;
  private readonly dashboard: DashboardPanel;
  private endpoint: { port: number; server: http.Server } | undefined;
  private refresh: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    extensionUri: vscode.Uri,
    private readonly watcher: HealthWatcher,
    private readonly tracks: (project: string) => boolean,
    private readonly log: (line: string) => void,
  ) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    this.dir = folder && folder.uri.scheme === 'file' ? metricsDir(folder.uri.fsPath) : undefined;
    this.dashboard = new DashboardPanel(extensionUri, () => this.figures());
    this.configureRecorder();
    this.disposables.push(
      this.dashboard,
      vscode.commands.registerCommand('composeMesh.showMetrics', () => {
        if (this.dir) this.dashboard.show();
        else void vscode.window.showInformationMessage('Compose Mesh: metrics are kept per workspace folder; open a folder first.');
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.configureEndpoint()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('composeMesh.metrics.openMetricsPort') && void this.configureEndpoint()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('composeMesh.metrics.record') && this.configureRecorder()),
    );
    void this.configureEndpoint();
  }

  /** Records while `composeMesh.metrics.record` says so: turning it off releases the store at once, on takes it (unless another window has it). */
  private configureRecorder(): void {
    const wanted = !!this.dir && vscode.workspace.getConfiguration('composeMesh').get<boolean>('metrics.record', true);
    if (wanted === !!this.recorder) return;
    this.recorder?.dispose();
    this.recorder = undefined;
    if (!wanted || !this.dir) return;
    const store = new MetricsStore(this.dir);
    if (!store.open()) {
      this.log(`metrics: another window records this workspace into ${this.dir}; this one only reads`);
      return;
    }
    this.recorder = new MetricsRecorder(this.watcher, store, this.tracks, () => this.changed());
  }

  figures(): Figures {
    const now = Date.now();
    const dir = this.dir as string;
    return computeFigures(readRecords(dir, now - WINDOWS[WINDOWS.length - 1].ms), now, { recording: writerAlive(dir) });
  }

  /** Looks at the watcher again (after the workspace's projects are known). */
  observe(): void {
    this.recorder?.observe();
  }

  recovery(action: RecoveryAction): void {
    this.recorder?.recovery(action);
  }

  start(project: DeclaredProject, commandAt: number, run: () => Promise<StartOutcome>): Promise<StartOutcome> {
    return this.recorder ? this.recorder.start(project, commandAt, run) : run();
  }

  /** Redraws an open dashboard once a burst of records is over. */
  private changed(): void {
    clearTimeout(this.refresh);
    this.refresh = setTimeout(() => this.dashboard.update(), 500);
  }

  private async configureEndpoint(): Promise<void> {
    const port = vscode.workspace.getConfiguration('composeMesh').get<number>('metrics.openMetricsPort', 0);
    const wanted = vscode.workspace.isTrusted && this.dir && port > 0 ? port : 0;
    if (this.endpoint?.port === wanted) return;
    this.endpoint?.server.close();
    this.endpoint = undefined;
    if (!wanted) return;
    try {
      this.endpoint = { port: wanted, server: await serveOpenMetrics(wanted, () => toOpenMetrics(this.figures())) };
      this.log(`metrics: OpenMetrics endpoint at http://127.0.0.1:${wanted}/metrics`);
    } catch (err) {
      this.log(`metrics: cannot serve OpenMetrics on 127.0.0.1:${wanted}: ${(err as Error).message}`);
      void vscode.window.showWarningMessage(`Compose Mesh: the OpenMetrics endpoint cannot listen on 127.0.0.1:${wanted} (${(err as Error).message}).`);
    }
  }

  dispose(): void {
    clearTimeout(this.refresh);
    this.endpoint?.server.close();
    this.recorder?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
