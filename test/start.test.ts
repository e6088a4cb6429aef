/** Start Project on a real engine: a project that comes up healthy, and one whose dependency never does. */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import type { DeclaredProject } from '../common/protocol';
import { cliEnvironment, detectCompose, runCompose } from '../client/src/docker/compose-cli';
import type { EngineConnection } from '../client/src/docker/connection';
import type { HealthWatcher } from '../client/src/docker/health-watcher';
import { startProject } from '../client/src/docker/start';
import { connectedWatcher, dockerSkip, ensureImage, IMAGE, run } from './docker';
import { EngineProxy, freeTcpPort } from './engine-proxy';
import { project, yaml } from './helpers';

const skip = dockerSkip();
const names: string[] = [];
after(() => {
  for (const n of names) run('docker', ['compose', '-p', n, 'down', '--timeout', '0']);
});

function declared(name: string, dir: string, services: string[]): DeclaredProject {
  return {
    name,
    dir,
    files: [`${dir}/compose.yaml`],
    profiles: [],
    errors: 0,
    services: services.map((s) => ({ name: s, hasHealthcheck: true, enabled: true, profiles: [], image: IMAGE, build: false, ports: [] })),
  };
}

async function withWatcher<T>(fn: (connection: EngineConnection, watcher: HealthWatcher) => Promise<T>, endpoint?: { explicitHost: string }): Promise<T> {
  const { connection, watcher, dispose } = await connectedWatcher({ endpoint });
  try {
    return await fn(connection, watcher);
  } finally {
    dispose();
  }
}

test('start: checks, compose up, progress per service until healthy', { skip }, async () => {
  ensureImage();
  const name = `cmstartok${process.pid}`;
  names.push(name);
  const dir = project({
    'compose.yaml': yaml`
    services:
      db:
        image: ${IMAGE}
        command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 600"]
        healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 5 }
      app:
        image: ${IMAGE}
        command: ["sleep", "600"]
        depends_on: { db: { condition: service_healthy } }
  `,
  });
  const progress: string[] = [];
  const outcome = await withWatcher((c, w) =>
    startProject(c.docker, detectCompose() as NonNullable<ReturnType<typeof detectCompose>>, w, declared(name, dir, ['db', 'app']), {
      profiles: [],
      timeoutMs: 60_000,
      onProgress: (m) => progress.push(m),
      onLog: () => undefined,
    }),
  );
  assert.deepEqual(outcome, { kind: 'started', ready: ['db', 'app'], notes: [] });
  assert.equal(progress[0], 'docker compose up -d');
  assert.equal(progress[progress.length - 1], '2/2 ready');
});

test('start: a dependency that never becomes healthy is named, with its health output and last log lines', { skip }, async () => {
  ensureImage();
  const name = `cmstartbad${process.pid}`;
  names.push(name);
  const dir = project({
    'compose.yaml': yaml`
    services:
      db:
        image: ${IMAGE}
        command: ["sh", "-c", "echo starting the database; sleep 0.3; echo listening failed >&2; exec sleep 600"]
        healthcheck: { test: ["CMD-SHELL", "echo db not ready; exit 1"], interval: 1s, retries: 1 }
      app:
        image: ${IMAGE}
        command: ["sleep", "600"]
        depends_on: { db: { condition: service_healthy } }
  `,
  });
  const outcome = await withWatcher((c, w) =>
    startProject(c.docker, detectCompose() as NonNullable<ReturnType<typeof detectCompose>>, w, declared(name, dir, ['db', 'app']), {
      profiles: [],
      timeoutMs: 60_000,
      onProgress: () => undefined,
      onLog: () => undefined,
    }),
  );
  assert.equal(outcome.kind, 'compose-failed');
  if (outcome.kind !== 'compose-failed') return;
  assert.match(outcome.output, /is unhealthy/);
  assert.deepEqual(
    outcome.failures.map((f) => ({ ...f, healthOutput: f.healthOutput.slice(-1) })),
    [{ service: 'db', status: 'unhealthy', healthOutput: ['db not ready'], logLines: ['starting the database', 'listening failed'] }],
  );
});

test("start and stop act on the engine the tree shows (composeMesh.docker.host), not the shell's DOCKER_HOST", { skip }, async () => {
  ensureImage();
  const name = `cmstarthost${process.pid}`;
  names.push(name);
  const dir = project({
    'compose.yaml': yaml`
    services:
      app:
        image: ${IMAGE}
        command: ["sh", "-c", "touch /tmp/ready; exec sleep 600"]
        healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 5 }
  `,
  });
  // The shell names an engine where nothing answers; the setting names the proxy in front of the real one.
  const shell = { ...process.env, DOCKER_HOST: 'tcp://127.0.0.1:1', DOCKER_CONTEXT: undefined };
  const proxy = new EngineProxy(await freeTcpPort());
  await proxy.up();
  try {
    const target = declared(name, dir, ['app']);
    const cli = detectCompose(shell) as NonNullable<ReturnType<typeof detectCompose>>;
    assert.notEqual((await runCompose(cli, target, [], ['ps'], { env: shell })).code, 0, "the shell's engine does not answer");
    const { outcome, down } = await withWatcher(
      async (connection, watcher) => {
        // What Start and Stop (down) run with: the resolved engine's variables on top of the shell's.
        const env = cliEnvironment(connection.endpoint?.cliEnv ?? {}, shell);
        assert.equal(env.DOCKER_HOST, proxy.host);
        const outcome = await startProject(connection.docker, cli, watcher, target, {
          profiles: [],
          timeoutMs: 60_000,
          onProgress: () => undefined,
          onLog: () => undefined,
          env,
        });
        assert.match(run('docker', ['ps', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Status}}']).stdout, /^Up .*\(healthy\)/);
        return { outcome, down: await runCompose(cli, target, [], ['down', '--timeout', '0'], { env }) };
      },
      { explicitHost: proxy.host },
    );
    assert.deepEqual(outcome, { kind: 'started', ready: ['app'], notes: [] });
    assert.equal(down.code, 0, down.output);
    assert.equal(run('docker', ['ps', '-a', '--filter', `label=com.docker.compose.project=${name}`, '-q']).stdout, '');
  } finally {
    await proxy.down();
  }
});
