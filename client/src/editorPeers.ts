import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMPOSE_EDITOR_PEERS, EditorPeersNotification } from '../../common/protocol';

/** Installed extensions that complete and describe compose files themselves. */
export function installedEditorPeers(): string[] {
  return COMPOSE_EDITOR_PEERS.filter((id) => vscode.extensions.getExtension(id) !== undefined);
}

/**
 * Tells the server when such an extension is installed or removed, so `composeMesh.editorFeatures:
 * auto` stands down or comes back without a reload.
 */
export function watchEditorPeers(client: LanguageClient): vscode.Disposable {
  let last = installedEditorPeers().join();
  return vscode.extensions.onDidChange(() => {
    const installed = installedEditorPeers();
    if (installed.join() === last) return;
    last = installed.join();
    void client.sendNotification(EditorPeersNotification, { installed });
  });
}
