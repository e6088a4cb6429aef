import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { project, yaml } from './helpers';

const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const topology = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [cli, 'topology', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });

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
      '  classDef gated stroke-dasharray:4 3,opacity:0.6',
      '  class svc_web violation',
      '  linkStyle 1 stroke:#d32f2f,stroke-width:3px',
      '  %% compose.yaml:2 contract-membership: Service "web" (tier front) joins network "data" of tier data, but neither tier may reach the other (contract: tiers.front.reach is api).',
      '',
    ].join('\n'),
  );
});

test('topology: SVG for docs from the laid-out graph, violations listed with their lines', () => {
  const r = topology(dir, '--format', 'svg');
  assert.match(r.stdout, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(r.stdout, /<text x="16" y="\d+" fill="#d32f2f">✖ compose\.yaml:2 Service &quot;web&quot; \(tier front\) joins network &quot;data&quot;/);
  // The service that breaks the contract is drawn in red, and opens its line when clicked in the editor.
  assert.match(r.stdout, /<g class="mesh-node mesh-service mesh-violation" data-id="service:web" data-name="web" data-file="compose.yaml" data-line="2">/);
  // Every tier is a group around its own nodes (the layout engine's compound nodes).
  const json = JSON.parse(topology(dir, '--format', 'json').stdout);
  for (const tier of ['front', 'api', 'data']) {
    const g = json.layout.groups.find((x: { tier: string }) => x.tier === tier);
    const inside = json.layout.nodes.filter(
      (n: { name: string; kind: string }) => json.tiers.find((t: { name: string }) => t.name === tier).services.includes(n.name) && n.kind === 'service',
    );
    assert.ok(inside.length > 0);
    for (const n of inside)
      assert.ok(n.x >= g.x && n.y >= g.y && n.x + n.width <= g.x + g.width && n.y + n.height <= g.y + g.height, `${n.name} inside tier ${tier}`);
  }
});

test('topology: Mermaid ids are distinct and stable, and no name can inject a statement', () => {
  const evil = 'evil"]\nclick svc_api_5f_v1 call alert()\n%%';
  const q = JSON.stringify(evil); // a JSON string is a YAML double-quoted scalar
  const hostile = project({
    'compose.yaml': `services:\n  api-v1: { image: busybox:1.36, networks: [${q}] }\n  api_v1: { image: busybox:1.36, networks: [${q}] }\nnetworks:\n  ${q}:\n`,
    'network-contract.yaml': `tiers:\n  app: { networks: [${q}] }\nservices: { "api*": app }\n`,
  });
  const r = topology(hostile);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const lines = r.stdout.split('\n');
  assert.ok(lines.includes('    svc_api_2d_v1["api-v1"]'), r.stdout);
  assert.ok(lines.includes('    svc_api_5f_v1["api_v1"]'), r.stdout);
  assert.ok(
    lines.includes(
      '    net_evil_22__5d__a_click_20_svc_5f_api_5f_5f_5f_v1_20_call_20_alert_28__29__a__25__25_(["network evil#quot;]#32;click svc_api_5f_v1 call alert()#32;%%"])',
    ),
    r.stdout,
  );
  assert.ok(!lines.some((l) => /^\s*click/.test(l)), 'no line of its own for text from a name');
});

test('topology: a project without a contract is an I/O error', () => {
  const none = project({ 'compose.yaml': 'services:\n  a: { image: busybox:1.36 }\n' });
  const r = topology(none);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /has no network contract/);
});

test('topology: the planted tiered project — a forbidden connection in red with its file:line, allowed ones in green, a profile-gated service drawn as such', () => {
  const planted = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'tiered-planted');
  const compose = fs.readFileSync(path.join(planted, 'compose.yaml'), 'utf8');
  const line = compose.slice(0, compose.indexOf('wget -q -O /dev/null http://proxy:8080/')).split('\n').length;
  const mermaid = topology(planted).stdout.split('\n');
  const edges = mermaid.filter((l) => /^ {2}\S+ (---|-\.|==>|-->)/.test(l));
  const forbidden = edges.indexOf(`  svc_api -->|"http://proxy:8080 · compose.yaml:${line}"| svc_proxy`);
  const allowed = edges.indexOf('  svc_api -->|"http://auth:8002"| svc_auth');
  assert.ok(forbidden >= 0 && allowed >= 0, mermaid.join('\n'));
  const styled = (colour: string) =>
    mermaid
      .find((l) => l.startsWith('  linkStyle ') && l.includes(colour))
      ?.slice('  linkStyle '.length)
      .split(' ')[0]
      .split(',')
      .map(Number) ?? [];
  assert.ok(styled('#d32f2f').includes(forbidden), 'the forbidden connection is red');
  assert.ok(styled('#2e7d32').includes(allowed), 'the allowed connection is green');
  assert.ok(mermaid.includes('  svc_toolbox["toolbox (profile debug) (no tier)"]'));
  assert.ok(mermaid.includes('  class svc_toolbox gated'));
  const svg = topology(planted, '--format', 'svg').stdout;
  assert.match(
    svg,
    new RegExp(
      `<g class="mesh-edge mesh-reference mesh-forbidden" data-file="compose.yaml" data-line="${line}">.*<text [^>]*fill="#d32f2f"[^>]*>compose\\.yaml:${line}</text></g>`,
    ),
  );
  assert.match(
    svg,
    /<g class="mesh-node mesh-service mesh-gated" data-id="service:toolbox" data-name="toolbox" [^>]*opacity="0.6"><title>service toolbox \(profile debug · no tier\)[^<]*<\/title><rect [^>]*stroke-dasharray="4 3"\/>/,
  );
});
