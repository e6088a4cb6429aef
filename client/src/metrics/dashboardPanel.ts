import * as vscode from 'vscode';
import type { Figures } from '../../../common/metrics/figures';

/**
 * The metrics dashboard: a webview that draws the figures it is sent (the script and styles are
 * bundled files of the extension; the content security policy admits nothing else). The figures
 * are sent again whenever they change while it is open.
 */
export class DashboardPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly figures: () => Figures,
  ) {}

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      this.update();
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel('composeMesh.metrics', 'Compose Mesh Metrics', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [dist],
    });
    this.panel.onDidDispose(() => (this.panel = undefined), undefined, this.disposables);
    // The script asks once it listens, so the first figures are never lost.
    this.panel.webview.onDidReceiveMessage((m: { type?: string }) => m.type === 'ready' && this.update(), undefined, this.disposables);
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'dashboard.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'dashboard.css'));
    webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${webview.cspSource}; style-src ${webview.cspSource}; img-src ${webview.cspSource} data:; font-src ${webview.cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Compose Mesh Metrics</title>
</head>
<body>
<main id="dashboard"><p class="empty">Loading the metrics…</p></main>
<script src="${script}"></script>
</body>
</html>`;
  }

  /** Sends the current figures, if the dashboard is open. */
  update(): void {
    if (this.panel) void this.panel.webview.postMessage({ type: 'figures', figures: this.figures() });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
