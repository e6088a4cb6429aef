import * as vscode from 'vscode';

/** Wraps a command that runs things: in an untrusted workspace it only says what it needs. */
export function whenTrusted<A extends unknown[]>(what: string, fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(`Compose Mesh: ${what} needs a trusted workspace (Manage Workspace Trust).`);
      return;
    }
    await fn(...args);
  };
}
