import type { Contract } from '../contract/model';
import { contractSpec } from '../contract/spec';
import type { Project } from '../project/model';
import { composeFile } from '../spec/compose';
import { composeVersionAt } from '../spec/since';
import { docOf, specAt, type Spec } from '../spec/types';
import { get, listItems, namesOf, truthy, writtenText } from '../yaml/nodes';
import { contextAt } from './context';
import { occurrenceAt, type Occurrence } from './symbols';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
  /** When the hover is about a service: its name (the server adds its live state). */
  service?: string;
}

export interface HoverModel {
  project?: Project;
  contract?: Contract;
  isContract: boolean;
  /** Symbols of the project, when its tree matches the text being hovered. */
  symbols?: Occurrence[];
  file: string;
}

/**
 * What a hover shows: for a name, what it refers to (a network's driver, `internal` flag and
 * tier; a volume's driver; a service's image, networks and tier); for a key, its documentation.
 * Values of environment variables, secrets and config contents are never shown.
 */
export function hover(text: string, offset: number, model: HoverModel): HoverResult | undefined {
  const occurrence = model.symbols ? occurrenceAt(model.symbols, model.file, offset) : undefined;
  if (occurrence && model.project) {
    const markdown = describe(occurrence, model.project, model.contract);
    // Live state is asked only for services the project defines.
    const service = occurrence.kind === 'service' && model.project.service(occurrence.name) ? { service: occurrence.name } : {};
    if (markdown) return { markdown, start: occurrence.start, end: occurrence.end, ...service };
  }
  return keyHover(text, offset, model.isContract ? contractSpec : composeFile);
}

function keyHover(text: string, offset: number, root: Spec): HoverResult | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd);
  const m = /^(\s*(?:- +)?)(["']?)([^\s:#"'][^:#"']*?)\2\s*:(\s|$)/.exec(line);
  if (!m) return undefined;
  const start = lineStart + m[1].length + m[2].length;
  const end = start + m[3].length;
  if (offset < start || offset > end) return undefined;
  const ctx = contextAt(text, start);
  const path = [...ctx.path, m[3]];
  const doc = docOf(specAt(root, path));
  if (!doc) return undefined;
  const since = composeVersionAt(root, path);
  // A user on an older Compose learns why `up` rejects what the specification allows.
  const needs = since ? `  \nNeeds Compose ${since} or newer: an older \`docker compose\` rejects the file.` : '';
  return { markdown: `**${m[3]}** — ${doc}${needs}`, start, end };
}

function describe(o: Occurrence, project: Project, contract?: Contract): string | undefined {
  const lines: string[] = [];
  switch (o.kind) {
    case 'service': {
      const s = project.service(o.name);
      if (!s) return `Service **${o.name}** is not defined in the project.`;
      lines.push(`**service ${o.name}**`);
      const image = writtenText(get(s.node, 'image'));
      const build = get(s.node, 'build');
      if (image) lines.push(`image: \`${image}\``);
      if (build) lines.push(`built from \`${writtenText(build) ?? writtenText(get(build, 'context')) ?? '.'}\``);
      const nets = project.networksOf(s).map((n) => {
        const tier = contract?.tierOfNetwork(n.name);
        return tier ? `${n.name} (tier ${tier.name})` : n.name;
      });
      if (nets.length) lines.push(`networks: ${nets.join(', ')}`);
      const tier = contract?.placement(s)?.tier;
      if (tier) lines.push(`tier: **${tier.name}**`);
      const ports = listItems(get(s.node, 'ports')).map(
        (p) => writtenText(p) ?? `${writtenText(get(p, 'published')) ?? ''}:${writtenText(get(p, 'target')) ?? ''}`,
      );
      if (ports.length) lines.push(`ports: ${ports.join(', ')}`);
      lines.push(get(s.node, 'healthcheck') ? 'healthcheck: yes' : 'healthcheck: none (unmonitored)');
      const profiles = namesOf(get(s.node, 'profiles')).map((p) => p.name);
      if (profiles.length) lines.push(`profiles: ${profiles.join(', ')}${s.enabled ? '' : ' (not active)'}`);
      break;
    }
    case 'network': {
      const def = project.resource('networks', o.name);
      lines.push(`**network ${o.name}**`);
      if (!def) {
        if (o.name !== 'default') return `Network **${o.name}** is not defined in the project.`;
        lines.push('the implicit default network');
      } else {
        lines.push(`driver: ${writtenText(get(def.value, 'driver')) ?? 'bridge (default)'}`);
        lines.push(`internal: ${truthy(get(def.value, 'internal')) ? 'yes' : 'no'}`);
        if (get(def.value, 'external')) lines.push('external: yes (not created by Compose)');
      }
      const tier = contract?.tierOfNetwork(o.name);
      if (tier) lines.push(`tier: **${tier.name}**${tier.internal ? ' (must be internal)' : ''}`);
      const users = project.services.filter((s) => project.networksOf(s).some((n) => n.name === o.name)).map((s) => s.name);
      if (users.length) lines.push(`services: ${users.join(', ')}`);
      break;
    }
    case 'volume': {
      const def = project.resource('volumes', o.name);
      if (!def) return `Volume **${o.name}** is not defined in the project.`;
      lines.push(`**volume ${o.name}**`, `driver: ${writtenText(get(def.value, 'driver')) ?? 'local (default)'}`);
      if (get(def.value, 'external')) lines.push('external: yes (not created by Compose)');
      break;
    }
    case 'secret':
    case 'config': {
      const def = project.resource(o.kind === 'secret' ? 'secrets' : 'configs', o.name);
      if (!def) return `${o.kind === 'secret' ? 'Secret' : 'Config'} **${o.name}** is not defined in the project.`;
      lines.push(`**${o.kind} ${o.name}**`);
      const file = writtenText(get(def.value, 'file'));
      const env = writtenText(get(def.value, 'environment'));
      if (file) lines.push(`from file \`${file}\``);
      else if (env) lines.push(`from the environment variable \`${env}\``);
      else if (get(def.value, 'content')) lines.push('inline content (not shown)');
      else if (get(def.value, 'external')) lines.push('external');
      break;
    }
    case 'tier': {
      const tier = contract?.tiers.get(o.name);
      if (!tier) return `Tier **${o.name}** is not defined in the contract.`;
      lines.push(`**tier ${o.name}**`);
      if (tier.networks.length) lines.push(`networks: ${tier.networks.map((n) => n.name).join(', ')}`);
      lines.push(`internal: ${tier.internal ? 'required' : 'no'}`);
      lines.push(`publish: ${tier.publish === true ? 'any host IP' : tier.publish === false ? 'no' : tier.publish.join(', ')}`);
      lines.push(`may reach: ${tier.reach.map((r) => r.name).join(', ') || 'nothing else'}`);
      const members = project.services.filter((s) => contract?.placement(s)?.tier === tier).map((s) => s.name);
      if (members.length) lines.push(`services: ${members.join(', ')}`);
      break;
    }
  }
  return lines.join('  \n');
}
