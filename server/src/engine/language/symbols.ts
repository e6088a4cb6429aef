import type { Contract } from '../contract/model';
import { isPattern } from '../contract/model';
import { splitVolumeSpec } from '../project/merge';
import { isHostPath } from '../project/mounts';
import type { Project } from '../project/model';
import { serviceReferences } from '../project/references';
import type { SourceFile } from '../text';
import { get, isMap, listItems, namesOf, text, type ScalarNode, type YNode } from '../yaml/nodes';

/**
 * Every place a service, network, volume, secret, config or contract tier is defined or named,
 * across the project's files and its contract, with the exact range of the name itself. This is
 * what go to definition, find references, highlights and rename work from.
 */
export type SymbolKind = 'service' | 'network' | 'volume' | 'secret' | 'config' | 'tier';

export interface Occurrence {
  kind: SymbolKind;
  name: string;
  file: SourceFile;
  start: number;
  end: number;
  role: 'definition' | 'reference';
}

const SECTIONS: [string, SymbolKind][] = [
  ['services', 'service'],
  ['networks', 'network'],
  ['volumes', 'volume'],
  ['secrets', 'secret'],
  ['configs', 'config'],
];

export function collectSymbols(project: Project, contract?: Contract): Occurrence[] {
  const out: Occurrence[] = [];
  const whole = (kind: SymbolKind, node: ScalarNode, role: Occurrence['role']) => {
    const name = text(node);
    // An interpolated value names nothing the user wrote (and would show the value in hovers).
    if (name && !node.interpolated)
      out.push({ kind, name, file: node.file, start: node.start + (node.quoted ? 1 : 0), end: node.end - (node.quoted ? 1 : 0), role });
  };
  /** A name written inside a longer scalar (`db:ro`, `service:vpn`, `postgres://db:5432`). */
  const inside = (kind: SymbolKind, node: YNode, name: string, after = '') => {
    const raw = node.file.text.slice(node.start, node.end);
    const at = raw.indexOf(after + name);
    if (at >= 0)
      out.push({ kind, name, file: node.file, start: node.start + at + after.length, end: node.start + at + after.length + name.length, role: 'reference' });
  };

  for (const root of project.fileRoots.values()) {
    for (const [section, kind] of SECTIONS) {
      const defs = get(root, section);
      if (isMap(defs)) for (const p of defs.pairs) whole(kind, p.key, 'definition');
    }
    const services = get(root, 'services');
    if (!isMap(services)) continue;
    for (const { value: s } of services.pairs) {
      for (const d of namesOf(get(s, 'depends_on'))) whole('service', d.node, 'reference');
      for (const l of listItems(get(s, 'links'))) {
        const name = text(l)?.split(':')[0];
        if (name) inside('service', l, name);
      }
      const ext = get(s, 'extends');
      if (ext?.kind === 'scalar') whole('service', ext, 'reference');
      else if (ext && !get(ext, 'file') && get(ext, 'service')?.kind === 'scalar') whole('service', get(ext, 'service') as ScalarNode, 'reference');
      for (const field of ['network_mode', 'ipc', 'pid']) {
        const node = get(s, field);
        const m = /^service:(.+)$/.exec(text(node) ?? '');
        if (node && m) inside('service', node, m[1], 'service:');
      }
      for (const v of listItems(get(s, 'volumes_from'))) {
        const name = splitVolumeSpec(text(v) ?? '')[0];
        if (name && !name.startsWith('container')) inside('service', v, name);
      }
      for (const n of namesOf(get(s, 'networks'))) if (n.name !== 'default') whole('network', n.node, 'reference');
      for (const v of listItems(get(s, 'volumes'))) {
        if (v.kind === 'map') {
          const source = get(v, 'source');
          if (source?.kind === 'scalar' && (text(get(v, 'type')) ?? 'volume') === 'volume') whole('volume', source, 'reference');
        } else {
          const parts = splitVolumeSpec(text(v) ?? '');
          if (parts.length > 1 && parts[0] && !isHostPath(parts[0])) inside('volume', v, parts[0]);
        }
      }
      for (const [field, kind] of [
        ['secrets', 'secret'],
        ['configs', 'config'],
      ] as const) {
        for (const item of listItems(get(s, field))) {
          const source = item.kind === 'map' ? get(item, 'source') : item;
          if (source?.kind === 'scalar') whole(kind, source, 'reference');
        }
      }
    }
  }
  // Host names inside URLs and host:port values name services too (renaming one renames them).
  for (const ref of serviceReferences(project)) {
    if (ref.kind === 'environment' || ref.kind === 'command' || ref.kind === 'healthcheck') inside('service', ref.node, ref.to.name, '://');
  }
  if (contract) contractSymbols(contract, whole);
  return dedupe(out);
}

function contractSymbols(contract: Contract, whole: (kind: SymbolKind, node: ScalarNode, role: Occurrence['role']) => void): void {
  for (const tier of contract.tiers.values()) {
    whole('tier', tier.key, 'definition');
    for (const r of tier.reach) whole('tier', r.node, 'reference');
    for (const n of tier.networks) whole('network', n.node, 'reference');
  }
  for (const a of contract.assignments) {
    if (!isPattern(a.pattern)) whole('service', a.key, 'reference');
    if (a.value.kind === 'scalar') whole('tier', a.value, 'reference');
  }
  for (const e of listItems(get(contract.root, 'exceptions'))) {
    const s = get(e, 'service');
    if (s?.kind === 'scalar' && !isPattern(String(s.value))) whole('service', s, 'reference');
  }
}

function dedupe(list: Occurrence[]): Occurrence[] {
  const seen = new Set<string>();
  return list.filter((o) => {
    const k = `${o.file.path}:${o.start}:${o.end}:${o.kind}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The occurrence under an offset of a file, if any. */
export function occurrenceAt(symbols: Occurrence[], file: string, offset: number): Occurrence | undefined {
  return symbols.find((o) => o.file.path === file && o.start <= offset && offset <= o.end);
}

export function sameSymbol(a: Occurrence, b: Occurrence): boolean {
  return a.kind === b.kind && a.name === b.name;
}
