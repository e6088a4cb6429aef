import { describePath } from '../spec/validate';
import { written, type ScalarNode, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

/**
 * Fields the schema lets be text (so `${VAR}` can fill them) but the runtime then converts to
 * a number or to true/false: after interpolation the text must read as one, or Compose stops
 * with "failed to cast to expected type" (or "invalid boolean" while decoding).
 */
type Cast = 'whole number' | 'whole number from 0' | 'number' | 'boolean';

const WHOLE = /^[+-]?[0-9]+$/;
const NUMBER = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
/** The words Compose reads as true or false (YAML 1.1's, any case). */
const BOOLEAN = /^(y|yes|true|on|n|no|false|off)$/i;
const READS: Record<Cast, RegExp> = { 'whole number': WHOLE, 'whole number from 0': WHOLE, number: NUMBER, boolean: BOOLEAN };

const SERVICE_FIELDS: Record<Cast, string[]> = {
  'whole number': [
    'cpu_count',
    'cpu_period',
    'cpu_quota',
    'cpu_rt_period',
    'cpu_rt_runtime',
    'cpu_shares',
    'oom_score_adj',
    'pids_limit',
    'scale',
    'ulimits.*',
    'ulimits.*.soft',
    'ulimits.*.hard',
    'deploy.replicas',
  ],
  // Decoded into unsigned integers: a negative value, written or interpolated, "overflows uint".
  'whole number from 0': [
    'configs.[].mode',
    'secrets.[].mode',
    'healthcheck.retries',
    'ports.[].target',
    'blkio_config.weight',
    'blkio_config.weight_device.[].weight',
    'deploy.update_config.parallelism',
    'deploy.rollback_config.parallelism',
    'deploy.restart_policy.max_attempts',
    'deploy.placement.max_replicas_per_node',
  ],
  number: ['cpu_percent', 'deploy.update_config.max_failure_ratio', 'deploy.rollback_config.max_failure_ratio'],
  boolean: [
    'init',
    'privileged',
    'read_only',
    'stdin_open',
    'tty',
    'oom_kill_disable',
    'attach',
    'healthcheck.disable',
    'volumes.[].read_only',
    'volumes.[].volume.nocopy',
    'build.no_cache',
    'build.pull',
    'build.privileged',
    'depends_on.*.restart',
    'env_file.[].required',
    'post_start.[].privileged',
    'pre_stop.[].privileged',
  ],
};

const RESOURCE_FIELDS: Record<string, string[]> = {
  networks: ['external', 'internal', 'attachable', 'enable_ipv4', 'enable_ipv6'],
  volumes: ['external'],
  secrets: ['external'],
  configs: ['external'],
};

/** Visits the nodes at a field path (`*` any key of a mapping, `[]` any item of a list) with their path. */
function visit(
  node: YNode | undefined,
  steps: readonly string[],
  at: number,
  path: (string | number)[],
  found: (node: YNode, path: (string | number)[]) => void,
): void {
  if (!node) return;
  if (at === steps.length) {
    found(node, path);
    return;
  }
  const step = steps[at];
  if (step === '[]') {
    if (node.kind === 'seq') node.items.forEach((item, i) => visit(item, steps, at + 1, [...path, i], found));
  } else if (node.kind === 'map') {
    for (const pair of node.pairs) {
      if (step === '*' || pair.key.value === step) visit(pair.value, steps, at + 1, [...path, String(pair.key.value)], found);
    }
  }
}

/** The service fields by their first key, so each service is walked only where it has one. */
const FIELDS = new Map<string, { cast: Cast; steps: string[] }[]>();
for (const [cast, fields] of Object.entries(SERVICE_FIELDS)) {
  for (const f of fields) {
    const steps = f.split('.');
    FIELDS.set(steps[0], [...(FIELDS.get(steps[0]) ?? []), { cast: cast as Cast, steps }]);
  }
}

function check(report: (node: YNode, message: string) => void, node: YNode, path: (string | number)[], cast: Cast): void {
  if (node.kind !== 'scalar') return;
  const scalar = node as ScalarNode;
  const after = scalar.interpolated ? (node.value === '' ? ' (it interpolates to an empty string)' : ' after interpolation') : '';
  const negative = typeof node.value === 'number' ? node.value < 0 : typeof node.value === 'string' && WHOLE.test(node.value) && Number(node.value) < 0;
  if (cast === 'whole number from 0' && negative) {
    report(node, `"${written(scalar)}" is negative for ${describePath(path)}${after}: Compose reads a whole number from 0 there and fails to convert it.`);
    return;
  }
  // Other numbers and booleans written as such are the schema's concern; only text is converted.
  if (typeof node.value !== 'string' || READS[cast].test(node.value)) return;
  const wanted = cast === 'boolean' ? 'true or false' : `a ${cast}`;
  report(node, `"${written(scalar)}" is not ${wanted} for ${describePath(path)}${after}: Compose fails to convert it.`);
}

export const rule: Rule = {
  id: 'value-type',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: 'Text where the runtime needs a number or true/false (retries: abc, read_only: "$X-"): Compose fails to convert it after interpolation.',
  check({ project, report }) {
    for (const s of project.services) {
      for (const pair of s.node.pairs) {
        for (const { cast, steps } of FIELDS.get(String(pair.key.value)) ?? []) {
          visit(pair.value, steps, 1, ['services', s.name, steps[0]], (node, path) => check(report, node, path, cast));
        }
      }
    }
    for (const [kind, fields] of Object.entries(RESOURCE_FIELDS)) {
      for (const pair of project.resources(kind as 'networks')) {
        for (const field of fields) visit(pair.value, [field], 0, [kind, String(pair.key.value)], (node, path) => check(report, node, path, 'boolean'));
      }
    }
  },
};
