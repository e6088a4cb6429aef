/** The planted tiered fixture: exact contract findings, and the quick fix of each one really fixes it. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../server/src/engine/config';
import { DiskHost } from '../server/src/engine/project/host';
import { quickFixes } from '../server/src/engine/language/actions';
import { validateProject } from '../server/src/engine/validate';
import { project, show } from './helpers';

const fixture = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'tiered-planted');
const files = Object.fromEntries(
  ['compose.yaml', 'network-contract.yaml', 'secrets/jwt_secret.txt'].map((f) => [f, fs.readFileSync(path.join(fixture, f), 'utf8')]),
);
const CONTRACT = /contract-|unreachable-reference/;

function validate(texts: Record<string, string>) {
  const dir = project(texts);
  const result = validateProject({ files: [path.join(dir, 'compose.yaml')] }, new DiskHost({ PATH: process.env.PATH }), defaultConfig());
  return { dir, result, shown: result.findings.filter((f) => CONTRACT.test(f.ruleId)).map((f) => show(f, dir)) };
}

/** Applies a fix's edits (last first, so offsets stay valid) and returns the new file texts. */
function applyFix(
  texts: Record<string, string>,
  dir: string,
  fix: { edits: { file: { path: string }; start: number; end: number; newText: string }[] },
): Record<string, string> {
  const out = { ...texts };
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) {
    const name = path.relative(dir, e.file.path);
    out[name] = out[name].slice(0, e.start) + e.newText + out[name].slice(e.end);
  }
  return out;
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

test('planted fixture: co-membership, publish ports per tier and per service, a command URL across tiers; depends_on is no path', () => {
  const c = files['compose.yaml'];
  const { shown } = validate(files);
  assert.deepEqual(shown, [
    `compose.yaml:${lineOf(c, '"8090:8090/udp"')}:9-${lineOf(c, '"8090:8090/udp"')}:24 error contract-publish: Service "proxy" publishes "8090:8090/udp" on all interfaces, but tier edge may publish only 127.0.0.1, 443, 0.0.0.0:80 (contract: tiers.edge.publish).`,
    `compose.yaml:${lineOf(c, '["3000:3000"]')}:13-${lineOf(c, '["3000:3000"]')}:24 error contract-publish: Service "frontend" publishes "3000:3000" on all interfaces, but service "frontend" may publish only 127.0.0.1:3000 (contract: services.frontend.publish).`,
    `compose.yaml:${lineOf(c, 'http://proxy:8080/')}:27-${lineOf(c, 'http://proxy:8080/')}:100 error contract-forbidden-path: Service "api" (tier api) reaches "proxy" (tier edge) through "http://proxy:8080" over network "edge", but tier api may not reach tier edge (contract: tiers.api.reach).`,
    `compose.yaml:${lineOf(c, '[data, api]')}:22-${lineOf(c, '[data, api]')}:25 error contract-membership: Service "db" (tier data) joins network "api", which "integration" (tier integration) is on: Docker connects them, but neither tier may reach the other (contract: tiers.data.reach, tiers.integration.reach).`,
    `compose.yaml:${lineOf(c, '  legacy:')}:3-${lineOf(c, '  legacy:')}:9 warning contract-unassigned: Network "legacy" is used by no service: remove it.`,
  ]);
  // api depends_on frontend (tier edge) over their shared network: ordering only, no finding on it.
  assert.ok(!shown.some((f) => f.startsWith(`compose.yaml:${lineOf(c, 'frontend: { condition: service_started }')}:`)));
});

test('planted fixture: every contract finding has a fix that obeys the contract, and applying it removes the finding', () => {
  const { dir, result } = validate(files);
  const findings = result.findings.filter((f) => f.ruleId.startsWith('contract-'));
  const titles: string[] = [];
  for (const f of findings) {
    const fix = quickFixes(result.project, result.contract, [f]).find((x) => !x.title.startsWith('Silence'));
    assert.ok(fix, `a fix for ${f.message}`);
    titles.push(fix.title);
    const after = validate(applyFix(files, dir, fix));
    assert.ok(!after.shown.some((s) => s.includes(f.message)), `${fix.title}: still ${f.message}`);
    // (Leaving a network can turn a forbidden connection into one that does not resolve: a warning, not a contract finding.)
    const contractAfter = after.shown.filter((s) => / contract-/.test(s));
    assert.equal(contractAfter.length, findings.length - 1, `${fix.title} adds no contract finding: ${contractAfter.join('\n')}`);
  }
  assert.deepEqual(titles, [
    'Bind the port to 127.0.0.1, which the contract allows',
    'Bind the port to 127.0.0.1, which the contract allows',
    'Move "api" to network "api" of its tier api: it is already on it, remove "edge"',
    'Move "db" to network "data" of its tier data: it is already on it, remove "api"',
    'Remove the unused network "legacy"',
  ]);
  const bound = applyFix(files, dir, quickFixes(result.project, result.contract, [findings[1]])[0]);
  assert.ok(bound['compose.yaml'].includes('ports: ["127.0.0.1:3000:3000"]'));
  const moved = applyFix(files, dir, quickFixes(result.project, result.contract, [findings[3]])[0]);
  assert.ok(moved['compose.yaml'].includes('      - db-data:/var/lib/data\n    networks: [data]\n'));
});

test('contract fixes: internal: true set or added, a tier network instead of network_mode, a move to the tier network', () => {
  const variants: [string, (c: string) => string, string, string][] = [
    [
      'internal: false',
      (c) => c.replace('  data:\n    internal: true\n', '  data:\n    internal: false\n'),
      'Set "internal: true" on network "data"',
      '  data:\n    internal: true\n',
    ],
    [
      'no internal key',
      (c) => c.replace('  data:\n    internal: true\n', '  data:\n    driver: bridge\n'),
      'Set "internal: true" on network "data"',
      '  data:\n    internal: true\n    driver: bridge\n',
    ],
    [
      'network_mode: host',
      (c) => c.replace('    networks: [data]\n    healthcheck:', '    network_mode: host\n    healthcheck:'),
      'Join network "data" of tier data instead of network_mode',
      '      - db-data:/var/lib/data\n    networks: [data]\n',
    ],
  ];
  const base = {
    ...files,
    'compose.yaml': fs.readFileSync(path.resolve(fixture, '..', '..', '..', 'examples', 'tiered', 'compose.yaml'), 'utf8'),
    'network-contract.yaml': fs.readFileSync(path.resolve(fixture, '..', '..', '..', 'examples', 'tiered', 'network-contract.yaml'), 'utf8'),
  };
  for (const [name, edit, title, expected] of variants) {
    const texts = { ...base, 'compose.yaml': edit(base['compose.yaml']) };
    const { dir, result, shown } = validate(texts);
    assert.ok(shown.length > 0, name);
    const f = result.findings.find((x) => x.ruleId === 'contract-internal' || x.ruleId === 'contract-network-mode');
    assert.ok(f, name);
    const fix = quickFixes(result.project, result.contract, [f]).find((x) => x.title === title);
    assert.ok(
      fix,
      `${name}: ${quickFixes(result.project, result.contract, [f])
        .map((x) => x.title)
        .join(' | ')}`,
    );
    const after = applyFix(texts, dir, fix);
    assert.ok(after['compose.yaml'].includes(expected), `${name}: ${after['compose.yaml']}`);
  }
});

test('contract fixes: a service bridging two tiers that may not reach each other leaves the network of the one its tier may not reach', () => {
  const base = fs.readFileSync(path.resolve(fixture, '..', '..', '..', 'examples', 'tiered', 'compose.yaml'), 'utf8');
  const contract = fs.readFileSync(path.resolve(fixture, '..', '..', '..', 'examples', 'tiered', 'network-contract.yaml'), 'utf8');
  const bridged = base.replace(
    '      API_URL: http://api:8001\n    networks: [api]\n    depends_on:',
    '      API_URL: http://api:8001\n    networks: [api, edge, data]\n    depends_on:',
  );
  assert.notEqual(bridged, base);
  const texts = { ...files, 'compose.yaml': bridged, 'network-contract.yaml': contract };
  const { dir, result, shown } = validate(texts);
  const line = lineOf(bridged, '[api, edge, data]');
  assert.ok(
    shown.includes(
      `compose.yaml:${line}:27-${line}:31 error contract-bridge: Service "integration" bridges tiers edge and data, which may not reach each other (contract: tiers.edge.reach, tiers.data.reach).`,
    ),
    shown.join('\n'),
  );
  const bridge = result.findings.find((f) => f.ruleId === 'contract-bridge');
  assert.ok(bridge);
  const fixes = quickFixes(result.project, result.contract, [bridge]).filter((x) => !x.title.startsWith('Silence'));
  assert.deepEqual(
    fixes.map((x) => x.title),
    ['Remove network "data" from "integration"'],
  );
  const after = applyFix(texts, dir, fixes[0]);
  assert.ok(after['compose.yaml'].includes('    networks: [api, edge]\n'), after['compose.yaml']);
  assert.ok(!validate(after).shown.some((s) => / contract-bridge: /.test(s)));
});

test('co-membership, the case of the issue: api on auth_net, db on data_net and auth_net, api may reach auth only — reported on db, fixed by leaving auth_net', () => {
  const compose = [
    'services:',
    '  api: { image: busybox:1.36, networks: [auth_net] }',
    '  auth: { image: busybox:1.36, networks: [auth_net] }',
    '  db: { image: busybox:1.36, networks: [data_net, auth_net] }',
    'networks:',
    '  auth_net:',
    '  data_net:',
    '',
  ].join('\n');
  const contract =
    'tiers:\n  api: { reach: [auth] }\n  auth: { networks: [auth_net], reach: [data] }\n  data: { networks: [data_net] }\nservices: { api: api, auth: auth, db: data }\n';
  const texts = { 'compose.yaml': compose, 'network-contract.yaml': contract };
  const { dir, result, shown } = validate(texts);
  assert.deepEqual(shown, [
    'compose.yaml:4:51-4:59 error contract-membership: Service "db" (tier data) joins network "auth_net", which "api" (tier api) is on: Docker connects them, but neither tier may reach the other (contract: tiers.data.reach, tiers.api.reach).',
  ]);
  const fixes = quickFixes(
    result.project,
    result.contract,
    result.findings.filter((f) => f.ruleId === 'contract-membership'),
  ).filter((x) => !x.title.startsWith('Silence'));
  assert.deepEqual(
    fixes.map((x) => x.title),
    ['Move "db" to network "data_net" of its tier data: it is already on it, remove "auth_net"'],
  );
  const after = applyFix(texts, dir, fixes[0]);
  assert.ok(after['compose.yaml'].includes('  db: { image: busybox:1.36, networks: [data_net] }\n'), after['compose.yaml']);
  assert.deepEqual(validate(after).shown, []);
});
