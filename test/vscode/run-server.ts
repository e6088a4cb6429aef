/**
 * Runs the extension-host suite (test/vscode/suite) in a real VS Code: the VS Code server inside
 * the pinned code-server, its workbench opened by Chromium with the extension under development.
 * Under CI a missing component is a failure; elsewhere the suite says it was skipped and why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, freePort, skipOrFail } from './harness';
import { startPrivateSwarm, swarmSkip, type PrivateSwarm } from '../swarm-engines';

const root = path.resolve(__dirname, '..', '..', '..');
const codeServer = path.join(root, '.vscode-test', 'code-server-4.100.3', 'node_modules', 'code-server');
const serverMain = path.join(codeServer, 'lib', 'vscode', 'out', 'server-main.js');

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the VS Code server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(serverMain)) skipOrFail('extension-host suite', `code-server is not installed (run: bash scripts/install-code-server.sh)`);
  if (!fs.existsSync(CHROMIUM)) skipOrFail('extension-host suite', 'Chromium is not installed (apt-get install chromium)');
  if (!fs.existsSync(path.join(root, 'dist', 'client.js'))) skipOrFail('extension-host suite', 'the extension is not built (npm run build)');

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-vscode-'));
  const workspace = path.join(work, 'workspace');
  fs.mkdirSync(path.join(workspace, 'broken'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'broken', 'compose.yaml'), 'services:\n  web:\n    image: busybox:1.36\n    depends_on: [db]\n');
  const env: NodeJS.ProcessEnv = { ...process.env, COMPOSE_MESH_TEST_RESULTS: path.join(work, 'results.json') };

  // A healthy project for the tree, when an engine is there.
  const project = `cmvscode${process.pid}`;
  const docker = spawnSync('docker', ['info'], { encoding: 'utf8' }).status === 0;
  if (docker) {
    fs.mkdirSync(path.join(workspace, 'app'));
    fs.writeFileSync(
      path.join(workspace, 'app', 'compose.yaml'),
      `name: ${project}\nservices:\n  app:\n    image: busybox:1.36\n    command: ["sh", "-c", "touch /tmp/ok && exec sleep 600"]\n    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ok"], interval: 1s }\n`,
    );
    const up = spawnSync('docker', ['compose', 'up', '-d', '--wait'], { cwd: path.join(workspace, 'app'), encoding: 'utf8' });
    if (up.status !== 0) throw new Error(`docker compose up failed: ${up.stderr}`);
    env.COMPOSE_MESH_TEST_PROJECT = project;
  } else if (process.env.CI) skipOrFail('extension-host suite', 'no Docker Engine for the health-tree test');

  // A private one-node swarm for the Swarm view (swarm.test.ts), never the shared engine.
  let swarm: PrivateSwarm | undefined;
  if (!swarmSkip()) {
    swarm = await startPrivateSwarm(1);
    env.COMPOSE_MESH_TEST_SWARM_HOST = swarm.manager.host;
  }

  // A second extension with Docker DX's id that completes and describes compose files too (peers.test.ts).
  const peer = path.join(work, 'docker-dx');
  fs.mkdirSync(peer);
  fs.writeFileSync(
    path.join(peer, 'package.json'),
    JSON.stringify({
      name: 'docker',
      publisher: 'docker',
      version: '0.0.1',
      license: 'MIT',
      engines: { vscode: '^1.100.0' },
      main: './extension.js',
      activationEvents: ['onStartupFinished'],
    }),
  );
  fs.writeFileSync(
    path.join(peer, 'extension.js'),
    [
      "const vscode = require('vscode');",
      "const selector = { scheme: 'file', pattern: '**/compose.yaml' };",
      'exports.activate = (context) => {',
      '  context.subscriptions.push(',
      "    vscode.languages.registerCompletionItemProvider(selector, { provideCompletionItems: () => [new vscode.CompletionItem('peer key')] }),",
      '    vscode.languages.registerHoverProvider(selector, {',
      '      provideHover: (doc, pos) => {',
      '        const word = doc.getWordRangeAtPosition(pos);',
      "        return word && new vscode.Hover('Docker DX: ' + doc.getText(word));",
      '      },',
      '    }),',
      '  );',
      '};',
    ].join('\n'),
  );

  fs.writeFileSync(path.join(peer, 'LICENSE'), 'MIT\n');
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', path.join(work, 'docker-dx.vsix')], {
    cwd: peer,
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`packaging the Docker DX stand-in failed: ${packed.stderr}`);
  const extensions = path.join(work, 'extensions');
  const installed = spawnSync(
    process.execPath,
    [serverMain, '--install-extension', path.join(work, 'docker-dx.vsix'), '--extensions-dir', extensions, '--accept-server-license-terms'],
    { encoding: 'utf8' },
  );
  if (installed.status !== 0) throw new Error(`installing the Docker DX stand-in failed: ${installed.stderr}`);

  const userData = path.join(work, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none' }),
  );
  const port = await freePort();
  let server: ChildProcess | undefined;
  let browser;
  try {
    server = spawn(
      process.execPath,
      [
        serverMain,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--without-connection-token',
        '--accept-server-license-terms',
        '--user-data-dir',
        userData,
        '--server-data-dir',
        path.join(work, 'server-data'),
        '--extensions-dir',
        extensions,
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const serverLog: string[] = [];
    server.stdout?.on('data', (d: Buffer) => serverLog.push(d.toString()));
    server.stderr?.on('data', (d: Buffer) => serverLog.push(d.toString()));
    await waitForPort(port, 60_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage();
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js'))],
    ];
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const resultsFile = env.COMPOSE_MESH_TEST_RESULTS as string;
    const deadline = Date.now() + 6 * 60_000;
    while (!fs.existsSync(resultsFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    if (!fs.existsSync(resultsFile)) {
      console.error(serverLog.join('').slice(-4000));
      throw new Error('the extension-host suite produced no results');
    }
    const { failures, results } = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as {
      failures: number;
      results: { title: string; state: string; error?: string }[];
    };
    for (const r of results) console.log(`${r.state === 'passed' ? '✔' : r.state === 'skipped' ? '﹣' : '✖'} ${r.title}${r.error ? `\n${r.error}` : ''}`);
    const passed = results.filter((r) => r.state === 'passed').length;
    console.log(`vscode: ${passed} passed, ${failures} failed`);
    process.exitCode = failures > 0 || passed === 0 ? 1 : 0;
  } finally {
    await browser?.close();
    server?.kill();
    if (docker) spawnSync('docker', ['compose', '-p', project, 'down', '--timeout', '0']);
    await swarm?.dispose();
  }
}

main().catch((err: Error) => {
  console.error(`extension-host suite: ${err.stack ?? err.message}`);
  process.exit(1);
});
