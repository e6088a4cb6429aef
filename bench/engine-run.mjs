// One engine measurement in a fresh process (so peak memory is this size's own), run by
// bench/scale.mjs with the language server's Node options: `node engine-run.mjs FILE RUNS`.
// Prints JSON: each run's wall and CPU milliseconds (CPU time stays honest on a busy machine),
// the peak resident set, and the last run's time per rule.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { validateProject } = require(path.join(root, 'out/server/src/engine/validate.js'));
const { DiskHost } = require(path.join(root, 'out/server/src/engine/project/host.js'));

const [file, runs] = [process.argv[2], Number(process.argv[3])];
const host = new DiskHost({ PATH: process.env.PATH, LOG_LEVEL: 'info' });
validateProject({ files: [file] }, host); // warm-up: the editor's checks run on compiled code
const times = [];
const cpu = [];
let timings;
let findings = 0;
for (let i = 0; i < runs; i++) {
  timings = new Map();
  const t = performance.now();
  const c = process.cpuUsage();
  findings = validateProject({ files: [file] }, host, undefined, timings).findings.length;
  const used = process.cpuUsage(c);
  times.push(performance.now() - t);
  cpu.push((used.user + used.system) / 1000);
}
process.stdout.write(JSON.stringify({ times, cpu, findings, maxRssMiB: process.resourceUsage().maxRSS / 1024, rules: Object.fromEntries(timings) }));
