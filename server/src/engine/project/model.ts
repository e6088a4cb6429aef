import * as path from 'node:path';
import type { Finding } from '../diagnostic';
import type { SourceFile } from '../text';
import type { Host } from './host';
import { get, isMap, keyText, listItems, namesOf, text, type MapNode, type Pair, type ScalarNode, type YNode } from '../yaml/nodes';

export type ResourceKind = 'networks' | 'volumes' | 'secrets' | 'configs' | 'models';

export interface ServiceEntry {
  name: string;
  /** The key that names the service, in the file that first defines it. */
  key: ScalarNode;
  node: MapNode;
  /** False when the service's profiles are not active. */
  enabled: boolean;
}

/**
 * A loaded Compose project: the merged tree the runtime would build from its files, with every
 * node still pointing at the file and offsets it came from.
 */
export class Project {
  readonly findings: Finding[] = [];
  /** Variables interpolation read, with the values they gave: never to be printed (see redact.ts). */
  readonly interpolatedValues = new Map<string, string>();
  private serviceList: ServiceEntry[] | undefined;
  private serviceIndex: Map<string, ServiceEntry> | undefined;
  /** networksOf per service: many rules ask it for every reference and every service. */
  private readonly networkLists = new Map<ServiceEntry, { name: string; node: YNode }[]>();

  constructor(
    readonly dir: string,
    readonly name: string,
    /** Files in the order they were read; the first ones are the file set given. */
    readonly files: SourceFile[],
    readonly root: MapNode,
    private readonly baseDirs: ReadonlyMap<SourceFile, string>,
    readonly env: (name: string) => string | undefined,
    readonly activeProfiles: ReadonlySet<string>,
    /** Each file's own tree after interpolation, before merging. */
    readonly fileRoots: ReadonlyMap<SourceFile, YNode>,
    /** Where files are looked up (editor buffers over the disk in the language server). */
    readonly host: Host,
  ) {}

  get services(): ServiceEntry[] {
    if (!this.serviceList) {
      const services = get(this.root, 'services');
      this.serviceList = isMap(services)
        ? services.pairs
            .filter((p) => isMap(p.value))
            .map((p) => ({
              name: keyText(p),
              key: p.key,
              node: p.value as MapNode,
              enabled: this.isEnabled(p.value as MapNode),
            }))
        : [];
    }
    return this.serviceList;
  }

  service(name: string): ServiceEntry | undefined {
    this.serviceIndex ??= new Map(this.services.map((s) => [s.name, s]));
    return this.serviceIndex.get(name);
  }

  private isEnabled(service: MapNode): boolean {
    const profiles = listItems(get(service, 'profiles'))
      .map(text)
      .filter((p): p is string => !!p);
    if (profiles.length === 0) return true;
    return this.activeProfiles.has('*') || profiles.some((p) => this.activeProfiles.has(p));
  }

  /**
   * The networks a service joins, with the node that names each: its `networks`, the implicit
   * `default` network when it names none, or the networks of the service whose network stack it
   * shares (`network_mode: service:x`). Host, none and container modes join no project network.
   */
  networksOf(service: ServiceEntry): { name: string; node: YNode }[] {
    let networks = this.networkLists.get(service);
    if (!networks) this.networkLists.set(service, (networks = this.joinedNetworks(service, new Set())));
    return networks;
  }

  private joinedNetworks(service: ServiceEntry, seen: Set<string>): { name: string; node: YNode }[] {
    const mode = text(get(service.node, 'network_mode'));
    if (mode !== undefined) {
      const shared = /^service:(.*)$/.exec(mode)?.[1];
      const target = shared ? this.service(shared) : undefined;
      if (!target || seen.has(target.name)) return [];
      return this.joinedNetworks(target, seen.add(service.name));
    }
    const networks = get(service.node, 'networks');
    if (!networks) return [{ name: 'default', node: service.key }];
    return namesOf(networks);
  }

  resources(kind: ResourceKind): Pair[] {
    const section = get(this.root, kind);
    return isMap(section) ? section.pairs : [];
  }

  resource(kind: ResourceKind, name: string): Pair | undefined {
    return this.resources(kind).find((p) => keyText(p) === name);
  }

  /** The directory relative paths written in `file` resolve from. */
  baseDir(file: SourceFile): string {
    return this.baseDirs.get(file) ?? this.dir;
  }

  resolvePath(node: YNode, value: string): string {
    const expanded = value.startsWith('~/') ? path.join(this.env('HOME') ?? '~', value.slice(2)) : value;
    return path.resolve(this.baseDir(node.file), expanded);
  }
}
