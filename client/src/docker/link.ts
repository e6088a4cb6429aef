import type Docker from 'dockerode';
import type { EngineConnection } from './connection';

/**
 * The engine client one piece of work uses, and whether its link is still current: a reconnection
 * or another endpoint (a setting changed) ends the link, and what was begun under it (a read, an
 * inspect, an event stream) then changes nothing and reports no failure.
 */
export interface Link {
  docker: Docker;
  current(): boolean;
}

/** Hands out links to the connection's engine; `end()` ends every one handed out so far. */
export class Links {
  private generation = 0;

  constructor(private readonly connection: EngineConnection) {}

  /** A link to the engine as it is now (throws while there is no engine client). */
  now(): Link {
    const generation = this.generation;
    return { docker: this.connection.docker, current: () => generation === this.generation };
  }

  end(): void {
    this.generation++;
  }

  /** A call on `link` failed: the connection hears of it only while the link is current (an old engine's failure is not the new one's). */
  failed(link: Link, err: Error): void {
    if (link.current()) this.connection.lost(err);
  }
}
