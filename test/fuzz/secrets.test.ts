import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runEverything, writeProject } from './harness';

/** Values that must never be printed: they come from the environment, .env, secret files and include targets. */
const CANARY = 'c4nary7e57s3cre7';
const FIELDS = [
  'image',
  'container_name',
  'hostname',
  'user',
  'working_dir',
  'platform',
  'pull_policy',
  'restart',
  'mem_limit',
  'cpus',
  'stop_grace_period',
  'network_mode',
  'env_file',
  'command',
];

test('canary values from the environment, .env, secret files and include targets reach no output, hover or link', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-canary-'));
  try {
    const fields = FIELDS.map((f, i) => `    ${f}: \${V${i}}`).join('\n');
    writeProject(dir, {
      'compose.yaml': [
        'include:',
        '  - leak.txt',
        'services:',
        '  a:',
        fields,
        '    ports: ["${AWS_SECRET_ACCESS_KEY}", "${FROM_DOTENV}:80", "${V0}-1:80"]',
        '    volumes: ["${V1}:/data:${V2}"]',
        '    depends_on: ["${V3}"]',
        '    networks: ["${V4}"]',
        '    build: { context: "${V5}", dockerfile: "${V6}" }',
        '    extends: "${V7}"',
        '    healthcheck: { test: ["${V8}"], interval: "${V9}" }',
        '    environment: { DB_PASSWORD: "${DB_PW}", TOKEN: "${V10}" }',
        '    secrets: ["${V11}"]',
        'networks:',
        '  n: { name: "${V12}", driver: "${V13}" }',
        'secrets:',
        '  s: { file: "${V0}" }',
        '',
      ].join('\n'),
      '.env': `FROM_DOTENV=${CANARY}-dotenv\nDB_PW=${CANARY}-dbpw\n`,
      'leak.txt': `AWS_SECRET_ACCESS_KEY=${CANARY}\nPASSWORD: ${CANARY}\n`,
      'db_password.txt': `${CANARY}-file\n`,
    });
    const env: Record<string, string> = { AWS_SECRET_ACCESS_KEY: `${CANARY}-aws` };
    FIELDS.forEach((_, i) => (env[`V${i}`] = `${CANARY}-v${i}`));
    for (let i = FIELDS.length; i < 16; i++) env[`V${i}`] = `${CANARY}-v${i}`;
    const { outputs } = runEverything(dir, env, 1);
    for (const [channel, text] of Object.entries(outputs))
      assert.ok(!text.includes(CANARY), `${channel} shows the canary: ${text.slice(Math.max(0, text.indexOf(CANARY) - 200), text.indexOf(CANARY) + 40)}`);
    // The checks ran: the include is reported and the invalid port too, quoting what was written.
    assert.match(outputs.text, /Included file is not a Compose file/);
    assert.match(outputs.text, /Invalid port "\$\{AWS_SECRET_ACCESS_KEY\}"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a contract naming networks through interpolation: the topology shows the written text', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mesh-canary-'));
  try {
    writeProject(dir, {
      'compose.yaml': 'services:\n  a:\n    image: busybox:1.36\nx-network-contract:\n  tiers:\n    web: { networks: ["${NET}"] }\n',
    });
    const { outputs } = runEverything(dir, { NET: CANARY }, 1);
    assert.ok(outputs.topology, 'the topology was drawn');
    assert.ok(!outputs.topology.includes(CANARY), outputs.topology);
    assert.match(outputs.topology, /\$\{NET\}/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
