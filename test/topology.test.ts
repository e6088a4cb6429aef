import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { project, yaml } from './helpers';

const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const topology = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, 'topology', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });

const dir = project({
  'compose.yaml': yaml`
    services:
      web: { image: busybox:1.36, networks: [front, data] }
      api: { image: busybox:1.36, networks: [api, data] }
      db: { image: busybox:1.36, networks: [data] }
    networks:
      front:
      api: { internal: true }
      data: { internal: true }
  `,
  'network-contract.yaml': yaml`
    tiers:
      front: { networks: [front], publish: true, reach: [api] }
      api: { networks: [api], internal: true, reach: [data] }
      data: { networks: [data], internal: true }
    services: { web: front, api: api, db: data }
  `,
});

test('topology: Mermaid with tiers, networks, allowed flows and violations in red', () => {
  const r = topology(dir);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(
    r.stdout,
    [
      'flowchart LR',
      '  subgraph tier_front["tier front (publishes)"]',
      '    net_front(["network front"])',
      '    svc_web["web"]',
      '  end',
      '  subgraph tier_api["tier api (internal)"]',
      '    net_api(["network api"])',
      '    svc_api["api"]',
      '  end',
      '  subgraph tier_data["tier data (internal)"]',
      '    net_data(["network data"])',
      '    svc_db["db"]',
      '  end',
      '  svc_web --- net_front',
      '  svc_web -. violation .- net_data',
      '  svc_api --- net_api',
      '  svc_api --- net_data',
      '  svc_db --- net_data',
      '  tier_front ==>|may reach| tier_api',
      '  tier_api ==>|may reach| tier_data',
      '  classDef violation stroke:#d32f2f,stroke-width:3px,color:#d32f2f',
      '  class svc_web violation',
      '  linkStyle 1 stroke:#d32f2f,stroke-width:3px',
      '  %% compose.yaml:2 contract-membership: Service "web" (tier front) joins network "data" of tier data, but neither tier may reach the other (contract: tiers.front.reach is api).',
      '',
    ].join('\n'),
  );
});

test('topology: SVG for docs, violations listed with their lines', () => {
  const r = topology(dir, '--format', 'svg');
  assert.match(r.stdout, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(r.stdout, /<text x="20" y="\d+" fill="#d32f2f">✖ compose\.yaml:2 Service &quot;web&quot; \(tier front\) joins network &quot;data&quot;/);
  assert.match(r.stdout, /fill="#d32f2f" font-weight="bold">▣ web<\/text>/);
});

test('topology: a project without a contract is an I/O error', () => {
  const none = project({ 'compose.yaml': 'services:\n  a: { image: busybox:1.36 }\n' });
  const r = topology(none);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /has no network contract/);
});
