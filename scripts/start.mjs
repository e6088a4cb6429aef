// npm start: build and package the extension, then open the bundled example in a real editor —
// VS Code desktop when `code` is on the PATH, otherwise code-server in the browser at a local
// URL printed here. With a Docker Engine, the example's image is built locally first so that
// "Compose Mesh: Start Project" works offline.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(root, 'examples', 'tiered');
const step = (what) => console.log(`\n▶ ${what}`);
const must = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`✖ ${cmd} ${args.join(' ')} failed`);
    process.exit(r.status ?? 1);
  }
};

step('Building and packaging the extension');
must('npm', ['run', '-s', 'package']);
const vsix = path.join(root, 'dist', 'compose-mesh.vsix');

step('Docker Engine');
const info = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' });
if (info.status === 0) {
  console.log(`Connected to Docker ${info.stdout.trim()}.`);
  if (spawnSync('docker', ['image', 'inspect', 'busybox:1.36']).status !== 0 && fs.existsSync('/bin/busybox')) {
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-image-'));
    fs.copyFileSync('/bin/busybox', path.join(ctx, 'busybox'));
    fs.writeFileSync(
      path.join(ctx, 'Dockerfile'),
      'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nRUN ["/bin/mkdir", "-p", "/tmp", "/www", "/etc"]\nRUN ["/bin/sh", "-c", "echo ok > /www/index.html"]\nCMD ["/bin/sh"]\n',
    );
    console.log('Building the example image busybox:1.36 from the local busybox-static…');
    spawnSync('docker', ['build', '-q', '-t', 'busybox:1.36', ctx], { stdio: 'inherit' });
  }
} else {
  console.log('No Docker Engine answers: validation works, the health view will say the engine is down.');
}

if (spawnSync('code', ['--version'], { encoding: 'utf8' }).status === 0) {
  step('Opening the example in VS Code');
  must('code', ['--install-extension', vsix, '--force']);
  must('code', [example]);
  process.exit(0);
}

step('VS Code is not on the PATH: using code-server in the browser');
const install = spawnSync('bash', [path.join(root, 'scripts', 'install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (install.status !== 0) process.exit(install.status ?? 1);
const csDir = install.stdout.trim().split('\n').pop();
const bin = path.join(csDir, 'node_modules', '.bin', 'code-server');
const state = path.join(root, '.vscode-test', 'start');
const extensions = path.join(state, 'extensions');
fs.mkdirSync(path.join(state, 'user-data', 'User'), { recursive: true });
const settings = path.join(state, 'user-data', 'User', 'settings.json');
if (!fs.existsSync(settings)) fs.writeFileSync(settings, JSON.stringify({ 'workbench.startupEditor': 'none' }, null, 2));
must(bin, ['--install-extension', vsix, '--force', '--extensions-dir', extensions, '--user-data-dir', path.join(state, 'user-data')]);
const port = process.env.PORT ?? '8765';
const args = [
  '--auth',
  'none',
  '--bind-addr',
  `127.0.0.1:${port}`,
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-workspace-trust',
  '--user-data-dir',
  path.join(state, 'user-data'),
  '--extensions-dir',
  extensions,
  example,
];
console.log(`\nCompose Mesh is running in code-server: open http://127.0.0.1:${port}/ (Ctrl+C stops it).`);
const child = spawn(bin, args, { stdio: 'inherit' });
process.on('SIGINT', () => child.kill('SIGINT'));
child.on('exit', (code) => process.exit(code ?? 0));
