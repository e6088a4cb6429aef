import * as vscode from 'vscode';
import { downLine, type ConnectionState } from './docker/connection';
import type { Summary } from './tree-model';

/**
 * "5/6 healthy · 3/3 stack tasks" in the status bar, in warning colours when something fails or the
 * engine is unreachable (it stays visible then, saying so); the tooltip lists the stacks and names
 * the engine. Click reveals the tree.
 */
export class HealthStatusBar implements vscode.Disposable {
  /** Read by the editor suite: what the user sees there. */
  readonly item = vscode.window.createStatusBarItem('composeMesh.health', vscode.StatusBarAlignment.Left, 50);
  visible = false;

  constructor() {
    this.item.name = 'Compose Mesh health';
    this.item.command = 'composeMesh.health.focus';
  }

  update(s: Summary | undefined, engine: ConnectionState): void {
    if (!s) {
      this.item.hide();
      this.visible = false;
      return;
    }
    this.item.text = `$(${s.icon}) ${s.text}`;
    this.item.backgroundColor = s.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const which =
      engine.kind === 'connected'
        ? `Engine ${engine.name ? `"${engine.name}" ` : ''}at ${engine.engine}, Docker ${engine.version} (API ${engine.api}).`
        : engine.kind === 'down'
          ? downLine(engine)
          : `Connecting to ${engine.engine}.`;
    this.item.tooltip = [`Compose Mesh: ${s.text}.`, ...s.stacks, which, 'Click to show the health view.'].join('\n');
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    this.item.dispose();
  }
}
