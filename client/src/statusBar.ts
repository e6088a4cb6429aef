import * as vscode from 'vscode';
import type { ConnectionState } from './docker/connection';
import type { Summary } from './tree-model';

/**
 * "5/6 healthy" in the status bar, in warning colours when something fails or the engine is
 * unreachable (it stays visible then, saying so); the tooltip names the engine. Click reveals the tree.
 */
export class HealthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('composeMesh.health', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Compose Mesh health';
    this.item.command = 'composeMesh.health.focus';
  }

  update(s: Summary | undefined, engine: ConnectionState): void {
    if (!s) {
      this.item.hide();
      return;
    }
    this.item.text = `$(${s.icon}) ${s.text}`;
    this.item.backgroundColor = s.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const which =
      engine.kind === 'connected'
        ? `Engine ${engine.name ? `"${engine.name}" ` : ''}at ${engine.engine}, Docker ${engine.version} (API ${engine.api}).`
        : engine.kind === 'down'
          ? `Engine ${engine.engine}: ${engine.reason}.`
          : `Connecting to ${engine.engine}.`;
    this.item.tooltip = `Compose Mesh: ${s.text}.\n${which}\nClick to show the health view.`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
