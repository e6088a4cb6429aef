import * as path from 'node:path';
import type { Topology, TopologyReference } from '../../../../common/topology';
import type { Finding } from '../diagnostic';
import type { Project } from '../project/model';
import { connections } from '../project/references';
import { redactValues } from '../redact';
import { get, namesOf, writtenText, type YNode } from '../yaml/nodes';
import type { Contract } from './model';

export type { Topology } from '../../../../common/topology';

const CONTRACT_RULE = /^(contract-|live-)/;
const MEMBERSHIP_RULES = new Set(['contract-membership', 'contract-bridge', 'live-network']);
const REFERENCE_STATE: Record<string, TopologyReference['state']> = { 'contract-forbidden-path': 'forbidden', 'unreachable-reference': 'unreachable' };
const WORST: TopologyReference['state'][] = ['allowed', 'unreachable', 'forbidden'];

/**
 * The picture of a contract: tiers with their networks and services, the flows the contract
 * allows, the connections the services really make, and every contract violation with its line.
 * Names are shown as written (`${NET}`), never as what they interpolate to.
 */
export function buildTopology(project: Project, contract: Contract, findings: Finding[]): Topology {
  const shown = (node: YNode, name: string) => writtenText(node) ?? name;
  const where = (node: YNode) => ({ file: path.relative(project.dir, node.file.path) || node.file.path, line: node.file.positionAt(node.start).line + 1 });
  const violations = findings
    .filter((f) => CONTRACT_RULE.test(f.ruleId) && (f.severity === 'error' || f.severity === 'warning'))
    .map((f) => ({
      rule: f.ruleId,
      message: f.message,
      file: path.relative(project.dir, f.file.path) || f.file.path,
      line: f.file.positionAt(f.start).line + 1,
      service: /Service "([^"]+)"/.exec(f.message)?.[1],
    }));
  const services = project.services.map((s) => ({
    name: s.name,
    tier: contract.placement(s)?.tier.name,
    profiles: namesOf(get(s.node, 'profiles')).map((p) => p.name),
    enabled: s.enabled,
    ...where(s.key),
  }));
  const tiers = [...contract.tiers.values()].map((t) => ({
    name: t.name,
    internal: t.internal,
    publish: typeof t.publish === 'boolean' ? t.publish : t.publish.map((e) => e.written),
    networks: t.networks.map((n) => shown(n.node, n.name)),
    services: services.filter((s) => s.tier === t.name).map((s) => s.name),
  }));
  const networks: Topology['networks'] = project
    .resources('networks')
    .map((n) => ({ name: String(n.key.value), tier: contract.tierOfNetwork(String(n.key.value))?.name, ...where(n.key) }));
  for (const s of project.services) {
    for (const n of project.networksOf(s))
      if (!networks.some((x) => x.name === shown(n.node, n.name))) networks.push({ name: shown(n.node, n.name), tier: contract.tierOfNetwork(n.name)?.name });
  }
  const flows = [...contract.tiers.values()].flatMap((t) =>
    t.reach.filter((r) => contract.tiers.has(r.name) && r.name !== t.name).map((r) => ({ from: t.name, to: r.name })),
  );
  const flagged = (rule: string, service: string, network: string) =>
    violations.some((v) => v.service === service && v.rule === rule && v.message.includes(`"${network}"`));
  const attachments = project.services.flatMap((s) =>
    project.networksOf(s).map((n) => ({
      service: s.name,
      network: shown(n.node, n.name),
      violation: [...MEMBERSHIP_RULES].some((r) => flagged(r, s.name, shown(n.node, n.name))),
    })),
  );
  const topology = {
    project: project.name,
    tiers,
    networks,
    services,
    flows,
    attachments,
    references: references(project, findings, where),
    unassigned: services.filter((s) => !s.tier).map((s) => s.name),
    violations,
  };
  return redactStrings(topology, project.interpolatedValues);
}

/** The last guard: any value a variable gave that still reaches the picture is shown as its `${NAME}`. */
function redactStrings<T>(value: T, variables: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return redactValues(value, variables) as T;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, variables)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, variables)])) as T;
  return value;
}

/** One reference per pair of services: the worst state among what the first names the second by. */
function references(project: Project, findings: Finding[], where: (node: YNode) => { file: string; line: number }): TopologyReference[] {
  const stateAt = new Map<string, TopologyReference['state']>();
  for (const f of findings) {
    const state = REFERENCE_STATE[f.ruleId];
    if (state) stateAt.set(`${f.file.path}:${f.start}`, state);
  }
  const byPair = new Map<string, TopologyReference>();
  for (const ref of connections(project)) {
    const state = stateAt.get(`${ref.node.file.path}:${ref.node.start}`) ?? 'allowed';
    const key = `${ref.from.name}\n${ref.to.name}`;
    const known = byPair.get(key);
    if (known && WORST.indexOf(known.state) >= WORST.indexOf(state)) continue;
    byPair.set(key, {
      from: ref.from.name,
      to: ref.to.name,
      written: ref.kind === 'links' || ref.kind === 'external_links' ? ref.kind : ref.written,
      state,
      ...where(ref.node),
    });
  }
  return [...byPair.values()];
}
