/** Network contracts: every static check on broken variants of the tiered example. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, yaml } from './helpers';

const example = path.resolve(__dirname, '..', '..', 'examples', 'tiered');
const compose = fs.readFileSync(path.join(example, 'compose.yaml'), 'utf8');
const contract = fs.readFileSync(path.join(example, 'network-contract.yaml'), 'utf8');

/** Findings of the contract rules (and unreachable-reference) on a variant of the example. */
function variant(edit: (compose: string) => string, editContract: (c: string) => string = (c) => c, ids = /contract-|unreachable-reference/): string[] {
  return check({
    'compose.yaml': edit(compose),
    'network-contract.yaml': editContract(contract),
    'secrets/jwt_secret.txt': 'x\n',
  }).filter((f) => ids.test(f));
}

const lineOf = (text: string, needle: string) => {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `fixture text not found: ${needle}`);
  return text.slice(0, at).split('\n').length;
};

test('contract: the tiered example passes every check', () => {
  assert.deepEqual(
    variant((c) => c),
    [],
  );
  assert.deepEqual(
    check({ 'compose.yaml': compose, 'network-contract.yaml': contract, 'secrets/jwt_secret.txt': 'x\n' }).filter((f) => / (error|warning) /.test(f)),
    [],
  );
});

test('contract-membership: the bot joins the data network', () => {
  const edited = compose.replace(
    '    networks: [api]\n    depends_on:\n      api: { condition: service_healthy }\n    healthcheck:\n      <<: *http-health\n      test: ["CMD", "test"',
    '    networks: [api, data]\n    depends_on:\n      api: { condition: service_healthy }\n    healthcheck:\n      <<: *http-health\n      test: ["CMD", "test"',
  );
  const line = lineOf(edited, 'networks: [api, data]');
  assert.deepEqual(
    variant(() => edited),
    [
      `compose.yaml:${line}:21-${line}:25 error contract-membership: Service "bot" (tier integration) joins network "data" of tier data, but neither tier may reach the other (contract: tiers.integration.reach is api).`,
    ],
  );
});

test('contract-forbidden-path and unreachable-reference: the bot names the database', () => {
  const withUrl = compose.replace(
    '      API_URL: http://api:8001\n    networks: [api]\n    depends_on:\n      api: { condition: service_healthy }\n    healthcheck:\n      <<: *http-health\n      test: ["CMD", "test"',
    '      API_URL: http://api:8001\n      DB: postgres://bot:pw@db:5432/app\n    networks: [api]\n    depends_on:\n      api: { condition: service_healthy }\n    healthcheck:\n      <<: *http-health\n      test: ["CMD", "test"',
  );
  const line = lineOf(withUrl, 'DB: postgres://bot');
  // No shared network: the name will not resolve.
  const unreachable = variant(() => withUrl);
  assert.deepEqual(unreachable, [
    `compose.yaml:${line}:11-${line}:40 warning unreachable-reference: Service "bot" refers to "postgres://db:5432" of service "db", but they share no network: "db" will not resolve.`,
  ]);
  assert.ok(!unreachable.join('').includes(':pw@'), 'credentials are never shown');
  // A shared network of a tier both may reach: the name resolves, but the contract forbids the path.
  const shared = variant(
    () => withUrl.replace('    networks: [data]\n    healthcheck:', '    networks: [data, api]\n    healthcheck:'),
    (c) => c,
  );
  assert.ok(
    shared.includes(
      `compose.yaml:${line}:11-${line}:40 error contract-forbidden-path: Service "bot" (tier integration) reaches "db" (tier data) through "postgres://db:5432" over network "api", but tier integration may not reach tier data (contract: tiers.integration.reach).`,
    ),
    shared.join('\n'),
  );
});

test('contract-internal: a tier network that must be internal is not', () => {
  const edited = compose.replace('  data:\n    internal: true\n', '  data:\n    driver: bridge\n');
  const line = lineOf(edited, '  data:\n    driver: bridge');
  assert.deepEqual(
    variant(() => edited),
    [
      `compose.yaml:${line}:3-${line}:7 error contract-internal: Network "data" is in tier data, which must be internal: set "internal: true" (contract: tiers.data.internal).`,
    ],
  );
});

test('contract-publish: the database publishes a port; the proxy binds all interfaces', () => {
  const edited = compose
    .replace('      - db-data:/var/lib/data\n', '      - db-data:/var/lib/data\n    ports: ["127.0.0.1:5432:5432"]\n')
    .replace('      - "127.0.0.1:${PROXY_PORT:-8080}:8080"', '      - "8080:8080"');
  assert.deepEqual(
    variant(() => edited),
    [
      `compose.yaml:${lineOf(edited, '"8080:8080"')}:9-${lineOf(edited, '"8080:8080"')}:20 error contract-publish: Service "proxy" publishes "8080:8080" on all interfaces, but tier edge may publish only 127.0.0.1 (contract: tiers.edge.publish).`,
      `compose.yaml:${lineOf(edited, '127.0.0.1:5432')}:13-${lineOf(edited, '127.0.0.1:5432')}:34 error contract-publish: Service "db" publishes "127.0.0.1:5432:5432", but tier data may not publish ports (contract: tiers.data.publish).`,
    ],
  );
});

test('contract-network-mode: host networking bypasses the tiers', () => {
  const edited = compose
    .replace('    command: ["httpd", "-f", "-p", "8003", "-h", "/www"]\n', '    command: ["httpd", "-f", "-p", "8003", "-h", "/www"]\n    network_mode: host\n')
    .replace(
      '    networks: [api]\n    depends_on:\n      api: { condition: service_healthy }\n    healthcheck:\n      <<: *http-health\n      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8003/"]',
      '    depends_on:\n      api: { condition: service_healthy }\n    healthcheck:\n      <<: *http-health\n      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8003/"]',
    );
  const line = lineOf(edited, 'network_mode: host');
  const url = lineOf(edited, 'API_URL: http://api:8001');
  assert.deepEqual(
    variant(() => edited),
    [
      `compose.yaml:${line}:19-${line}:23 error contract-network-mode: Service "integration" uses network_mode "host", which bypasses the network tiers of the contract.`,
      // On the host's network stack, service names do not resolve either.
      `compose.yaml:${url}:16-${url}:31 warning unreachable-reference: Service "integration" refers to "http://api:8001" of service "api", but they share no network: "api" will not resolve.`,
    ],
  );
});

test('contract-unassigned and contract-unused-tier', () => {
  const edited = compose
    .replace('  toolbox:\n', '  metrics:\n    image: busybox:1.36\n    networks: [monitoring]\n\n  toolbox:\n')
    .replace('volumes:\n  db-data:', 'volumes:\n  db-data:')
    .replace('networks:\n  edge:\n', 'networks:\n  monitoring:\n  edge:\n');
  const result = variant(
    () => edited,
    (c) => c.replace('  db: data\n', '  db: data\n  ghost: data\n'),
  );
  assert.deepEqual(result, [
    `compose.yaml:${lineOf(edited, '  metrics:')}:3-${lineOf(edited, '  metrics:')}:10 warning contract-unassigned: Service "metrics" is in no tier of the network contract: add it under "services" in the contract, or label it com.compose-mesh.tier.`,
    `compose.yaml:${lineOf(edited, '  monitoring:')}:3-${lineOf(edited, '  monitoring:')}:13 warning contract-unassigned: Network "monitoring" is in no tier of the network contract: add it to the "networks" of a tier.`,
    `network-contract.yaml:${lineOf(contract, '  db: data') + 1}:3-${lineOf(contract, '  db: data') + 1}:8 error contract-reference: The contract places service "ghost", which the compose project does not define.`,
  ]);
});

test('contract-reference and contract-schema: unknown tiers and networks, a misspelt key', () => {
  const result = variant(
    (c) => c,
    (c) =>
      c
        .replace('    reach: [data]\n  data:', '    reach: [data, storage]\n  data:')
        .replace('    networks: [data]\n    internal: true', '    networks: [data, db-net]\n    internal: true')
        .replace('  bot: integration', '  bot: integrations')
        .replace('    publish: [127.0.0.1]', '    publsh: [127.0.0.1]'),
  );
  const port = lineOf(compose, '"127.0.0.1:${PROXY_PORT:-8080}:8080"');
  const bot = lineOf(compose, '  bot:');
  assert.deepEqual(result, [
    // Without its "publish" key the edge tier may not publish; the bot's tier does not exist.
    `compose.yaml:${port}:9-${port}:45 error contract-publish: Service "proxy" publishes "127.0.0.1:\${PROXY_PORT:-8080}:8080", but tier edge may not publish ports (contract: tiers.edge.publish).`,
    `compose.yaml:${bot}:3-${bot}:6 warning contract-unassigned: Service "bot" is in no tier of the network contract: add it under "services" in the contract, or label it com.compose-mesh.tier.`,
    'network-contract.yaml:9:5-9:11 error contract-schema: Unknown key "publsh" in tier "edge". Did you mean "publish"?',
    'network-contract.yaml:23:19-23:26 error contract-reference: Unknown tier "storage" in the reach of tier "auth".',
    'network-contract.yaml:26:22-26:28 error contract-reference: Tier "data" names network "db-net", which the compose project does not define.',
    'network-contract.yaml:33:8-33:20 error contract-reference: Unknown tier "integrations" for service "bot".',
  ]);
});

test('contract-bridge: a shared cache joined by two tiers that may not reach each other', () => {
  const result = check({
    'compose.yaml': yaml`
      services:
        web: { image: busybox:1.36, networks: [edge] }
        db: { image: busybox:1.36, networks: [data] }
        cache: { image: busybox:1.36, networks: [edge, data] }
      networks:
        edge:
        data: { internal: true }
    `,
    'network-contract.yaml': yaml`
      tiers:
        edge: { networks: [edge], reach: [cache] }
        data: { networks: [data], internal: true, reach: [cache] }
        cache: {}
      services: { web: edge, db: data, cache: cache }
    `,
  }).filter((f) => /contract-/.test(f));
  assert.deepEqual(result, [
    'compose.yaml:4:50-4:54 error contract-bridge: Service "cache" bridges tiers edge and data, which may not reach each other (contract: tiers.edge.reach, tiers.data.reach).',
  ]);
});

test('contract: a label places a service; an x-network-contract block works; exceptions waive rules', () => {
  const result = check({
    'compose.yaml': yaml`
      x-network-contract:
        tiers:
          app: { networks: [app] }
          data: { networks: [data], internal: true }
        exceptions:
          - service: debug-*
            profiles: [debug]
            reason: debugging tools may go anywhere
      services:
        web:
          image: busybox:1.36
          labels: { com.compose-mesh.tier: app }
          networks: [app, data]
        debug-shell:
          image: busybox:1.36
          profiles: [debug]
          networks: [app, data]
      networks:
        app:
        data: { internal: true }
    `,
  }).filter((f) => /contract-/.test(f));
  assert.deepEqual(result, [
    'compose.yaml:4:5-4:9 warning contract-unused-tier: No service belongs to tier "data".',
    'compose.yaml:13:21-13:25 error contract-membership: Service "web" (tier app) joins network "data" of tier data, but neither tier may reach the other (contract: tiers.app.reach is none).',
  ]);
});

test('contract-alias-collision: one name in two tiers', () => {
  const result = check({
    'compose.yaml': yaml`
      services:
        api:
          image: busybox:1.36
          networks: { front: { aliases: [backend] } }
        store:
          image: busybox:1.36
          networks: { data: { aliases: [backend] } }
      networks:
        front:
        data: { internal: true }
    `,
    'network-contract.yaml':
      'tiers:\n  front: { networks: [front], reach: [data] }\n  data: { networks: [data], internal: true }\nservices: { api: front, store: data }\n',
  }).filter((f) => /contract-/.test(f));
  assert.deepEqual(result, [
    'compose.yaml:7:35-7:42 error contract-alias-collision: The name "backend" resolves to service "api" in tier front and to "store" in tier data: a service on both tiers cannot tell them apart.',
  ]);
});

test('contract-forbidden-path: flows come from environment host:port, command and healthcheck URLs, links and external_links; depends_on is none', () => {
  const compose = yaml`
    services:
      web:
        image: busybox:1.36
        networks: [shared]
        environment:
          CACHE: db:6379
        command: ["sh", "-c", "wget -q -O- http://db:80/ && exec sleep 600"]
        healthcheck:
          test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://db:80/"]
        links: [db]
        external_links: ["db:database"]
      worker:
        image: busybox:1.36
        networks: [shared]
        depends_on: [db]
      db:
        image: busybox:1.36
        networks: [shared]
    networks:
      shared:
  `;
  const result = check({
    'compose.yaml': compose,
    // The data tier may reach the app tier (so they may share a network), but not the other way.
    'network-contract.yaml': 'tiers:\n  app: { networks: [shared] }\n  data: { reach: [app] }\nservices: { web: app, worker: app, db: data }\n',
  }).filter((f) => /contract-|unreachable-reference/.test(f));
  /** Where `needle` stands on the line that holds `line` (quotes included when the needle has them). */
  const span = (line: string, needle: string) => {
    const n = lineOf(compose, line);
    const col = compose.split('\n')[n - 1].indexOf(needle) + 1;
    return `compose.yaml:${n}:${col}-${n}:${col + needle.length}`;
  };
  const path = (through: string) =>
    `error contract-forbidden-path: Service "web" (tier app) reaches "db" (tier data) through ${through} over network "shared", but tier app may not reach tier data (contract: tiers.app.reach).`;
  assert.deepEqual(result, [
    `${span('CACHE:', 'db:6379')} ${path('"db:6379"')}`,
    `${span('command:', '"wget -q -O- http://db:80/ && exec sleep 600"')} ${path('"http://db:80"')}`,
    `${span('test: ["CMD"', '"http://db:80/"')} ${path('"http://db:80"')}`,
    `${span('links: [db]', 'db')} ${path('links')}`,
    `${span('external_links:', '"db:database"')} ${path('external_links')}`,
  ]);
});

test('contract-publish: ports, ranges and protocols per tier; an entry that cannot be read', () => {
  const compose = yaml`
    services:
      proxy:
        image: busybox:1.36
        networks: [edge]
        ports:
          - "80:80"
          - "127.0.0.1:443:443"
          - "8000-8010:8000-8010"
          - "8085-8095:8085-8095"
          - "53:53/udp"
          - "8090:8090/udp"
          - "9000"
    networks:
      edge:
  `;
  const contract = 'tiers:\n  edge:\n    networks: [edge]\n    publish: [80, 443, 8000-8090, 53/udp, "banana"]\nservices: { proxy: edge }\n';
  const result = check({ 'compose.yaml': compose, 'network-contract.yaml': contract }).filter((f) => / contract-/.test(f));
  const at = (needle: string) => {
    const line = lineOf(compose, needle);
    return `compose.yaml:${line}:9-${line}:${9 + needle.length}`;
  };
  const only = 'but tier edge may publish only 80, 443, 8000-8090, 53/udp, banana (contract: tiers.edge.publish).';
  assert.deepEqual(result, [
    // 80, 443 on 127.0.0.1, a range inside 8000-8090 and 53/udp pass; a range that sticks out, a protocol not listed and an ephemeral host port do not.
    `${at('"8085-8095:8085-8095"')} error contract-publish: Service "proxy" publishes "8085-8095:8085-8095" on all interfaces, ${only}`,
    `${at('"8090:8090/udp"')} error contract-publish: Service "proxy" publishes "8090:8090/udp" on all interfaces, ${only}`,
    `${at('"9000"')} error contract-publish: Service "proxy" publishes "9000" on all interfaces, ${only}`,
    'network-contract.yaml:4:43-4:51 error contract-publish: The publish entry "banana" of tier edge cannot be read: write a host IP (127.0.0.1), a port or range with an optional protocol (443, 8000-8090, 53/udp), or both (127.0.0.1:8090).',
  ]);
});
