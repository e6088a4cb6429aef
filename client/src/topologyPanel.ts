import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TopologyRequest, type TopologyResult } from '../../common/protocol';

/**
 * The network contract as a picture in a webview: tiers, networks, services and allowed flows,
 * violations in red and clickable to their lines, and exports for docs (SVG, Mermaid).
 */
export class TopologyPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private current: TopologyResult = null;
  private uri: vscode.Uri | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {}

  async show(uri: vscode.Uri): Promise<void> {
    this.uri = uri;
    this.current = await this.client.sendRequest(TopologyRequest, { uri: uri.toString() });
    if (!this.current) {
      void vscode.window.showInformationMessage('Compose Mesh: this project has no network contract (network-contract.yaml beside the compose files).');
      return;
    }
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('composeMesh.topology', 'Network contract', vscode.ViewColumn.Beside, { enableScripts: true });
      this.panel.onDidDispose(() => (this.panel = undefined), undefined, this.disposables);
      this.panel.webview.onDidReceiveMessage((m: { type: string; file?: string; line?: number }) => void this.onMessage(m), undefined, this.disposables);
    }
    this.panel.webview.html = this.html(this.current);
    this.panel.reveal(undefined, true);
  }

  /** Redraws the open picture (after edits or a live check). */
  async refresh(): Promise<void> {
    if (this.panel && this.uri) await this.show(this.uri);
  }

  private async onMessage(m: { type: string; file?: string; line?: number }): Promise<void> {
    const t = this.current;
    if (!t) return;
    if (m.type === 'open' && m.file && t.files[m.file]) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(t.files[m.file]));
      const line = Math.max(0, (m.line ?? 1) - 1);
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(line, 0, line, 0) });
    } else if (m.type === 'saveSvg' || m.type === 'saveMermaid') {
      const svg = m.type === 'saveSvg';
      const target = await vscode.window.showSaveDialog({ filters: svg ? { SVG: ['svg'] } : { Mermaid: ['mmd', 'md'] } });
      if (target) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg ? t.svg : t.mermaid));
    } else if (m.type === 'copyMermaid') {
      await vscode.env.clipboard.writeText(t.mermaid);
      void vscode.window.showInformationMessage('Compose Mesh: Mermaid copied.');
    }
  }

  private html(t: NonNullable<TopologyResult>): string {
    const nonce = Array.from({ length: 24 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const violations = t.topology.violations
      .map((v) => `<li><a href="#" data-file="${esc(v.file)}" data-line="${v.line}">${esc(`${v.file}:${v.line}`)}</a> ${esc(v.message)}</li>`)
      .join('');
    return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-${nonce}';">
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)} .picture{background:#fff;border-radius:6px;padding:8px;overflow:auto}
.violations li{color:var(--vscode-errorForeground);margin:4px 0} button{margin-right:6px}</style></head>
<body><h2>${esc(t.topology.project)}: network contract</h2>
<p><button data-cmd="saveSvg">Save SVG…</button><button data-cmd="saveMermaid">Save Mermaid…</button><button data-cmd="copyMermaid">Copy Mermaid</button></p>
<div class="picture">${t.svg}</div>
<h3>${t.topology.violations.length ? `${t.topology.violations.length} violation(s)` : 'No violations'}</h3>
<ul class="violations">${violations}</ul>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.querySelectorAll('a[data-file]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); vscode.postMessage({ type: 'open', file: a.dataset.file, line: Number(a.dataset.line) }); }));
document.querySelectorAll('button[data-cmd]').forEach((b) => b.addEventListener('click', () => vscode.postMessage({ type: b.dataset.cmd })));
</script></body></html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
