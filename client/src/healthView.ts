import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DEFAULT_COMPOSE_GLOBS, DescribeProjectRequest, type DeclaredProject } from '../../common/protocol';
import { downLine, type ConnectionState, type EngineConnection } from './docker/connection';
import type { HealthWatcher } from './docker/health-watcher';
import { buildTree, type TreeNode } from './tree-model';

/** A row's uptime shows seconds for its first minute, minutes after: redraw as often as it changes. */
const TICK_FAST_MS = 1000;
const TICK_SLOW_MS = 30_000;
/** At most one redraw per this interval: 50 containers flipping each second make one redraw, not 50. */
const REDRAW_MS = 100;

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
  /** Whether the workspace's compose files were read once (until then the view says so). */
  private declaredLoaded = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly redrawn = new vscode.EventEmitter<void>();
  /** After each redraw (the status bar sums the rows then). */
  readonly onRedraw = this.redrawn.event;
  private ticker: NodeJS.Timeout | undefined;
  private reload: NodeJS.Timeout | undefined;
  private redrawTimer: NodeJS.Timeout | undefined;
  private lastRedraw = 0;

  constructor(
    private readonly client: LanguageClient,
    private readonly connection: EngineConnection,
    readonly watcher: HealthWatcher,
  ) {
    this.view = vscode.window.createTreeView('composeMesh.health', { treeDataProvider: this, showCollapseAll: true });
    // A compose file changed on disk (a save, a `git checkout`): the declared services follow.
    const files = vscode.workspace.createFileSystemWatcher(`{${DEFAULT_COMPOSE_GLOBS.join(',')}}`);
    const later = () => {
      clearTimeout(this.reload);
      this.reload = setTimeout(() => void this.loadDeclared(), 300);
    };
    const redraw = () => this.requestRedraw();
    this.disposables.push(
      this.view,
      this.changed,
      this.redrawn,
      files,
      files.onDidChange(later),
      files.onDidCreate(later),
      files.onDidDelete(later),
      this.view.onDidChangeVisibility((e) => {
        watcher.setVisible(e.visible);
        this.redraw();
      }),
      watcher.onChanged(redraw),
      watcher.onReachability(redraw),
      connection.onState(redraw),
      { dispose: () => (clearTimeout(this.ticker), clearTimeout(this.reload), clearTimeout(this.redrawTimer)) },
    );
    watcher.setVisible(this.view.visible);
  }

  /** The workspace's compose projects, described by the language server. */
  async loadDeclared(): Promise<void> {
    const found = await vscode.workspace.findFiles(`{${COMPOSE_FILE_GLOBS.join(',')}}`, '**/node_modules/**', 50);
    const byDir = new Map<string, vscode.Uri>();
    for (const uri of found.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      const dir = vscode.Uri.joinPath(uri, '..').fsPath;
      if (!byDir.has(dir)) byDir.set(dir, uri);
    }
    const described = await Promise.all(
      [...byDir.values()].map((uri) => this.client.sendRequest(DescribeProjectRequest, { uri: uri.toString() }).catch(() => null)),
    );
    this.declared = described.filter((d): d is DeclaredProject => !!d);
    this.declaredLoaded = true;
    this.redraw();
  }

  /** The workspace projects a command may act on by default (recovery's scope). */
  isWorkspaceProject(name: string): boolean {
    return this.declared.some((p) => p.name === name);
  }

  /** Redraws now if the last redraw is old enough, else once at the end of the interval. */
  private requestRedraw(): void {
    if (this.redrawTimer) return;
    const wait = this.lastRedraw + REDRAW_MS - Date.now();
    if (wait <= 0) this.redraw();
    else this.redrawTimer = setTimeout(() => this.redraw(), wait);
  }

  private redraw(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = undefined;
    const reachability = this.watcher.reachability;
    const now = Date.now();
    this.lastRedraw = now;
    this.tree = buildTree({ declared: this.declared, containers: this.watcher.containers.values(), now, reachability });
    const state = this.connection.state;
    this.view.message =
      state.kind === 'down'
        ? downLine(state)
        : state.kind === 'connecting' || reachability.kind === 'connecting' || reachability.kind === 'unreachable'
          ? `Connecting to ${state.engine}…`
          : `${engineLine(state)}${
              // Rows drawn from the container list are shown while the inspects fill in their details.
              reachability.kind === 'reading'
                ? ' Reading container details…'
                : !this.declaredLoaded
                  ? ' Reading the workspace…'
                  : this.tree.length === 0
                    ? ' No compose project on it or in this workspace.'
                    : ''
            }`;
    this.view.description =
      state.kind === 'connected' ? `${state.name || 'Docker'} · ${state.version}` : reachability.kind === 'unreachable' ? 'unreachable' : 'connecting';
    this.changed.fire(undefined);
    this.redrawn.fire();
    this.tick(now);
  }

  /** Uptimes tick while someone looks; no engine call is made for it. */
  private tick(now: number): void {
    clearTimeout(this.ticker);
    if (!this.view.visible || this.watcher.reachability.kind !== 'live') return;
    const young = [...this.watcher.containers.values()].some((c) => c.state === 'running' && now - Date.parse(c.startedAt) < 60_000);
    this.ticker = setTimeout(() => this.redraw(), young ? TICK_FAST_MS : TICK_SLOW_MS);
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

  /**
   * The project node of a row (for context-menu commands), by id: the row handed to a command may
   * come from a drawing older than the last one (uptimes redraw the tree every second).
   */
  projectOf(node: TreeNode): TreeNode | undefined {
    return this.tree.find((p) => p.id === node.id || p.children.some((s) => s.id === node.id || s.children.some((c) => c.id === node.id)));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The compose files of projects (not overrides' variants, not contracts). */
const COMPOSE_FILE_GLOBS = DEFAULT_COMPOSE_GLOBS.filter((g) => !g.includes('.*.') && !g.includes('contract'));

/** Which engine the view shows: name, endpoint, version. */
export function engineLine(state: Extract<ConnectionState, { kind: 'connected' }>): string {
  return `Engine ${state.name ? `"${state.name}" ` : ''}at ${state.engine} — Docker ${state.version} (API ${state.api}).`;
}
