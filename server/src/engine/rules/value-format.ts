import { isIP } from 'node:net';
import { parsePortSpec } from '../project/ports';
import { splitVolumeSpec } from '../project/merge';
import { describePath } from '../spec/validate';
import { get, listItems, written, type ScalarNode, type YNode } from '../yaml/nodes';
import type { Rule, RuleContext } from './rule';

const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$|^0$/;
const SIZE = /^-?[0-9]+(\.[0-9]+)?\s*([bkmgtp]i?b?)?$/i;
/** What Go's ParseFloat reads (1.5, .5, 1e1), as the runtime converts CPU counts. */
const CPUS = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
/** The schema's pull_policy pattern matches anywhere in the text; the runtime reads only these whole words. */
const PULL_POLICY = /^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$/;

const DURATIONS = splitAll([
  'healthcheck.interval',
  'healthcheck.timeout',
  'healthcheck.start_period',
  'healthcheck.start_interval',
  'stop_grace_period',
  'deploy.update_config.delay',
  'deploy.update_config.monitor',
  'deploy.rollback_config.delay',
  'deploy.rollback_config.monitor',
  'deploy.restart_policy.delay',
  'deploy.restart_policy.window',
]);
const SIZES = splitAll([
  'mem_limit',
  'memswap_limit',
  'mem_reservation',
  'mem_swappiness',
  'shm_size',
  'build.shm_size',
  'deploy.resources.limits.memory',
  'deploy.resources.reservations.memory',
]);
const CPU_FIELDS = splitAll(['cpus', 'deploy.resources.limits.cpus', 'deploy.resources.reservations.cpus']);

function splitAll(fields: string[]): string[][] {
  return fields.map((f) => f.split('.'));
}

/** What a message adds when the text is empty: written so, or interpolated to it. */
function emptyNote(node: ScalarNode): string {
  return node.value === '' ? (node.interpolated ? ' (it interpolates to an empty string)' : ' (it is empty)') : '';
}

function checkField(ctx: RuleContext, service: string, node: YNode, field: string[], re: RegExp, what: string, example: string): void {
  // Numbers are always fine; text (empty text too: the runtime fails on it) must read as the unit.
  if (node.kind !== 'scalar' || typeof node.value !== 'string' || re.test(node.value)) return;
  ctx.report(node, `"${written(node)}" is not ${what} for ${describePath(['services', service, ...field])}${emptyNote(node)}: use ${example}.`);
}

/** What Go's net.ParseIP reads, as Compose 2.40 checks a port's host address: no zone, no brackets. */
function isHostIp(value: string): boolean {
  return isIP(value) !== 0 && !value.includes('%');
}

function portProblem(value: string): string | undefined {
  const b = parsePortSpec(value);
  if (b.sections > 3) return 'it has too many ":" (write [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])';
  if (b.hostIp !== '' && !isHostIp(b.hostIp)) return `"${b.hostIp}" is not an IP address (write one such as 127.0.0.1, or leave it out)`;
  if (!b.container) return 'the container port is missing or not a number';
  const hostWritten = b.sections >= 2 && !/::\d|^:\d/.test(value.replace(/^\[[^\]]*\]/, ''));
  if (hostWritten && !b.host) return 'the host port is not a number or a range';
  for (const r of [b.host, b.container]) if (r && (r.to > 65535 || r.from > r.to || r.from < (r === b.host ? 0 : 1))) return 'ports go from 1 to 65535';
  return undefined;
}

/** Non-empty string items of a list (empty ones are the empty-value rule's). */
function stringItems(node: YNode | undefined): (ScalarNode & { value: string })[] {
  return listItems(node).filter((i): i is ScalarNode & { value: string } => i.kind === 'scalar' && typeof i.value === 'string' && i.value !== '');
}

export const rule: Rule = {
  id: 'value-format',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: 'Values the runtime cannot read: durations, byte sizes, CPU counts, pull policies, port and volume short syntax, extra_hosts entries.',
  check(ctx) {
    for (const s of ctx.project.services) {
      // The field tables are walked key by key: a spread into getPath would copy each path.
      const at = (field: string[]) => {
        let n: YNode | undefined = s.node;
        for (let i = 0; i < field.length && n; i++) n = get(n, field[i]);
        return n;
      };
      for (const f of DURATIONS) {
        const n = at(f);
        if (n) checkField(ctx, s.name, n, f, DURATION, 'a duration', 'a number with a unit, such as 30s, 1m30s or 500ms');
      }
      for (const f of SIZES) {
        const n = at(f);
        if (n) checkField(ctx, s.name, n, f, SIZE, 'a byte size', 'a number with an optional unit (b, k, m, g), such as 512m');
      }
      for (const f of CPU_FIELDS) {
        const n = at(f);
        if (n) checkField(ctx, s.name, n, f, CPUS, 'a number of CPUs', 'a number such as 0.5 or 2');
      }
      const pull = get(s.node, 'pull_policy');
      if (pull)
        checkField(
          ctx,
          s.name,
          pull,
          ['pull_policy'],
          PULL_POLICY,
          'a pull policy',
          'always, never, missing, build, if_not_present, daily, weekly or every_<duration>',
        );
      for (const field of ['ports', 'expose']) {
        for (const item of listItems(get(s.node, field))) {
          if (item.kind === 'scalar' && typeof item.value === 'number' && !Number.isInteger(item.value)) {
            ctx.report(item, `Port ${item.value} in "${field}" of service "${s.name}" is not a whole number: Compose reads ports as integers.`);
          }
        }
      }
      for (const item of listItems(get(s.node, 'ports'))) {
        // A port written as a number: 0 is the empty-value rule's, the rest must be a real port.
        if (item.kind === 'scalar' && typeof item.value === 'number' && Number.isInteger(item.value) && (item.value < 0 || item.value > 65535)) {
          ctx.report(item, `Invalid port "${written(item)}" in service "${s.name}": ports go from 1 to 65535.`);
        }
        // Long syntax: Compose 2.40 rejects any host_ip that is not an address, the empty one too.
        const ip = get(item, 'host_ip');
        if (ip?.kind === 'scalar' && typeof ip.value === 'string' && !isHostIp(ip.value)) {
          ctx.report(
            ip,
            `"${written(ip)}" is not an IP address for host_ip in service "${s.name}"${emptyNote(ip)}: write one such as 127.0.0.1 or ::1, or leave host_ip out to bind every interface.`,
          );
        }
      }
      for (const item of stringItems(get(s.node, 'ports'))) {
        const problem = portProblem(item.value);
        if (problem) ctx.report(item, `Invalid port "${written(item)}" in service "${s.name}": ${problem}.`);
      }
      for (const item of stringItems(get(s.node, 'volumes'))) {
        if (splitVolumeSpec(item.value).some((part) => part === '')) {
          ctx.report(item, `Invalid volume "${written(item)}" in service "${s.name}": a section between ":" is empty (write SOURCE:TARGET[:MODE]).`);
        }
      }
      const hosts = get(s.node, 'extra_hosts');
      if (hosts?.kind === 'seq') {
        for (const item of hosts.items) {
          if (item.kind !== 'scalar' || item.value === null) continue;
          if (!/^[^:=]+[:=].+$/.test(String(item.value))) {
            ctx.report(item, `Invalid extra_hosts entry "${written(item)}" in service "${s.name}": write HOST:IP (or HOST=IP).`);
          }
        }
      }
    }
  },
};
