import type { HealthTransition } from './docker/health-watcher';

/**
 * What a change says to a person: a line for the log always; a notification only when nobody
 * asked for it and something is wrong (a check started failing, a crash). A stop, down,
 * restart, recreate or deploy never alarms; a crash-and-restart is called what it is.
 */
export function describeTransition(t: HealthTransition): { log: string; alarm?: string } {
  const c = t.container;
  const who = `${c.service} (${c.project})`;
  const last = c.healthLog.length ? `: ${c.healthLog[c.healthLog.length - 1].output}` : '';
  const asked = t.requested ? ' as requested' : '';
  switch (t.kind) {
    case 'unhealthy':
      return t.requested
        ? { log: `health: ${c.name} failed its check while stopping` }
        : { log: `health: ${c.name} (${c.service}) became unhealthy${last}`, alarm: `${who} became unhealthy.` };
    case 'crashed': {
      const how = c.oomKilled ? 'ran out of memory' : `exited with code ${c.exitCode}`;
      const next = t.willRestart ? '; its restart policy starts it again' : '';
      return { log: `health: ${c.name} ${how}${next}`, alarm: `${who} crashed: it ${how}${next}.` };
    }
    case 'crash-restarted':
      return {
        log: `health: ${c.name} crashed and was restarted (restart ${c.restartCount})`,
        alarm: `${who} crashed and was restarted by its restart policy (restart ${c.restartCount}).`,
      };
    case 'restarted':
      return { log: `health: ${c.name} restarted${asked}` };
    case 'recovered':
      return { log: `health: ${c.name} is healthy again` };
    case 'stopped':
      return { log: `health: ${c.name} stopped${asked} (exit ${c.exitCode})` };
    case 'started':
      return { log: `health: ${c.name} started` };
    case 'removed':
      return { log: `health: ${c.name} removed` };
  }
}
