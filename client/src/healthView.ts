import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DEFAULT_COMPOSE_GLOBS, DescribeProjectRequest, type DeclaredProject } from '../../common/protocol';
import type { EngineConnection } from './docker/connection';
import type { HealthWatcher } from './docker/health-watcher';
import { buildTree, summary, type TreeNode } from './tree-model';

/**
 * The sidebar tree of live health: workspace projects (declared services included) and running
 * projects from elsewhere, redrawn on every watcher change. The watcher's safety net runs only
 * while the view is visible; the view says which engine it shows, or why there is none.
 */
export class HealthView implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<TreeNode>;
  private tree: TreeNode[] = [];
  declared: DeclaredProject[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly summaryListeners: ((s: ReturnType<typeof summary>) => void)[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly connection: EngineConnection,
    readonly watcher: HealthWatcher,
  ) {
    this.view = vscode.window.createTreeView('composeMesh.health', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      this.view.onDidChangeVisibility((e) => watcher.setVisible(e.visible)),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (/(^|[\\/])(docker-)?compose[^\\/]*\.ya?ml$/.test(d.fileName)) void this.loadDeclared();
      }),
    );
    watcher.on('changed', () => this.redraw());
    connection.on('state', () => this.redraw());
    watcher.setVisible(this.view.visible);
  }

  onSummary(listener: (s: ReturnType<typeof summary>) => void): void {
    this.summaryListeners.push(listener);
  }

  /** The workspace's compose projects, described by the language server. */
  async loadDeclared(): Promise<void> {
    const found = await vscode.workspace.findFiles(`{${DEFAULT_COMPOSE_GLOBS.filter((g) => !g.includes('.*.') && !g.includes('contract')).join(',')}}`, '**/node_modules/**', 50);
    const byDir = new Map<string, vscode.Uri>();
    for (const uri of found.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      const dir = vscode.Uri.joinPath(uri, '..').fsPath;
      if (!byDir.has(dir)) byDir.set(dir, uri);
    }
    const described = await Promise.all([...byDir.values()].map((uri) => this.client.sendRequest(DescribeProjectRequest, { uri: uri.toString() }).catch(() => null)));
    this.declared = described.filter((d): d is DeclaredProject => !!d);
    this.redraw();
  }

  private redraw(): void {
    this.tree = buildTree({ declared: this.declared, containers: this.watcher.containers.values(), now: Date.now() });
    const state = this.connection.state;
    this.view.message =
      state.kind === 'down'
        ? `Docker Engine ${state.engine}: ${state.reason}. Retrying in ${Math.round(state.retryInMs / 1000)} s.`
        : state.kind === 'connecting'
          ? `Connecting to ${state.engine}…`
          : this.tree.length === 0
            ? `No compose project on ${state.engine} or in this workspace.`
            : undefined;
    this.view.description = state.kind === 'connected' ? `Docker ${state.version}` : undefined;
    this.changed.fire(undefined);
    const s = summary(this.tree);
    for (const l of this.summaryListeners) l(s);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = new vscode.MarkdownString(node.tooltip);
    item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
    item.contextValue = node.contextValue;
    if (node.location) item.command = { command: 'composeMesh.goToService', title: 'Go to Definition', arguments: [node] };
    return item;
  }

  /** The rows as drawn now (what the extension's API hands to tests and other extensions). */
  get nodes(): readonly TreeNode[] {
    return this.tree;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.tree;
  }

  /** The project node of a service node (for context-menu commands). */
  projectOf(node: TreeNode): TreeNode | undefined {
    return this.tree.find((p) => p === node || p.children.includes(node));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
