/**
 * Live probes from containers that lack the probe's tools, on the real engine. Removing the
 * `nslookup` link from the busybox image is not enough: its `timeout` runs the applet by name
 * without the link. So the images here are put together from this machine's own programs: the
 * glibc `timeout`, `sleep` and `getent` (as in a Debian-slim image: getent, no nslookup), the same
 * without getent, and busybox with `nslookup` but no `timeout`.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dockerSkip, ensureImage, IMAGE, run } from './docker';
import { EngineProxy, freeTcpPort } from './engine-proxy';
import { project, yaml } from './helpers';

const skip = dockerSkip();
const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const name = `probefallback${process.pid}`;
const images = {
  getentOnly: `compose-mesh-test/getent-only:${process.pid}`,
  noLookup: `compose-mesh-test/no-lookup:${process.pid}`,
  noTimeout: `compose-mesh-test/no-timeout:${process.pid}`,
};
const compose = yaml`
  name: ${name}
  services:
    ui:
      image: ${images.getentOnly}
      hostname: aar-ui.devonboarder.local
      environment:
        WEB_URL: http://web:8080
      networks: [front]
    bare:
      image: ${images.noLookup}
      environment:
        WEB_URL: http://web:8080
      networks: [front]
    stripped:
      image: ${images.noTimeout}
      environment:
        WEB_URL: http://web:8080
      networks: [front]
    web:
      image: ${IMAGE}
      command: ["httpd", "-f", "-p", "8080", "-h", "/"]
      networks: [front]
    db:
      image: ${IMAGE}
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
  services: { ui: edge, bare: edge, stripped: edge, web: edge, db: data }
`;
const dir = project({ 'compose.yaml': compose, 'network-contract.yaml': contract });
const lineOf = (needle: string) => compose.slice(0, compose.indexOf(needle)).split('\n').length;

/** A program of this machine and the shared libraries it loads (absolute paths, from ldd). */
function withLibraries(program: string): string[] {
  const ldd = run('ldd', [program]);
  assert.equal(ldd.status, 0, `ldd ${program}: ${ldd.stderr}`);
  return [program, ...[...ldd.stdout.matchAll(/(?:=>\s*|^\s*)(\/\S+)/gm)].map((m) => m[1])];
}

/** Builds an image FROM scratch holding `files` (image path → host path) and `links` (name → target). */
function buildImage(tag: string, files: Record<string, string>, links: Record<string, string> = {}): void {
  const context = project({ Dockerfile: ['FROM scratch', 'COPY root /', 'ENV PATH=/bin', 'CMD ["sleep", "300"]', ''].join('\n') });
  const put = (at: string) => (fs.mkdirSync(path.dirname(path.join(context, 'root', at)), { recursive: true }), path.join(context, 'root', at));
  for (const [at, from] of Object.entries(files)) fs.copyFileSync(from, put(at));
  for (const [at, target] of Object.entries(links)) fs.symlinkSync(target, put(at));
  const r = run('docker', ['build', '-q', '-t', tag, context]);
  fs.rmSync(context, { recursive: true, force: true });
  assert.equal(r.status, 0, `docker build ${tag}: ${r.stderr}`);
}

/** The glibc programs (at /bin/NAME) with their libraries (at the paths they are loaded from). */
function glibc(...programs: string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const p of programs) {
    const [binary, ...libraries] = withLibraries(`/usr/bin/${p}`);
    files[`/bin/${p}`] = binary;
    for (const l of libraries) files[l] = l;
  }
  return files;
}

before(() => {
  if (skip) return;
  ensureImage();
  buildImage(images.getentOnly, glibc('timeout', 'sleep', 'getent'));
  buildImage(images.noLookup, glibc('timeout', 'sleep'));
  buildImage(images.noTimeout, { '/bin/busybox': '/bin/busybox' }, { '/bin/nslookup': 'busybox', '/bin/sleep': 'busybox' });
  const up = run('docker', ['compose', 'up', '-d'], { cwd: dir });
  assert.equal(up.status, 0, `docker compose up failed: ${up.stderr}`);
});

after(() => {
  if (skip) return;
  run('docker', ['compose', 'down', '--timeout', '0'], { cwd: dir });
  run('docker', ['rmi', ...Object.values(images)]);
});

test('live probe: without nslookup the lookup falls back to getent; without either, or without timeout, the note says what is missing', { skip }, () => {
  const r = run(process.execPath, [cli, 'validate', '--no-color', '--live', '--probe'], { cwd: dir });
  const probes = r.stdout.split('\n').filter((l) => l.includes('[live-probe]'));
  assert.deepEqual(
    probes,
    [
      // getent resolves "db" (and "web", from a dotted hostname: no "does not resolve" for ui → web).
      `compose.yaml:${lineOf('  ui:')}:3: error [live-probe] Probe (getent hosts db): from "${name}-ui-1" (tier edge), "db" (tier data) resolves: the tiers may not reach each other, yet a network joins them.`,
      `compose.yaml:${lineOf('  web:')}:3: error [live-probe] Probe (nslookup db.): from "${name}-web-1" (tier edge), "db" (tier data) resolves: the tiers may not reach each other, yet a network joins them.`,
      `compose.yaml:${lineOf('  db:')}:3: error [live-probe] Probe (nslookup ui.): from "${name}-db-1" (tier data), "ui" (tier edge) resolves: the tiers may not reach each other, yet a network joins them.`,
    ],
    r.stdout + r.stderr,
  );
  const notes = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('compose-mesh: '))
    .sort();
  assert.deepEqual(
    notes,
    [
      `compose-mesh: "${name}-bare-1" has none of nslookup, getent: its name probes were skipped`,
      // It has nslookup: what is missing is the `timeout` every probe runs under.
      `compose-mesh: "${name}-stripped-1" has no timeout, which bounds every probe: its name probes were skipped`,
      // ui resolved "web", but has no wget to try the port: a note, not a finding.
      `compose-mesh: the probe from "${name}-ui-1" to http://web:8080/ failed by itself (exit 127: timeout: failed to run command 'wget': No such file or directory)`,
    ],
    r.stderr,
  );
  const nslookup = run('docker', ['exec', `${name}-stripped-1`, 'nslookup', 'db.']);
  assert.equal(nslookup.status, 0, `the container without timeout does have a working nslookup: ${nslookup.stderr}`);
});

test('live probe: each container finds its lookup tool once; a container without one costs its failed execs once, not per probe', { skip }, async () => {
  const proxy = new EngineProxy(await freeTcpPort());
  await proxy.up();
  try {
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, 'validate', '--no-color', '--live', '--probe', '--docker-host', proxy.host], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    assert.ok(r.code !== null, r.stderr);
    const ids = new Map(
      ['ui', 'bare', 'stripped', 'web', 'db'].map((s) => [run('docker', ['inspect', '-f', '{{.Id}}', `${name}-${s}-1`]).stdout.trim(), s] as const),
    );
    const execs: Record<string, number> = {};
    for (const request of proxy.requests) {
      const id = /\/containers\/([0-9a-f]{64})\/exec$/.exec(request)?.[1];
      const service = id && ids.get(id);
      if (service) execs[service] = (execs[service] ?? 0) + 1;
    }
    assert.deepEqual(
      execs,
      {
        // nslookup and getent are missing, then `timeout` alone tells why: 3 execs for its 2 probes.
        bare: 3,
        // The same for a container that lacks `timeout`.
        stripped: 3,
        // ui → web: nslookup missing, getent resolves, wget (missing) tries the port; ui → db: getent alone.
        ui: 4,
        web: 1,
        db: 1,
      },
      r.stderr,
    );
    assert.equal(r.stderr.split('\n').filter((l) => l.includes('its name probes were skipped')).length, 2, r.stderr);
  } finally {
    await proxy.down();
  }
});
