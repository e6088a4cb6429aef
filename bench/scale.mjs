// Bench sections for size: the engine from 100 to 20,000 services (time, peak memory, the
// fitted growth exponent, time per rule at the largest size) and whole processes beside their
// peers (`docker compose config`, dclint) at 100, 1,000 and 5,000 services, in the same run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { composeFile } from './generate.mjs';

const ENGINE_SIZES = [
  [100, 30],
  [1000, 15],
  [5000, 5],
  [20000, 2],
];
const PEER_SIZES = [
  [100, 7],
  [1000, 5],
  [5000, 3],
];

const fmt = (n) => n.toLocaleString('en-US');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Wall times mean little on a machine busy with other work: each section says how busy it was. */
const load = () => `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`;

/** A target in milliseconds, marked when this run missed it. */
export const within = (value, limit) => `< ${limit} ms${value < limit ? '' : ' (missed)'}`;
const ms = (x) => `${x < 100 ? x.toFixed(1) : x.toFixed(0)} ms`;

/** Least-squares slope of log(time) over log(size): 1 is linear growth, 2 quadratic. */
function growthExponent(points) {
  const xs = points.map(([n]) => Math.log(n));
  const ys = points.map(([, t]) => Math.log(t));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

export function writeProject(work, name, text) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'compose.yaml');
  fs.writeFileSync(file, text);
  return file;
}

/** The engine alone (Node started, code compiled), one fresh process per size. */
export function engineScaling({ root, work, execArgv, row, section }) {
  section(`— the engine from 100 to 20,000 services (fresh process per size; median wall, CPU; ${load()}) —`);
  const points = [];
  let largest;
  for (const [n, runs] of ENGINE_SIZES) {
    const file = writeProject(work, `s${n}`, composeFile(n));
    const r = spawnSync(process.execPath, [...execArgv, path.join(root, 'bench/engine-run.mjs'), file, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`engine run at ${n} services failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout);
    const t = median(m.times);
    points.push([n, median(m.cpu)]);
    largest = { n, ...m };
    row(
      `check, ${fmt(n)} services: median of ${runs} (CPU), peak RSS`,
      `${ms(t)} (${ms(median(m.cpu))}), ${m.maxRssMiB.toFixed(0)} MiB`,
      n === 1000 ? within(t, 60) : '',
    );
  }
  const exponent = growthExponent(points);
  row('  growth exponent (log-log fit of CPU time over size)', exponent.toFixed(2), `1.00 is linear${exponent < 1.15 ? '' : ' (missed)'}`);
  const rules = Object.entries(largest.rules).sort((a, b) => b[1] - a[1]);
  const total = rules.reduce((a, [, t]) => a + t, 0);
  row(`  every rule at ${fmt(largest.n)} services (last run), slowest first`, ms(total), '');
  for (const [id, t] of rules) row(`    ${id}`, `${ms(t)} (${((100 * t) / total).toFixed(0)}%)`, '');
}

/** A whole process, several times: median wall time, and the last run's exit status and output. */
function wholeProcess(cmd, args, cwd, runs, env) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    last = spawnSync(cmd, args, { cwd, encoding: 'utf8', env, maxBuffer: 1 << 28 });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (last.error) return { unavailable: true };
  }
  return { time: median(times), status: last.status, stdout: last.stdout, stderr: last.stderr };
}

/** dclint's JSON report: findings, or the parse error it stopped at (an aborted run). */
function dclintOutcome(reportFile) {
  try {
    const messages = JSON.parse(fs.readFileSync(reportFile, 'utf8')).flatMap((f) => f.messages);
    const fatal = messages.find((m) => m.rule === 'unknown-error');
    return fatal ? `aborted: "${fatal.message}"` : `${fmt(messages.length)} findings`;
  } catch {
    return 'no report';
  }
}

/**
 * Whole processes on the same files (defaults written out, no anchors, so every peer really
 * checks them), each with its exit status and what it found beside its time.
 */
export function peers({ root, work, env, row, section }) {
  section(`— whole processes, same files, same run (median wall time; exit status and findings beside; ${load()}) —`);
  const cli = path.join(root, 'dist/cli.js');
  const dclint = path.join(root, 'node_modules/dclint/bin/dclint.cjs');
  for (const [n, runs] of PEER_SIZES) {
    const file = writeProject(work, `plain${n}`, composeFile(n, { anchors: false }));
    const cwd = path.dirname(file);
    const mesh = wholeProcess(process.execPath, [cli, 'validate', file, '--format', 'json'], cwd, runs, env);
    const compose = wholeProcess('docker', ['compose', '-f', file, 'config', '--quiet'], cwd, runs, env);
    // dclint exits before a large report on stdout is flushed: it writes the report to a file.
    const report = path.join(cwd, 'dclint.json');
    const lint = wholeProcess(process.execPath, [dclint, file, '-f', 'json', '-o', report], cwd, runs, env);
    const found = (() => {
      try {
        return `${fmt(JSON.parse(mesh.stdout).length)} findings`;
      } catch {
        return 'no report';
      }
    })();
    const target = n === 100 ? within(mesh.time, 150) : '';
    row(`compose-mesh validate, ${fmt(n)} services`, `${ms(mesh.time)} (exit ${mesh.status}, ${found})`, target);
    if (compose.unavailable) row('  docker compose config --quiet', 'not available', '');
    else
      row(
        '  docker compose config --quiet',
        `${ms(compose.time)} (exit ${compose.status}${compose.status ? `: ${compose.stderr.trim().split('\n')[0]}` : ''})`,
        '',
      );
    row('  dclint', `${ms(lint.time)} (exit ${lint.status}, ${dclintOutcome(report)})`, '');
    if (!compose.unavailable) {
      const ratio = compose.time / mesh.time;
      row('  docker compose config / compose-mesh', `${ratio.toFixed(1)}×`, n === 1000 ? `≥ 8×${ratio >= 8 ? '' : ' (missed)'}` : '');
    }
  }
}
