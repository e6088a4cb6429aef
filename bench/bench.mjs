// npm run bench: the engine's speed on large projects, beside dclint and `docker compose config`
// on the same files in the same run. Prints a table; exits non-zero only if it cannot run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeFile, contractFile } from './generate.mjs';
import { engineScaling, peers, within } from './scale.mjs';
import { liveBench } from './live.mjs';
import { differentialBench } from './differential.mjs';
import { editorBench } from './editor.mjs';
import { liveScaleBench } from './live-scale.mjs';
import { metricsBench } from './metrics.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// Measure the engine as the language server runs it (same Node options).
const { SERVER_EXEC_ARGV } = require(path.join(root, 'out/common/protocol.js'));
if (!SERVER_EXEC_ARGV.every((a) => process.execArgv.includes(a))) {
  const r = spawnSync(process.execPath, [...SERVER_EXEC_ARGV, fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
console.log(`Node ${process.version} ${SERVER_EXEC_ARGV.join(' ')} (as the language server runs)`);
const { validateProject } = require(path.join(root, 'out/server/src/engine/validate.js'));
const { DiskHost, OverlayHost } = require(path.join(root, 'out/server/src/engine/project/host.js'));
const { complete } = require(path.join(root, 'out/server/src/engine/language/completion.js'));
const { hover } = require(path.join(root, 'out/server/src/engine/language/hover.js'));
const { collectSymbols } = require(path.join(root, 'out/server/src/engine/language/symbols.js'));

const work = path.join(root, '.bench');
fs.mkdirSync(work, { recursive: true });
const write = (name, text) => {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'compose.yaml');
  fs.writeFileSync(file, text);
  return file;
};

const big = write('s1000', composeFile(1000));
const mid = write('s200', composeFile(200));
const env = { PATH: process.env.PATH, LOG_LEVEL: 'info' };
const disk = new DiskHost(env);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const rows = [];
const row = (what, value, target) => rows.push({ what, value, target });

// 1. A full check of a 1,000-service project (about 25,000 lines), Node already started.
// Runs with and without a contract are interleaved, so machine noise hits both alike.
const withContract = write('s1000-contract', composeFile(1000));
fs.writeFileSync(path.join(path.dirname(withContract), 'network-contract.yaml'), contractFile(1000));
for (let i = 0; i < 3; i++) {
  validateProject({ files: [big] }, disk);
  validateProject({ files: [withContract] }, disk);
}
const full = [];
const contracted = [];
for (let i = 0; i < 25; i++) {
  full.push(time(() => validateProject({ files: [big] }, disk)));
  contracted.push(time(() => validateProject({ files: [withContract] }, disk)));
}
const lines = fs.readFileSync(big, 'utf8').split('\n').length;
const result = validateProject({ files: [big] }, disk);
if (result.findings.some((f) => f.severity === 'error')) throw new Error('the generated project should have no errors');
row(`full check, 1,000 services (${lines.toLocaleString('en-US')} lines): median`, `${quantile(full, 0.5).toFixed(1)} ms`, '< 150 ms');
row('full check, 1,000 services: p95', `${quantile(full, 0.95).toFixed(1)} ms`, '');

// 1b. The same project with a network contract (1,000 placements): what the contract checks add.
const contractErrors = validateProject({ files: [withContract] }, disk).findings.filter((f) => f.severity === 'error');
if (contractErrors.length) throw new Error(`the generated contract should hold: ${contractErrors[0].message}`);
row('full check with a network contract: median', `${quantile(contracted, 0.5).toFixed(1)} ms`, '');
row(
  '  what the contract checks add',
  `${(quantile(contracted, 0.5) - quantile(full, 0.5)).toFixed(1)} ms`,
  within(quantile(contracted, 0.5) - quantile(full, 0.5), 20),
);

// 2. Re-checks of a 200-service project after single edits, as the language server does them.
const base = fs.readFileSync(mid, 'utf8');
const edits = [];
for (let i = 0; i < 120; i++) {
  const text = base.replace(`127.0.0.1:${20000 + (i % 200)}:8080`, `127.0.0.1:${30000 + i}:8080`);
  const host = new OverlayHost(new Map([[mid, text]]), disk);
  edits.push(time(() => validateProject({ files: [mid] }, host)));
}
const measured = edits.slice(20);
row('re-check after an edit, 200 services: median', `${quantile(measured, 0.5).toFixed(1)} ms`, '');
row('re-check after an edit, 200 services: p95', `${quantile(measured, 0.95).toFixed(1)} ms`, within(quantile(measured, 0.95), 30));
row('heap used after the runs', `${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`, '');

// 2b. Completion and hover on the 1,000-service file, as the language server answers them:
//     the text of the document and the project from the last check.
const bigText = fs.readFileSync(big, 'utf8');
const checked = validateProject({ files: [big] }, disk);
const model = { project: checked.project, contract: checked.contract, isContract: false };
const keyAt = bigText.indexOf('    init: true', bigText.indexOf('  svc500:')) + 6;
const depAt = bigText.indexOf('condition: service_healthy', bigText.indexOf('  svc998:')) + 'condition: '.length;
const netAt = bigText.indexOf('networks: [tier', bigText.indexOf('  svc997:')) + 'networks: ['.length + 2;
const sample = (fn) => {
  for (let i = 0; i < 5; i++) fn();
  return Array.from({ length: 40 }, () => time(fn));
};
const completions = sample(() => complete(bigText, keyAt, model));
const values = sample(() => complete(bigText, depAt, model));
let symbols = collectSymbols(checked.project, checked.contract);
const firstHover = sample(() => {
  symbols = collectSymbols(checked.project, checked.contract);
  hover(bigText, netAt, { ...model, symbols, file: big });
});
const hovers = sample(() => hover(bigText, netAt, { ...model, symbols, file: big }));
if (!hover(bigText, netAt, { ...model, symbols, file: big })?.markdown.includes('network tier')) throw new Error('hover should describe the network');
row('completion of a key, 1,000 services: p95', `${quantile(completions, 0.95).toFixed(1)} ms`, '< 50 ms');
row('completion of a value, 1,000 services: p95', `${quantile(values, 0.95).toFixed(1)} ms`, '< 50 ms');
row('hover on a network, 1,000 services: p95', `${quantile(hovers, 0.95).toFixed(1)} ms`, '< 50 ms');
row('  first hover after a check (symbols indexed): p95', `${quantile(firstHover, 0.95).toFixed(1)} ms`, '< 50 ms');

// 3. Hostile input: a billion-laughs file.
const bombLines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (let i = 1; i < 12; i++)
  bombLines.push(
    `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(',')}]`,
  );
bombLines.push('services:', '  s:', '    image: busybox:1.36', '    command: *a11');
const bomb = write('bomb', bombLines.join('\n') + '\n');
row('YAML bomb (9^12 nodes if expanded)', `${time(() => validateProject({ files: [bomb] }, disk)).toFixed(1)} ms`, 'one error, no hang');
// 3b. The pathological set (as in test/fuzz): the worst document's time, and the process's peak memory after it.
const pathological = {
  'flow nesting 5,000': `services:\n  s:\n    image: busybox:1.36\n    x-deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  'labels 20,000 wide': `services:\n  s:\n    image: busybox:1.36\n    labels:\n${Array.from({ length: 20000 }, (_, i) => `      k${i}: v`).join('\n')}\n`,
  'interpolation nesting 3,000': `services:\n  s:\n    image: busybox:1.36\n    environment:\n      A: ${'${A:-'.repeat(3000)}x${'}'.repeat(3000)}\n`,
  'port range 1-99999999': 'services:\n  s:\n    image: busybox:1.36\n    ports: ["1-99999999:80", "99999999999999999999:1"]\n',
};
const worst = Object.entries(pathological)
  .map(([name, text]) => [name, time(() => validateProject({ files: [write(`hostile-${name.replace(/\W+/g, '-')}`, text)] }, disk))])
  .sort((a, b) => b[1] - a[1])[0];
row(`worst pathological document (${worst[0]})`, `${worst[1].toFixed(1)} ms`, 'beside the 1,000-service check');
row('  peak memory of the bench process so far', `${Math.round(process.resourceUsage().maxRSS / 1024)} MB`, '');

// 4. Size: the engine from 100 to 20,000 services, and whole processes beside their peers.
const section = (what) => rows.push({ what, value: '', target: '' });
engineScaling({ root, work, execArgv: SERVER_EXEC_ARGV, row, section });
peers({ root, work, env, row, section });

// Packaging and start-up: the .vsix size, and the language server from spawn to the first
// diagnostics of the example (what a user waits for after opening a compose file).
rows.push({ what: '— package and start-up —', value: '', target: '' });
const vsix = path.join(root, 'dist', 'compose-mesh.vsix');
row('packaged .vsix', fs.existsSync(vsix) ? `${(fs.statSync(vsix).size / 1024 / 1024).toFixed(2)} MiB` : 'not built (npm run package)', '');
{
  const { start: startServer } = require(path.join(root, 'out/test/lsp-client.js'));
  const exampleFile = path.join(root, 'examples', 'tiered', 'compose.yaml');
  const startups = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const c = await startServer(path.dirname(exampleFile));
    c.open(exampleFile);
    await c.diagnostics(exampleFile);
    startups.push(performance.now() - t);
    await c.stop();
    c.child.kill();
  }
  row('language server: spawn → first diagnostics of the example (median of 5)', `${quantile(startups, 0.5).toFixed(0)} ms`, '');
}

rows.push({ what: '— metrics —', value: '', target: '' });
await metricsBench(root, require, row, quantile);

rows.push({ what: '— differential fuzz against docker compose config —', value: '', target: '' });
await differentialBench(root, require, row);

rows.push({ what: '— the editor: language servers over LSP stdio —', value: '', target: '' });
await editorBench(root, require, row, quantile);

rows.push({ what: '— live, on the Docker Engine —', value: '', target: '' });
await liveBench(root, require, row, quantile);
await liveScaleBench(root, require, row);

const width = Math.max(...rows.map((r) => r.what.length));
for (const r of rows) console.log(`${r.what.padEnd(width)}  ${String(r.value).padStart(22)}  ${r.target}`);
