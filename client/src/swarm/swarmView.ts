import * as vscode from 'vscode';
import type { SwarmSnapshot } from './state';
import { buildSwarmTree, type SwarmTreeNode } from './tree';
import type { StackProjects } from './stackProjects';
import type { SwarmWatcher } from './watcher';

/** The Swarm view: draws the rows of `buildSwarmTree`, redrawn on each snapshot of the watcher. */
export class SwarmView implements vscode.TreeDataProvider<SwarmTreeNode>, vscode.Disposable {
  private roots: SwarmTreeNode[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    watcher: SwarmWatcher,
    private readonly stackProjects: StackProjects,
  ) {
    this.disposables.push(
      this.changed,
      watcher.onChanged((s) => this.update(s)),
      stackProjects.onChanged(() => this.update(watcher.snapshot)),
    );
    // The watcher's safety net runs only while the view is visible.
    const view = vscode.window.createTreeView('composeMesh.swarm', { treeDataProvider: this });
    this.disposables.push(
      view,
      view.onDidChangeVisibility((e) => watcher.setVisible(e.visible)),
    );
    watcher.setVisible(view.visible);
    this.update(watcher.snapshot);
  }

  private update(snapshot: SwarmSnapshot): void {
    this.roots = buildSwarmTree(snapshot, this.stackProjects.byStack());
    void vscode.commands.executeCommand('setContext', 'composeMesh.swarmManager', snapshot.manager);
    this.changed.fire();
  }

  /** The rows as drawn now (the status bar sums the stacks; the extension's API hands them to tests). */
  get nodes(): readonly SwarmTreeNode[] {
    return this.roots;
  }

  /** The stacks shown (for commands that ask which one). */
  stacks(): string[] {
    return this.roots.filter((r) => r.kind === 'stack').map((r) => r.label);
  }

  getTreeItem(node: SwarmTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.children.length
        ? node.kind === 'task' || node.kind === 'node'
          ? vscode.TreeItemCollapsibleState.None
          : vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
    item.contextValue = node.contextValue;
    return item;
  }

  getChildren(node?: SwarmTreeNode): SwarmTreeNode[] {
    return node ? node.children : this.roots;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
