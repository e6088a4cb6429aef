import type { Figures, WindowFigures } from './figures';

/**
 * The figures in the OpenMetrics text format (what Prometheus scrapes). Every value is a gauge over
 * a window (label `window`: 1h, 24h, 7d); durations in seconds, ratios 0…1.
 */
export function toOpenMetrics(figures: Figures): string {
  const out: string[] = [];
  const family = (name: string, help: string, unit?: string) => {
    out.push(`# TYPE ${name} gauge`);
    if (unit) out.push(`# UNIT ${name} ${unit}`);
    out.push(`# HELP ${name} ${help}`);
  };
  const sample = (name: string, labels: Record<string, string>, value: number | null) => {
    if (value === null) return;
    out.push(
      `${name}{${Object.entries(labels)
        .map(([k, v]) => `${k}="${escape(v)}"`)
        .join(',')}} ${Number.isInteger(value) ? value : value.toFixed(6)}`,
    );
  };
  const perService = (name: string, help: string, value: (s: WindowFigures['services'][number]) => number | null, unit?: string) => {
    family(name, help, unit);
    for (const w of figures.windows) for (const s of w.services) sample(name, { project: s.project, service: s.service, window: w.name }, value(s));
  };
  const perWindow = (name: string, help: string, value: (w: WindowFigures) => number | null, unit?: string) => {
    family(name, help, unit);
    for (const w of figures.windows) sample(name, { window: w.name }, value(w));
  };
  perService('compose_mesh_service_uptime_ratio', 'Time healthy (or running without a health check) over time observed.', (s) => s.uptime, 'ratio');
  perService('compose_mesh_service_unhealthy_episodes', 'Unhealthy episodes.', (s) => s.episodes);
  perService('compose_mesh_service_mttr_seconds', 'Mean time from unhealthy back to healthy.', (s) => seconds(s.mttrMs), 'seconds');
  perService('compose_mesh_service_restarts', 'Container restarts.', (s) => s.restarts);
  family('compose_mesh_service_exits', 'Container exits nobody asked for, by exit code.');
  for (const w of figures.windows)
    for (const s of w.services)
      for (const [code, n] of Object.entries(s.exits))
        sample('compose_mesh_service_exits', { project: s.project, service: s.service, window: w.name, code }, n);
  perService('compose_mesh_service_health_checks', 'Health-check runs seen.', (s) => s.checks.runs);
  perService('compose_mesh_service_health_check_failures', 'Health-check runs that failed.', (s) => s.checks.failed);
  perService('compose_mesh_service_health_check_duration_seconds', 'Mean health-check duration.', (s) => seconds(s.checks.meanMs), 'seconds');
  perWindow('compose_mesh_mttr_seconds', 'Mean time to recover over every service.', (w) => seconds(w.mttrMs), 'seconds');
  perWindow('compose_mesh_recovery_attempts', 'Automatic restarts by recovery.', (w) => w.recovery.attempts);
  perWindow('compose_mesh_recovery_successes', 'Recovery restarts after which the service was healthy again.', (w) => w.recovery.recovered);
  perWindow('compose_mesh_recovery_give_ups', 'Times recovery gave up.', (w) => w.recovery.gaveUp);
  family('compose_mesh_starts', 'Starts by result: started, blocked before up, failed after up, cancelled.');
  for (const w of figures.windows) {
    const s = w.starts;
    for (const [result, n] of [
      ['started', s.started],
      ['blocked_before_up', s.blockedBeforeUp],
      ['failed_after_up', s.failedAfterUp],
      ['cancelled', s.cancelled],
    ] as const)
      sample('compose_mesh_starts', { result, window: w.name }, n);
  }
  perWindow('compose_mesh_time_to_healthy_seconds', 'Mean time from Start to every service healthy.', (w) => seconds(w.starts.meanTimeToHealthyMs), 'seconds');
  family('compose_mesh_health_coverage_services', 'Services with a container now, by whether a health check monitors them.');
  sample('compose_mesh_health_coverage_services', { monitored: 'true' }, figures.coverage.monitored);
  sample('compose_mesh_health_coverage_services', { monitored: 'false' }, figures.coverage.total - figures.coverage.monitored);
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

function seconds(ms: number | null): number | null {
  return ms === null ? null : ms / 1000;
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
