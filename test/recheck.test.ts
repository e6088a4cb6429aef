/**
 * The editor's re-check of the one service an edit is inside (engine/recheck.ts): what it shows
 * is what the whole check shows for every service-scoped rule, it declines whatever it cannot be
 * sure of, and findings that involve other services wait for the whole check.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultConfig } from '../server/src/engine/config';
import type { Finding } from '../server/src/engine/diagnostic';
import { DiskHost, OverlayHost } from '../server/src/engine/project/host';
import { serviceLayout } from '../server/src/engine/project/service-blocks';
import { recheckEditedService, type ShownFindings } from '../server/src/engine/recheck';
import { RULES } from '../server/src/engine/rules';
import { SourceFile } from '../server/src/engine/text';
import { validateProject } from '../server/src/engine/validate';
import { project, show } from './helpers';
import { seeded } from './seeded-random';

const disk = new DiskHost({ PATH: process.env.PATH, TAG: '1.36' });

/** A project of `n` services with most of what rules look at, anchors only outside `services`. */
function composeText(n: number): string {
  const lines = ['name: shop', 'x-logging: &logging', '  driver: json-file', 'services:'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  svc${i}:`,
      `    image: busybox:\${TAG:-1.36}`,
      '    logging: *logging',
      '    restart: unless-stopped',
      '    environment:',
      `      NAME: svc${i}`,
      `      UPSTREAM: http://svc${Math.max(0, i - 1)}:8080`,
      `    ports: ["127.0.0.1:${20000 + i}:8080"]`,
      `    networks: [tier0${i % 3 === 2 ? ', tier1' : ''}]`,
      '    volumes: ["data:/data"]',
      ...(i > 0 ? ['    depends_on:', `      svc${i - 1}:`, '        condition: service_healthy'] : []),
      '    healthcheck:',
      '      test: ["CMD", "true"]',
      '      interval: 10s',
      '',
    );
  }
  lines.push('networks:', '  tier0:', '  tier1:', '    internal: true', 'volumes:', '  data:', 'secrets:', '  key:', '    file: ./missing.key', '');
  return lines.join('\n');
}

/** Lines an edit adds inside a service: valid, invalid for the schema, for the runtime, for best practice, and between services. */
const LINES = [
  'imagee: x',
  'ports: ["99999:80"]',
  'ports: ["127.0.0.1:20001:8080"]',
  'environment: { DB_PASSWORD: hunter2 }',
  'environment: [API_TOKEN=${TOKEN:-s3cret}]',
  'restart: sometimes',
  'healthcheck: { test: ["WRONG"] }',
  'privileged: true',
  'volumes: ["/var/run/docker.sock:/var/run/docker.sock", "nope:/x"]',
  'networks: [nowhere]',
  'command: ${UNSET_VAR}',
  'command: ${REQ:?must be set}',
  'command: "$$HOME ${BAD"',
  'cpus: "abc"',
  'mem_limit: 12qq',
  'network_mode: host',
  'container_name: dup',
  'scale: 3',
  'deploy: { replicas: 2, resources: { limits: { cpus: "2" } } }',
  'image: busybox:latest',
  'image: busybox',
  'depends_on: [svc1, ghost]',
  'stop_grace_period: 10x',
  'env_file: ./nope.env',
  'read_only: "maybe"',
  'x-ext: 1',
  'secrets: [key, unknown]',
  'tmpfs: /data',
  'develop: { watch: [{ path: ./src, action: sync }] }',
  'post_start: [{ command: ["true"] }]',
  'gpus: all',
];
/** Characters typed anywhere: half-written keys, quotes, brackets, a colon, indentation. */
const CHARS = ['x', ':', ' ', '"', '[', ']', '{', '-', '#', '\n', '    ', '$', '${', '!reset '];

const LOCAL = new Set([
  'yaml-syntax',
  'duplicate-key',
  'merge-key',
  'schema',
  'interpolation',
  'required-variable',
  'unset-variable',
  ...RULES.filter((r) => r.scope === 'service').map((r) => r.id),
]);

function fullCheck(file: string, text: string): ShownFindings {
  const result = validateProject({ files: [file] }, new OverlayHost(new Map([[file, text]]), disk));
  const findings = result.findings.filter((f) => f.file.path === file);
  return { file: findings[0]?.file ?? new SourceFile(file, text), findings, values: result.project.interpolatedValues };
}

function recheck(shown: ShownFindings, file: string, text: string): ShownFindings | undefined {
  return recheckEditedService(shown, new SourceFile(file, text), { files: [file] }, new OverlayHost(new Map([[file, text]]), disk), defaultConfig());
}

const shownLocal = (findings: Finding[], dir: string) => findings.filter((f) => LOCAL.has(f.ruleId)).map((f) => show(f, dir));

test('recheck: an unknown key typed into one of 60 services shows at once, with the same range and words as the whole check; a port clash it causes waits for the whole check', () => {
  const text = composeText(60);
  const dir = project({ 'compose.yaml': text });
  const file = path.join(dir, 'compose.yaml');
  const before = fullCheck(file, text);
  const edited = text.replace('  svc30:\n', '  svc30:\n    imagee: busybox:1.36\n').replace('"127.0.0.1:20030:8080"', '"127.0.0.1:20031:8080"');
  const quick = recheck(before, file, edited);
  assert.ok(quick, 'the edit is inside one service');
  const quickShown = quick.findings.map((f) => show(f, dir));
  assert.ok(
    quickShown.includes('compose.yaml:513:5-513:11 error schema: Unknown key "imagee" in service "svc30". Did you mean "image"?'),
    quickShown.join('\n'),
  );
  assert.deepEqual(shownLocal(quick.findings, dir), shownLocal(fullCheck(file, edited).findings, dir));
  // The clash with svc31 involves another service: the whole check finds it, the quick answer does not guess.
  const clash = (findings: Finding[]) => findings.filter((f) => f.ruleId === 'port-clash').map((f) => show(f, dir));
  assert.deepEqual(clash(quick.findings), []);
  assert.deepEqual(clash(fullCheck(file, edited).findings), [
    'compose.yaml:537:13-537:35 error port-clash: Host port 127.0.0.1:20031/tcp of service "svc31" is already published by service "svc30" (127.0.0.1:20031/tcp, line 520).',
  ]);
  // Everything below the edit moved by the inserted line: the missing secret file is still on its line.
  assert.ok(
    quickShown.includes('compose.yaml:1031:11-1031:24 error missing-path: The file of secret "key" does not exist: ./missing.key'),
    quickShown.join('\n'),
  );
});

test('recheck: declines what only the whole check can tell — an edit across services, a new or renamed service, anchors among services, extends, include, another section', () => {
  const text = composeText(4);
  const dir = project({ 'compose.yaml': text });
  const file = path.join(dir, 'compose.yaml');
  const before = fullCheck(file, text);
  const declined = (edited: string, why: string) => assert.equal(recheck(before, file, edited), undefined, why);
  declined(text.replace('      interval: 10s\n\n  svc1:', '      interval: 10s\n  svc1:'), 'the edit joins two services');
  declined(text.replace('  svc2:\n', '  svc9:\n    image: busybox:1.36\n  svc2:\n'), 'a new service');
  declined(text.replace('  svc2:\n', '  svc7:\n'), 'a renamed service');
  declined(text.replace('  svc2:\n', '  svc2:\n    x-base: &base { a: 1 }\n'), 'an anchor among the services');
  declined(text.replace('  svc2:\n', '  svc2:\n    extends: svc1\n'), 'extends');
  declined(text.replace('networks:\n  tier0:', 'networks:\n  tier9:'), 'another section');
  declined(text.replace('services:', 'include: [other.yaml]\nservices:').replace('  svc2:\n', '  svc2:\n    init: true\n'), 'include');
  assert.equal(serviceLayout('services: { a: { image: x } }\n'), undefined, 'flow style has no layout');
  assert.equal(serviceLayout('services:\n  a:\n    image: x\n---\nservices: {}\n'), undefined, 'several documents have no layout');
});

test('recheck: 1,200 seeded edits inside services of generated and fixture files — every answer equals the whole check for every service-scoped rule', () => {
  const bases: Record<string, string> = {
    generated: composeText(12),
    crlf: composeText(5).replace(/\n/g, '\r\n'),
    bom: '\ufeff' + composeText(3),
    'no final newline': composeText(3).trimEnd(),
    quoted:
      'services:\n  "web":\n    image: busybox:1.36\n  \'api\':\n    image: busybox:1.36\n    command: |\n      echo a\n\n      echo b\n  db:\n    image: busybox:1.36\n',
  };
  let answered = 0;
  let edits = 0;
  for (const [name, base] of Object.entries(bases)) {
    const dir = project({ 'compose.yaml': base, '.env': 'FROM_ENV=1\n' });
    const file = path.join(dir, 'compose.yaml');
    const next = seeded(name.length * 7919);
    let text = base;
    let shown = fullCheck(file, text);
    for (let i = 0; edits < 240 * (Object.keys(bases).indexOf(name) + 1); i++) {
      const layout = serviceLayout(text);
      if (!layout || layout.blocks.length === 0) {
        text = base;
        shown = fullCheck(file, text);
        continue;
      }
      const block = layout.blocks[Math.floor(next() * layout.blocks.length)];
      const firstLineEnd = text.indexOf('\n', block.start) + 1 || block.end;
      const at = firstLineEnd + Math.floor(next() * Math.max(1, block.end - firstLineEnd));
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const r = next();
      let edited: string;
      if (r < 0.6) edited = text.slice(0, lineStart) + `    ${LINES[Math.floor(next() * LINES.length)]}\n` + text.slice(lineStart);
      else if (r < 0.85) edited = text.slice(0, at) + CHARS[Math.floor(next() * CHARS.length)] + text.slice(at);
      else edited = text.slice(0, at) + text.slice(Math.min(block.end, at + 1 + Math.floor(next() * 8)));
      edits++;
      const quick = recheck(shown, file, edited);
      const whole = fullCheck(file, edited);
      if (quick) {
        answered++;
        assert.deepEqual(
          shownLocal(quick.findings, dir),
          shownLocal(whole.findings, dir),
          `${name}, edit ${i}: the quick answer differs from the whole check on:\n${edited}`,
        );
      }
      text = edited;
      // As in the editor: several keystrokes answered quickly in a row, then a whole check.
      shown = quick && next() < 0.7 ? quick : whole;
      if (next() < 0.15) {
        text = base;
        shown = fullCheck(file, text);
      }
    }
  }
  // Most edits that leave the YAML readable are answered quickly; broken YAML waits for the whole check.
  assert.ok(answered >= 300, `only ${answered} of ${edits} edits were answered by the quick re-check`);
});
