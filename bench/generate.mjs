// Generates realistic compose projects of a given size for the benchmarks.
const DEFAULTS = ['restart: unless-stopped', 'logging:', '  driver: json-file', '  options: { max-size: 10m }'];

/**
 * `anchors: false` writes the shared defaults into every service instead of merging them from
 * an anchor (the same project; some peers refuse files with many aliases).
 */
export function composeFile(services, { anchors = true } = {}) {
  const out = [...(anchors ? ['x-defaults: &defaults', ...DEFAULTS.map((l) => `  ${l}`)] : []), 'services:'];
  for (let i = 0; i < services; i++) {
    const dep = i > 0 ? `svc${i - 1}` : undefined;
    out.push(
      `  svc${i}:`,
      ...(anchors ? ['    <<: *defaults'] : DEFAULTS.map((l) => `    ${l}`)),
      `    image: registry.example.com/team/svc${i}:1.${i % 10}.0`,
      '    environment:',
      `      SERVICE_NAME: svc${i}`,
      `      UPSTREAM_URL: http://svc${Math.max(0, i - 4)}:8080`,
      '      LOG_LEVEL: ${LOG_LEVEL:-info}',
      '    ports:',
      `      - "127.0.0.1:${20000 + i}:8080"`,
      `    networks: [tier${i % 4}]`,
      '    volumes:',
      `      - data${i % 10}:/var/lib/svc`,
      ...(dep
        ? ['    depends_on:', `      ${dep}:`, '        condition: service_healthy']
        : ['    init: true', '    read_only: true', '    stop_grace_period: 30s']),
      '    healthcheck:',
      '      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]',
      '      interval: 10s',
      '      timeout: 3s',
      '      retries: 3',
      '    deploy:',
      '      resources:',
      '        limits: { cpus: "0.5", memory: 256m }',
      '    labels:',
      `      com.example.owner: team${i % 7}`,
    );
  }
  out.push('networks:');
  for (let t = 0; t < 4; t++) out.push(`  tier${t}:`, ...(t === 3 ? ['    internal: true'] : []));
  out.push('volumes:');
  for (let v = 0; v < 10; v++) out.push(`  data${v}:`);
  return out.join('\n') + '\n';
}

/** A network contract for composeFile(services): four tiers, every service placed by name. */
export function contractFile(services) {
  const out = ['tiers:'];
  for (let t = 0; t < 4; t++) {
    out.push(`  t${t}:`, `    networks: [tier${t}]`, `    reach: [${Array.from({ length: t }, (_, k) => `t${k}`).join(', ')}]`);
    out.push('    publish: [127.0.0.1]', ...(t === 3 ? ['    internal: true'] : []));
  }
  out.push('services:');
  for (let i = 0; i < services; i++) out.push(`  svc${i}: t${i % 4}`);
  return out.join('\n') + '\n';
}
