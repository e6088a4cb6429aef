// The editor side of `npm run bench`: our language server and the YAML language server (with the
// canonical compose schema) spawned the same way and spoken to over LSP stdio, on the same files:
// didOpen → diagnostics, edit → diagnostics, and resident memory after opening a large file.
// Also runs alone: `node bench/editor.mjs`.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { composeFile } from './generate.mjs';

const SCHEMA = '../shared/compose-spec/compose-spec.json';
const EDITS = 40;
/** yaml-language-server's time grows steeply with merge keys (100 services: ~2 s, 300: ~15 s here): bound the wait. */
const ANCHORED_TIMEOUT_MS = 60_000;

/** A server process and a protocol connection to it; `published` resolves with the next diagnostics of a URI. */
function connect(require, command, args, settings) {
  const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'], env: { PATH: process.env.PATH, LOG_LEVEL: 'info' } });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map();
  connection.onNotification('textDocument/publishDiagnostics', ({ uri, diagnostics }) => {
    const resolve = waiting.get(uri);
    waiting.delete(uri);
    resolve?.(diagnostics);
  });
  connection.onRequest('workspace/configuration', ({ items }) => items.map((i) => settings[i.section] ?? null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification(() => {});
  connection.listen();
  const published = (uri, timeoutMs = 60_000) => publishedWhere(uri, () => true, timeoutMs);
  /** The next diagnostics of `uri` that satisfy `accept`. */
  const publishedWhere = (uri, accept, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      const wait = (d) => {
        if (!accept(d)) return waiting.set(uri, wait);
        clearTimeout(timer);
        resolve(d);
      };
      waiting.set(uri, wait);
    });
  return { child, connection, published, publishedWhere };
}

async function initialize(server, dir, settings) {
  await server.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).toString(),
    capabilities: { workspace: { configuration: true } },
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'bench' }],
  });
  await server.connection.sendNotification('initialized', {});
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings });
}

/** Resident memory of a process, from /proc (Linux). */
function rssMiB(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return `${(kb / 1024).toFixed(0)} MiB`;
  } catch {
    return 'n/a';
  }
}

/**
 * One server through the scenario, each part in a process of its own: the didOpen of the
 * 1,000-service file with merge keys (bounded: a server still busy with it would delay the
 * rest); then, on the same services without anchors, which every server checks in full, the
 * didOpen, single-line edits each waiting for its diagnostics, and the didOpen of the
 * 5,000-service file with the resident memory after it.
 */
async function measure(require, quantile, spawnArgs, settings, files, languageId) {
  const anchoredOpen = await withServer(require, spawnArgs, settings, files.big, (server) =>
    openTime(server, files.anchored, languageId, ANCHORED_TIMEOUT_MS).catch(() => undefined),
  );
  const rest = await withServer(require, spawnArgs, settings, files.big, (server) => scenario(server, quantile, files, languageId));
  return { anchoredOpen, ...rest };
}

async function withServer(require, spawnArgs, settings, file, run) {
  const server = connect(require, ...spawnArgs, settings);
  try {
    await initialize(server, path.dirname(file), settings);
    return await run(server);
  } finally {
    server.child.kill();
    server.connection.dispose();
  }
}

/** Milliseconds from didOpen to the file's first diagnostics; rejects after `timeoutMs`. */
async function openTime(server, file, languageId, timeoutMs) {
  const uri = pathToFileURL(file).toString();
  const opened = performance.now();
  const first = server.published(uri, timeoutMs);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: fs.readFileSync(file, 'utf8') } });
  await first;
  return performance.now() - opened;
}

async function scenario(server, quantile, files, languageId) {
  const uri = pathToFileURL(files.big).toString();
  let text = fs.readFileSync(files.big, 'utf8');
  const open = await openTime(server, files.big, languageId);
  // Each edit types an unknown key into one of two services in turn, so every edit changes what is reported.
  const lines = text.split('\n');
  const anchors = [lines.indexOf('  svc500:') + 2, lines.indexOf('  svc700:') + 2];
  const times = [];
  for (let i = 0; i < EDITS; i++) {
    const line = anchors[i % 2];
    const old = lines[line];
    const next = i % 4 < 2 ? `    bogus_${i}: 1` : old.replace(/bogus_\d+/, `bogus_${i}`);
    if (i < 2) lines.splice(line, 0, next);
    else lines[line] = next;
    text = lines.join('\n');
    const change =
      i < 2
        ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${next}\n` }
        : { range: { start: { line, character: 0 }, end: { line, character: old.length } }, text: next };
    const started = performance.now();
    const done = server.published(uri);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [change] });
    await done;
    times.push(performance.now() - started);
  }
  const measured = times.slice(5);
  const clash = await clashTimes(server, uri, lines, quantile);
  const hugeOpen = await openTime(server, files.huge, languageId);
  return { open, median: quantile(measured, 0.5), p95: quantile(measured, 0.95), clash, hugeOpen, rss: rssMiB(server.child.pid) };
}

/**
 * A finding between two services after one edit: svc600 takes svc601's host port and gives it
 * back, each edit followed by a pause, timed until the clash appears or goes. Only a whole check
 * sees it (ours once typing pauses); a server without such a rule is said to have none.
 */
async function clashTimes(server, uri, lines, quantile) {
  const line = lines.findIndex((l, i) => i > lines.indexOf('  svc600:') && l.includes('127.0.0.1:20600:8080'));
  const times = [];
  for (let i = 0; i < 6; i++) {
    const [from, to] = i % 2 === 0 ? ['20600', '20601'] : ['20601', '20600'];
    const character = lines[line].indexOf(from);
    const clashing = i % 2 === 0;
    const started = performance.now();
    const done = server.publishedWhere(uri, (d) => d.some((x) => /already published/.test(x.message)) === clashing, 5_000);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 1000 + i },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 5 } }, text: to }],
    });
    lines[line] = lines[line].replace(from, to);
    if (
      !(await done.then(
        () => true,
        () => false,
      ))
    )
      return undefined;
    times.push(performance.now() - started);
  }
  return quantile(times, 0.5);
}

export async function editorBench(root, require, row, quantile) {
  const work = path.join(root, '.bench', 'editor');
  fs.mkdirSync(work, { recursive: true });
  const files = {
    anchored: path.join(work, 'anchored', 'compose.yaml'),
    big: path.join(work, 'compose.yaml'),
    huge: path.join(work, 'huge', 'compose.yaml'),
  };
  for (const f of Object.values(files)) fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(files.anchored, composeFile(1000));
  fs.writeFileSync(files.big, composeFile(1000, { anchors: false }));
  fs.writeFileSync(files.huge, composeFile(5000, { anchors: false }));
  const { SERVER_EXEC_ARGV } = require(path.join(root, 'out/common/protocol.js'));
  const ours = await measure(
    require,
    quantile,
    [process.execPath, [...SERVER_EXEC_ARGV, path.join(root, 'dist/server.js'), '--stdio']],
    { composeMesh: null },
    files,
    'dockercompose',
  );
  const schema = path.resolve(root, SCHEMA);
  let peer;
  if (fs.existsSync(schema)) {
    const yamlSettings = {
      validate: true,
      hover: true,
      completion: true,
      schemas: { [pathToFileURL(schema).toString()]: ['compose.yaml'] },
      schemaStore: { enable: false },
    };
    const bin = path.join(root, 'node_modules/yaml-language-server/bin/yaml-language-server');
    peer = await measure(require, quantile, [process.execPath, [bin, '--stdio']], { yaml: yamlSettings }, files, 'yaml').catch((err) => ({
      error: err.message,
    }));
  } else {
    console.log(`note: ${SCHEMA} is missing; the comparison with yaml-language-server is skipped.`);
  }
  const side = (ours, theirs) => (peer ? `${ours}  |  ${peer.error ? `yaml-ls: ${peer.error}` : theirs}` : ours);
  const ms = (v) => `${v.toFixed(0)} ms`;
  row('  (compose-mesh  |  yaml-language-server + compose schema)', '', '');
  const bounded = (v) => (v === undefined ? `none within ${ANCHORED_TIMEOUT_MS / 1000} s` : ms(v));
  row('didOpen → diagnostics, 1,000 services sharing defaults (<<: *defaults)', side(bounded(ours.anchoredOpen), peer && bounded(peer.anchoredOpen)), '');
  row('  the same services written out (no anchors): the files below', '', '');
  row('didOpen → diagnostics, 1,000 services', side(ms(ours.open), peer && ms(peer.open ?? 0)), '');
  row(`edit → diagnostics, 1,000 services: median (${EDITS} edits)`, side(ms(ours.median), peer && ms(peer.median ?? 0)), '');
  row(
    'edit → diagnostics, 1,000 services: p95 (ours: the edited service at once; theirs: 200 ms debounce)',
    side(ms(ours.p95), peer && ms(peer.p95 ?? 0)),
    '≤ 30 ms',
  );
  const clash = (v) => (v === undefined ? 'no such finding' : ms(v));
  row(
    '  edit → a port clash between two services appears or goes: median (ours: 250 ms pause + whole check)',
    side(clash(ours.clash), peer && clash(peer.clash)),
    '',
  );
  row('didOpen → diagnostics, 5,000 services', side(ms(ours.hugeOpen), peer && ms(peer.hugeOpen ?? 0)), '');
  row('server resident memory after opening the 5,000-service file', side(ours.rss, peer?.rss), '');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  const rows = [];
  await editorBench(root, createRequire(import.meta.url), (what, value, target) => rows.push({ what, value, target }), quantile);
  const width = Math.max(...rows.map((r) => r.what.length));
  for (const r of rows) console.log(`${r.what.padEnd(width)}  ${String(r.value).padStart(30)}  ${r.target}`);
}
