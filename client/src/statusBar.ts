import * as vscode from 'vscode';
import type { summary } from './tree-model';

/** "5/6 healthy" in the status bar, in warning colours when something fails; click reveals the tree. */
export class HealthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('composeMesh.health', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Compose Mesh health';
    this.item.command = 'composeMesh.health.focus';
  }

  update(s: ReturnType<typeof summary>): void {
    if (!s) {
      this.item.hide();
      return;
    }
    this.item.text = `$(${s.warning ? 'warning' : 'pulse'}) ${s.text}`;
    this.item.backgroundColor = s.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = 'Compose Mesh: services healthy / running. Click to show the health view.';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
