import { parsePortSpec } from '../project/ports';
import { splitVolumeSpec } from '../project/merge';
import { describePath } from '../spec/validate';
import { get, getPath, listItems, text, type YNode } from '../yaml/nodes';
import type { Rule, RuleContext } from './rule';

const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$|^0$/;
const SIZE = /^-?[0-9]+(\.[0-9]+)?\s*([bkmgtp]i?b?)?$/i;
const CPUS = /^[0-9]*\.?[0-9]+$/;

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
const SIZES = splitAll(['mem_limit', 'memswap_limit', 'mem_reservation', 'shm_size', 'build.shm_size', 'deploy.resources.limits.memory', 'deploy.resources.reservations.memory']);
const CPU_FIELDS = splitAll(['cpus', 'deploy.resources.limits.cpus', 'deploy.resources.reservations.cpus']);

function splitAll(fields: string[]): string[][] {
  return fields.map((f) => f.split('.'));
}

function checkField(ctx: RuleContext, service: string, node: YNode, field: string[], re: RegExp, what: string, example: string): void {
  // Numbers are always fine; an empty value comes from an unset variable, reported elsewhere.
  if (node.kind !== 'scalar' || typeof node.value !== 'string' || node.value === '') return;
  const value = node.value;
  if (!re.test(value)) ctx.report(node, `"${value}" is not ${what} for ${describePath(['services', service, ...field])}: use ${example}.`);
}

function portProblem(value: string): string | undefined {
  const b = parsePortSpec(value);
  if (b.sections > 3) return 'it has too many ":" (write [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])';
  if (!b.container) return 'the container port is missing or not a number';
  const hostWritten = b.sections >= 2 && !/::\d|^:\d/.test(value.replace(/^\[[^\]]*\]/, ''));
  if (hostWritten && !b.host) return 'the host port is not a number or a range';
  for (const r of [b.host, b.container]) if (r && (r.to > 65535 || r.from > r.to || r.from < (r === b.host ? 0 : 1))) return 'ports go from 1 to 65535';
  return undefined;
}

export const rule: Rule = {
  id: 'value-format',
  severity: 'error',
  category: 'runtime',
  doc: 'Values the runtime cannot read: durations, byte sizes, CPU counts, port and volume short syntax, extra_hosts entries.',
  check(ctx) {
    for (const s of ctx.project.services) {
      const at = (field: string[]) => getPath(s.node, ...field);
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
      for (const item of listItems(get(s.node, 'ports'))) {
        const value = item.kind === 'scalar' && typeof item.value === 'string' ? item.value : undefined;
        const problem = value ? portProblem(value) : undefined;
        if (value && problem) ctx.report(item, `Invalid port "${value}" in service "${s.name}": ${problem}.`);
      }
      for (const item of listItems(get(s.node, 'volumes'))) {
        const value = item.kind === 'scalar' && typeof item.value === 'string' ? item.value : undefined;
        if (value && splitVolumeSpec(value).some((part) => part === '')) {
          ctx.report(item, `Invalid volume "${value}" in service "${s.name}": a section between ":" is empty (write SOURCE:TARGET[:MODE]).`);
        }
      }
      const hosts = get(s.node, 'extra_hosts');
      if (hosts?.kind === 'seq') {
        for (const item of hosts.items) {
          const value = text(item);
          if (value !== undefined && !/^[^:=]+[:=].+$/.test(value)) {
            ctx.report(item, `Invalid extra_hosts entry "${value}" in service "${s.name}": write HOST:IP (or HOST=IP).`);
          }
        }
      }
    }
  },
};
