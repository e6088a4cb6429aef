import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TopologyRequest, type TopologyResult } from '../../common/protocol';
import { liveColours, type HealthSource } from './meshMap/liveColours';

/** Edits and diagnostics come in bursts (typing, a quick fix): redraw once the burst settles. */
const REDRAW_MS = 250;

/**
 * The mesh map: the network contract laid out by the language server (tiers as groups, networks
 * and services as nodes, allowed flows, the connections services make, violations in red), drawn
 * in a webview that pans and zooms, coloured with each service's live health, redrawn whenever
 * the project changes, and opening the line of whatever is clicked. Exports SVG and Mermaid.
 */
export class TopologyPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private current: TopologyResult = null;
  private uri: vscode.Uri | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly panelDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly extensionUri: vscode.Uri,
    private readonly health: HealthSource,
  ) {}

  async show(uri: vscode.Uri): Promise<void> {
    this.uri = uri;
    const result = await this.client.sendRequest(TopologyRequest, { uri: uri.toString() });
    if (!result) {
      void vscode.window.showInformationMessage('Compose Mesh: this project has no network contract (network-contract.yaml beside the compose files).');
      return;
    }
    this.current = result;
    if (!this.panel) this.open();
    else this.post();
    this.panel?.reveal(undefined, true);
  }

  /** Redraws the open map (after edits, a quick fix or a live check). */
  async refresh(): Promise<void> {
    if (!this.panel || !this.uri) return;
    const result = await this.client.sendRequest(TopologyRequest, { uri: this.uri.toString() });
    if (!result || !this.panel) return;
    const same = drawn(result) === drawn(this.current);
    this.current = result;
    // Diagnostics change for many reasons (another file, a live check): redrawing an unchanged
    // map would replace the SVG under the user's pointer, resetting a hover or a drag.
    if (!same) this.post();
  }

  private open(): void {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      'composeMesh.topology',
      'Mesh map',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [dist] },
    );
    this.panel = panel;
    const webview = panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'meshmap.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'meshmap.css'));
    webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${webview.cspSource}; style-src ${webview.cspSource} 'unsafe-inline'; img-src ${webview.cspSource} data:;">
<link rel="stylesheet" href="${style}"><title>Mesh map</title></head>
<body>
<header><h2 id="title">Mesh map</h2><span id="summary"></span><span class="spacer"></span>
<button data-cmd="fit" title="Fit the map to the panel">Fit</button><button data-cmd="in" title="Zoom in">+</button><button data-cmd="out" title="Zoom out">−</button>
<button data-cmd="saveSvg">Save SVG…</button><button data-cmd="saveMermaid">Save Mermaid…</button><button data-cmd="copyMermaid">Copy Mermaid</button></header>
<div class="legend">live health:<span class="healthy">healthy</span><span class="running">running</span><span class="starting">starting</span><span class="unhealthy">unhealthy</span><span class="stopped">stopped</span></div>
<div id="stage"></div>
<ul id="violations"></ul>
<script src="${script}"></script>
</body></html>`;
    webview.onDidReceiveMessage((m: { type: string; file?: string; line?: number }) => void this.onMessage(m), undefined, this.panelDisposables);
    panel.onDidDispose(() => this.closed(), undefined, this.panelDisposables);
    // Every change of the project redraws: edits, saves, files on disk, and the diagnostics that follow them.
    const soon = () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), REDRAW_MS);
    };
    this.panelDisposables.push(
      vscode.languages.onDidChangeDiagnostics(soon),
      vscode.workspace.onDidChangeTextDocument((e) => /\.ya?ml$/.test(e.document.uri.path) && e.contentChanges.length > 0 && soon()),
      vscode.workspace.onDidSaveTextDocument(soon),
      this.health.onChanged((projects) => this.current && projects.includes(this.current.topology.project) && this.postHealth()),
    );
  }

  private closed(): void {
    this.panel = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.panelDisposables.splice(0)) d.dispose();
  }

  private post(): void {
    const t = this.current;
    if (!t || !this.panel) return;
    void this.panel.webview.postMessage(drawMessage(t));
    this.postHealth();
  }

  private postHealth(): void {
    if (this.current && this.panel) void this.panel.webview.postMessage({ type: 'health', states: liveColours(this.health, this.current.topology.project) });
  }

  private async onMessage(m: { type: string; file?: string; line?: number }): Promise<void> {
    const t = this.current;
    if (m.type === 'ready') return this.post();
    if (!t) return;
    if (m.type === 'open' && m.file && t.files[m.file]) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(t.files[m.file]));
      const line = Math.max(0, (m.line ?? 1) - 1);
      const text = doc.lineAt(Math.min(line, doc.lineCount - 1)).text;
      const start = text.length - text.trimStart().length;
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(line, start, line, text.length) });
    } else if (m.type === 'saveSvg' || m.type === 'saveMermaid') {
      const svg = m.type === 'saveSvg';
      const target = await vscode.window.showSaveDialog({ filters: svg ? { SVG: ['svg'] } : { Mermaid: ['mmd', 'md'] } });
      if (target) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg ? t.svg : t.mermaid));
    } else if (m.type === 'copyMermaid') {
      await vscode.env.clipboard.writeText(t.mermaid);
      void vscode.window.showInformationMessage('Compose Mesh: Mermaid copied.');
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** What the webview draws from a topology: the map, its extent and the violations listed under it. */
function drawMessage(t: NonNullable<TopologyResult>) {
  return {
    type: 'draw',
    project: t.topology.project,
    map: t.map,
    width: t.layout.width,
    height: t.layout.height,
    violations: t.topology.violations,
  };
}

/** The draw message as text, to tell a changed map from an unchanged one ('' for none). */
function drawn(t: TopologyResult): string {
  return t ? JSON.stringify(drawMessage(t)) : '';
}
