/**
 * Live probes on the real engine with dotted hostnames (`hostname: aar-ui.devonboarder.local`):
 * busybox nslookup would look up `traefik.devonboarder.local` only; the probe asks for the fully
 * qualified `traefik.` and says which tool answered.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { dockerSkip, ensureImage, IMAGE, run } from './docker';
import { project, yaml } from './helpers';

const skip = dockerSkip();
const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const name = `contractprobe${process.pid}`;
const compose = yaml`
  name: ${name}
  services:
    ui:
      image: ${IMAGE}
      hostname: aar-ui.devonboarder.local
      command: ["sleep", "300"]
      environment:
        PROXY_URL: http://traefik:8080
      networks: [front]
    traefik:
      image: ${IMAGE}
      command: ["httpd", "-f", "-p", "8080", "-h", "/"]
      networks: [front]
    db:
      image: ${IMAGE}
      hostname: db.devonboarder.local
      command: ["sleep", "300"]
      networks: [back, front]
  networks:
    front:
    back:
      internal: true
`;
const contract = yaml`
  tiers:
    edge: { networks: [front] }
    data: { networks: [back], internal: true }
  services: { ui: edge, traefik: edge, db: data }
`;
const dir = project({ 'compose.yaml': compose, 'network-contract.yaml': contract });
const lineOf = (needle: string) => compose.slice(0, compose.indexOf(needle)).split('\n').length;

before(() => {
  if (skip) return;
  ensureImage();
  const up = run('docker', ['compose', 'up', '-d'], { cwd: dir });
  assert.equal(up.status, 0, `docker compose up failed: ${up.stderr}`);
});

after(() => {
  if (skip) return;
  run('docker', ['compose', 'down', '--timeout', '0'], { cwd: dir });
});

test('live probe: dotted hostnames resolve service names by their fully qualified form; the tool is named', { skip }, () => {
  const r = run(process.execPath, [cli, 'validate', '--no-color', '--live', '--probe'], { cwd: dir });
  const probes = r.stdout.split('\n').filter((l) => l.includes('[live-probe]'));
  assert.deepEqual(
    probes,
    [
      // ui → traefik shares a network and is allowed: no "does not resolve" although ui's hostname has a domain.
      `compose.yaml:${lineOf('  ui:')}:3: error [live-probe] Probe (nslookup db.): from "${name}-ui-1" (tier edge), "db" (tier data) resolves: the tiers may not reach each other, yet a network joins them.`,
      `compose.yaml:${lineOf('  traefik:')}:3: error [live-probe] Probe (nslookup db.): from "${name}-traefik-1" (tier edge), "db" (tier data) resolves: the tiers may not reach each other, yet a network joins them.`,
      `compose.yaml:${lineOf('  db:')}:3: error [live-probe] Probe (nslookup ui.): from "${name}-db-1" (tier data), "ui" (tier edge) resolves: the tiers may not reach each other, yet a network joins them.`,
    ],
    r.stdout + r.stderr,
  );
  // What the old probe ran: the bare name, which busybox resolves only inside the hostname's domain.
  const bare = run('docker', ['exec', `${name}-ui-1`, 'nslookup', 'traefik']);
  assert.notEqual(bare.status, 0, 'busybox nslookup of a bare name from a dotted hostname fails (the case this probe avoids)');
});
