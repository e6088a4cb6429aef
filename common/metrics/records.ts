/**
 * What the metrics store holds: one JSON object per line, each a fact the health watcher or a
 * Start saw at time `t` (ms since the epoch, local clock). Only names the user wrote (project,
 * service, container) and numbers go in: no health-check output, no log lines, no environment.
 */

/**
 * The interval a service is in. `gone` ends it and counts for nothing: no container any more
 * (project down), stopped on request or finished by itself with code 0, or the engine out of reach.
 */
export type ServiceInterval = 'healthy' | 'unhealthy' | 'starting' | 'down' | 'unmonitored' | 'gone';

export interface ServiceRef {
  project: string;
  service: string;
}

/** Why a Start did not run `up`: the pre-flight check that blocked it. */
export type BlockReason = 'compose-errors' | 'engine' | 'port-in-use' | 'image-missing';

export type StartResult = 'started' | 'blocked' | 'compose-failed' | 'unhealthy' | 'timeout' | 'cancelled';

export type MetricsRecord =
  /** A recorder began watching (a window opened); what was open before it ended at the last record. */
  | { kind: 'session'; t: number }
  /** The recorder stopped cleanly. */
  | { kind: 'close'; t: number }
  /** A service entered an interval; `monitored` says whether it has a health check. */
  | ({ kind: 'state'; t: number; state: ServiceInterval; monitored: boolean } & ServiceRef)
  /** A container of the service started again (by the engine's restart policy, a person or recovery). */
  | ({ kind: 'restart'; t: number; container: string } & ServiceRef)
  | ({ kind: 'exit'; t: number; container: string; code: number } & ServiceRef)
  /** One health-check run, as the engine reported it (its duration and exit code; 0 passes). */
  | ({ kind: 'check'; t: number; ms: number; code: number } & ServiceRef)
  /** Automatic recovery restarted a container (attempt n), or gave up after n attempts. */
  | ({ kind: 'recovery'; t: number; container: string; attempt: number } & ServiceRef)
  | ({ kind: 'give-up'; t: number; container: string; attempts: number } & ServiceRef)
  /** One Start: from the command to its outcome; `slowest` is the service that was ready last. */
  | {
      kind: 'start';
      t: number;
      project: string;
      ms: number;
      result: StartResult;
      slowest?: { service: string; ms: number };
      blocked?: { reason: BlockReason; service?: string }[];
      failed?: { service: string; status: string }[];
    };

export const SECOND = 1000;
export const HOUR = 3600 * SECOND;
export const DAY = 24 * HOUR;
