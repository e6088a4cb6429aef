import type { ServiceEntry } from '../project/model';
import { get, getPair, isMap, keyText, listItems, namesOf, text, truthy, type Pair, type ScalarNode, type YNode } from '../yaml/nodes';
import { keyedEntries } from '../project/merge';
import { parsePublish, type PublishPolicy } from './publish';

/** The label that places a service in a tier from the compose file itself. */
export const TIER_LABEL = 'com.compose-mesh.tier';

export interface Tier {
  name: string;
  key: ScalarNode;
  node: YNode;
  networks: { name: string; node: ScalarNode }[];
  internal: boolean;
  publish: PublishPolicy;
  reach: { name: string; node: ScalarNode }[];
  /** On a swarm: the tier's networks must be encrypted overlays. */
  encrypted: boolean;
  /** On a swarm: false when standalone containers may not attach to the tier's networks. */
  attachable: boolean;
}

export interface Exception {
  node: YNode;
  service: string;
  profiles: string[];
  allow: string[] | 'all';
  reason: string;
}

/** Where a service's tier comes from: the contract's services map, or the service's label. */
export interface Placement {
  tier: Tier;
  /** The node that assigns it (a contract entry or the compose label). */
  node: YNode;
  /** What the service may publish: its own `publish` in the contract, else its tier's. */
  publish: PublishPolicy;
  /** Where that policy is written, for messages: `services.proxy.publish` or `tiers.edge.publish`. */
  publishPath: string;
}

/** One `services:` entry: `name: tier`, or `name: { tier: t, publish: […] }`. */
export interface Assignment {
  pattern: string;
  key: ScalarNode;
  tierName: string;
  /** The node naming the tier. */
  value: YNode;
  publish?: PublishPolicy;
}

/** A parsed network contract, with the lookups the contract rules need. */
export class Contract {
  readonly tiers = new Map<string, Tier>();
  private readonly networkTiers = new Map<string, Tier>();
  /** `services:` entries of the contract, in file order. */
  readonly assignments: Assignment[] = [];
  readonly exceptions: Exception[] = [];
  private readonly exact = new Map<string, Assignment>();
  private readonly placements = new Map<ServiceEntry, Placement | undefined>();

  constructor(
    /** The root of the contract (a file's root, or the `x-network-contract` block). */
    readonly root: YNode,
  ) {
    const tiers = get(root, 'tiers');
    if (isMap(tiers)) for (const p of tiers.pairs) this.addTier(p);
    const services = get(root, 'services');
    if (isMap(services)) {
      for (const p of services.pairs) {
        const value = isMap(p.value) ? get(p.value, 'tier') : p.value;
        const tierName = text(value);
        const publish = getPair(p.value, 'publish');
        if (value && tierName) this.assignments.push({ pattern: keyText(p), key: p.key, tierName, value, publish: publish && parsePublish(publish.value) });
      }
    }
    for (const a of this.assignments) if (!isPattern(a.pattern) && !this.exact.has(a.pattern)) this.exact.set(a.pattern, a);
    for (const e of listItems(get(root, 'exceptions'))) {
      const service = text(get(e, 'service'));
      if (!service) continue;
      const allow = get(e, 'allow');
      this.exceptions.push({
        node: e,
        service,
        profiles: namesOf(get(e, 'profiles')).map((n) => n.name),
        allow: allow ? namesOf(allow).map((n) => n.name) : 'all',
        reason: text(get(e, 'reason')) ?? '',
      });
    }
  }

  private addTier(p: Pair): void {
    const node = p.value;
    const publish = get(node, 'publish');
    const tier: Tier = {
      name: keyText(p),
      key: p.key,
      node,
      networks: namesOf(get(node, 'networks')),
      internal: truthy(get(node, 'internal')),
      publish: parsePublish(publish),
      reach: namesOf(get(node, 'reach')),
      encrypted: truthy(get(node, 'encrypted')),
      attachable: get(node, 'attachable') === undefined || truthy(get(node, 'attachable')),
    };
    this.tiers.set(tier.name, tier);
    for (const n of tier.networks) if (!this.networkTiers.has(n.name)) this.networkTiers.set(n.name, tier);
  }

  tierOfNetwork(network: string): Tier | undefined {
    return this.networkTiers.get(network);
  }

  /** The tier of a service: an exact contract entry, its label, then the first matching pattern. */
  placement(service: ServiceEntry): Placement | undefined {
    if (!this.placements.has(service)) this.placements.set(service, this.place(service));
    return this.placements.get(service);
  }

  private place(service: ServiceEntry): Placement | undefined {
    const exact = this.exact.get(service.name);
    const labels = get(service.node, 'labels');
    const label = labels ? keyedEntries(labels, 'byKeyValue').find((e) => keyText(e) === TIER_LABEL) : undefined;
    const chosen: Pick<Assignment, 'tierName' | 'value' | 'publish' | 'pattern'> | undefined =
      exact ??
      (label
        ? { pattern: service.name, tierName: text(label.value) ?? '', value: label.value }
        : this.assignments.find((a) => isPattern(a.pattern) && globMatch(a.pattern, service.name)));
    const tier = chosen ? this.tiers.get(chosen.tierName) : undefined;
    if (!tier || !chosen) return undefined;
    return chosen.publish !== undefined
      ? { tier, node: chosen.value, publish: chosen.publish, publishPath: `services.${chosen.pattern}.publish` }
      : { tier, node: chosen.value, publish: tier.publish, publishPath: `tiers.${tier.name}.publish` };
  }

  /** Whether services of tier `from` may reach services of tier `to`. */
  mayReach(from: Tier, to: Tier): boolean {
    return from === to || from.reach.some((r) => r.name === to.name);
  }

  /** Whether a contract rule is waived for a service by an exception. */
  excepted(service: ServiceEntry, ruleId: string): boolean {
    const profiles = namesOf(get(service.node, 'profiles')).map((n) => n.name);
    return this.exceptions.some(
      (e) =>
        globMatch(e.service, service.name) &&
        (e.allow === 'all' || e.allow.includes(ruleId)) &&
        (e.profiles.length === 0 || (profiles.length > 0 && profiles.every((p) => e.profiles.includes(p)))),
    );
  }
}

export function isPattern(name: string): boolean {
  return /[*?[]/.test(name);
}

/** Shell-style glob: `*`, `?` and `[…]`. */
export function globMatch(pattern: string, name: string): boolean {
  if (!isPattern(pattern)) return pattern === name;
  const re = pattern
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(name);
}
