import type Docker from 'dockerode';
import type { ContainerState, HealthWatcher } from './health-watcher';

/** What recovery did, for whoever keeps count (the metrics recorder). */
export type RecoveryAction = { kind: 'restart'; container: ContainerState; attempt: number } | { kind: 'give-up'; container: ContainerState; attempts: number };

export interface RecoveryOptions {
  /** How long a container may stay unhealthy before it is restarted. */
  graceMs: number;
  /** Restarts per container before recovery gives up (and says so). */
  maxAttempts: number;
  /** Wait after a restart before the next one may happen; doubles each time. */
  backoffMs: number;
  /** The projects recovery may act on (the workspace's own, or the ones the user listed); never anyone else's. */
  projects: (project: string) => boolean;
}

/**
 * Opt-in automatic recovery: restarts containers that stay unhealthy, with a grace period,
 * exponential backoff and a cap — only in the projects it was given. Every action is logged; a
 * person is told only when recovery gives up.
 */
export class Recovery {
  private readonly unhealthySince = new Map<string, number>();
  private readonly attempts = new Map<string, { count: number; notBefore: number }>();
  private readonly timer: NodeJS.Timeout;
  private readonly gaveUp = new Set<string>();

  constructor(
    private readonly watcher: HealthWatcher,
    private readonly docker: () => Docker,
    private readonly options: RecoveryOptions,
    private readonly log: (line: string) => void,
    private readonly giveUp: (container: string, service: string) => void,
    private readonly onAction: (action: RecoveryAction) => void = () => undefined,
  ) {
    this.timer = setInterval(() => void this.tick(), Math.min(1000, options.graceMs));
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    for (const c of this.watcher.containers.values()) {
      // A row drawn from the container list alone is not inspected yet: no restart is decided on it.
      if (c.fromList) continue;
      if (c.state !== 'running' || c.health !== 'unhealthy' || c.stopRequested || !this.options.projects(c.project)) {
        this.unhealthySince.delete(c.id);
        continue;
      }
      const since = this.unhealthySince.get(c.id) ?? now;
      this.unhealthySince.set(c.id, since);
      const a = this.attempts.get(c.id) ?? { count: 0, notBefore: 0 };
      if (now - since < this.options.graceMs || now < a.notBefore) continue;
      if (a.count >= this.options.maxAttempts) {
        if (!this.gaveUp.has(c.id)) {
          this.gaveUp.add(c.id);
          this.log(`recovery: gave up on ${c.name} (${c.service}) after ${a.count} restart(s); it is still unhealthy`);
          this.giveUp(c.name, c.service);
          this.onAction({ kind: 'give-up', container: c, attempts: a.count });
        }
        continue;
      }
      a.count++;
      a.notBefore = now + this.options.backoffMs * 2 ** (a.count - 1);
      this.attempts.set(c.id, a);
      this.unhealthySince.delete(c.id);
      this.log(
        `recovery: restarting ${c.name} (${c.service}), unhealthy for ${Math.round((now - since) / 1000)} s — attempt ${a.count} of ${this.options.maxAttempts}`,
      );
      this.onAction({ kind: 'restart', container: c, attempt: a.count });
      try {
        await this.docker().getContainer(c.id).restart({ t: 10 });
      } catch (err) {
        this.log(`recovery: restarting ${c.name} failed: ${(err as Error).message}`);
      }
    }
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
