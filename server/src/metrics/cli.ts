import * as path from 'node:path';
import { computeFigures, WINDOWS, type Figures } from '../../../common/metrics/figures';
import { duration, exitCodes, percent } from '../../../common/metrics/format';
import { metricsDir } from '../../../common/metrics/location';
import { toOpenMetrics } from '../../../common/metrics/openmetrics';
import { readRecords, writerAlive } from '../../../common/metrics/store';

export const METRICS_USAGE = `Usage: compose-mesh metrics [workspace] [--format text|json|openmetrics] [--project NAME] [--store DIR]

Prints the health metrics the editor recorded for a workspace folder (default: the current
directory): uptime, unhealthy episodes, MTTR, restarts, health checks, recovery and starts,
over the last hour, day and week. Nothing is measured here; the figures come from the store.

  --format FORMAT   text (default), json or openmetrics
  --project NAME    only this compose project
  --store DIR       read this store folder instead of the workspace's
`;

/** `compose-mesh metrics`: the figures from the workspace's store. Exit 0, or 2 on a usage error. */
export function runMetrics(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  let workspace: string | undefined;
  let format = 'text';
  let project: string | undefined;
  let store: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i].startsWith('--') && argv[i].includes('=')
        ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
        : [argv[i], undefined];
    const take = () => inline ?? argv[++i];
    if (flag === '--format') format = take() ?? '';
    else if (flag === '--project') project = take();
    else if (flag === '--store') store = take();
    else if (flag === '-h' || flag === '--help') return (out(METRICS_USAGE), 0);
    else if (!flag.startsWith('-') && workspace === undefined) workspace = flag;
    else return (err(`compose-mesh: unexpected argument ${flag}\n\n${METRICS_USAGE}`), 2);
  }
  if (!['text', 'json', 'openmetrics'].includes(format)) return (err(`compose-mesh: unknown format "${format}" for metrics (text, json, openmetrics)\n`), 2);
  if (store === '' || project === '') return (err(`compose-mesh: --store and --project need a value\n`), 2);
  const dir = store ? path.resolve(store) : metricsDir(workspace ?? process.cwd());
  const now = Date.now();
  const figures = computeFigures(readRecords(dir, now - WINDOWS[WINDOWS.length - 1].ms), now, { recording: writerAlive(dir), project });
  out(format === 'json' ? `${JSON.stringify(figures, null, 2)}\n` : format === 'openmetrics' ? toOpenMetrics(figures) : toText(figures, dir));
  return 0;
}

function toText(f: Figures, dir: string): string {
  if (f.firstRecord === null) return `No metrics recorded yet in ${dir}: open the workspace in VS Code with Compose Mesh and start a project.\n`;
  const lines = [`Metrics from ${dir} (${f.recording ? 'recording now' : 'not recording now'}; first record ${new Date(f.firstRecord).toISOString()})`];
  lines.push(
    `health coverage: ${f.coverage.monitored} of ${f.coverage.total} services monitored${f.coverage.unmonitored.length ? ` (no health check: ${f.coverage.unmonitored.join(', ')})` : ''}`,
  );
  const [, day] = f.windows;
  const rows = [
    ['service', ...f.windows.map((w) => `uptime ${w.name}`), 'episodes 24h', 'MTTR 24h', 'restarts 24h', 'exits 24h (code × n)', 'checks failed 24h'],
  ];
  for (const s of day.services) {
    const key = (x: { project: string; service: string }) => x.project === s.project && x.service === s.service;
    rows.push([
      `${s.project}/${s.service}`,
      ...f.windows.map((w) => percent(w.services.find(key)?.uptime ?? null)),
      String(s.episodes),
      duration(s.mttrMs),
      String(s.restarts),
      exitCodes(s.exits),
      `${s.checks.failed}/${s.checks.runs}`,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    lines.push(
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join('  ')
        .trimEnd(),
    );
  for (const w of f.windows) {
    const s = w.starts;
    lines.push(
      `${w.name}: MTTR ${duration(w.mttrMs)} over ${w.episodes} episode(s); starts ${s.total} (${s.started} healthy, mean time to healthy ${duration(s.meanTimeToHealthyMs)}; ${s.blockedBeforeUp} blocked before up, ${s.failedAfterUp} failed after up, ${s.cancelled} cancelled); recovery ${w.recovery.attempts} restart(s), ${w.recovery.recovered} recovered, ${w.recovery.gaveUp} give-up(s)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
