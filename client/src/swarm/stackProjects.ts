import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StackProjectsNotification } from '../../../common/protocol';

const KEY = 'composeMesh.stackProjects';

/**
 * The target inferred from what the user did: a project whose stack was deployed from this
 * workspace to a swarm manager is checked in stack mode from then on (remembered in the
 * workspace state: project directory → stack name), until that stack is removed from here.
 * A target chosen in `.compose-mesh.yaml` or the `composeMesh.target` setting wins (the server decides).
 */
export class StackProjects implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onChanged = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly client: LanguageClient,
  ) {}

  /** Stack name → the project directory it was deployed from. */
  byStack(): ReadonlyMap<string, string> {
    return new Map(Object.entries(this.dirs()).map(([dir, stack]) => [stack, dir]));
  }

  private dirs(): Record<string, string> {
    return this.state.get<Record<string, string>>(KEY, {});
  }

  /** Tells the language server which projects are stacks (at start, and after each change). */
  announce(): Promise<void> {
    return this.client.sendNotification(StackProjectsNotification, { dirs: Object.keys(this.dirs()) });
  }

  async deployed(dir: string, stack: string): Promise<void> {
    await this.update({ ...Object.fromEntries(Object.entries(this.dirs()).filter(([, s]) => s !== stack)), [dir]: stack });
  }

  async removed(stack: string): Promise<void> {
    await this.update(Object.fromEntries(Object.entries(this.dirs()).filter(([, s]) => s !== stack)));
  }

  private async update(dirs: Record<string, string>): Promise<void> {
    await this.state.update(KEY, dirs);
    this.changed.fire();
    await this.announce();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
