import type { Contract } from '../contract/model';
import { contractSpec } from '../contract/spec';
import { healthcheckState } from '../project/health';
import type { Project } from '../project/model';
import { composeFile } from '../spec/compose';
import { composeVersionAt } from '../spec/since';
import { docOf, objectOf, specAt, valuesOf, type Spec } from '../spec/types';
import { get, namesOf } from '../yaml/nodes';
import { contextAt, type CursorContext } from './context';

/** What completion offers, independent of the LSP types (the server maps it). */
export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value' | 'reference' | 'snippet';
  detail?: string;
  documentation?: string;
  /** Snippet syntax when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  start: number;
  end: number;
}

export interface CompletionModel {
  /** The project the file belongs to (possibly from the previous check: names change rarely). */
  project?: Project;
  contract?: Contract;
  /** The file is a network contract rather than a compose file. */
  isContract: boolean;
}

const SERVICE_SNIPPET = [
  '${1:name}:',
  '  image: ${2:busybox:1.36}',
  '  restart: unless-stopped',
  '  healthcheck:',
  '    test: ["CMD-SHELL", "${3:wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1}"]',
  '    interval: 10s',
  '    timeout: 3s',
  '    retries: 3',
  '    start_period: 10s',
  '$0',
].join('\n');

function kindWord(spec: Spec | undefined): string {
  if (!spec) return '';
  switch (spec.k) {
    case 'object':
      return 'mapping';
    case 'array':
      return 'list';
    case 'scalar':
      return spec.types.filter((t) => t !== 'null').join(' | ');
    case 'union':
      return [...new Set(spec.alts.map(kindWord))].join(' | ');
    default:
      return '';
  }
}

function keySnippet(name: string, spec: Spec | undefined): string {
  const shape = spec?.k === 'union' ? spec.alts[0] : spec;
  if (shape?.k === 'object') return `${name}:\n  $0`;
  if (shape?.k === 'array') return `${name}:\n  - $0`;
  return `${name}: $0`;
}

/** Names that may be written at a reference site, with the symbol kind they name. */
function referenceNames(ctx: CursorContext, model: CompletionModel): { names: string[]; detail: string } | undefined {
  const p = ctx.path;
  const project = model.project;
  if (!project) return undefined;
  const services = project.services.map((s) => s.name);
  const resources = (kind: 'networks' | 'volumes' | 'secrets' | 'configs') => project.resources(kind).map((r) => String(r.key.value));
  if (model.isContract) {
    const tiers = [...(model.contract?.tiers.keys() ?? [])];
    if (p[0] === 'tiers' && p[2] === 'reach') return { names: tiers.filter((t) => t !== p[1]), detail: 'tier' };
    if (p[0] === 'tiers' && p[2] === 'networks') return { names: resources('networks'), detail: 'network' };
    if (p.length === 1 && p[0] === 'services') {
      if (ctx.kind === 'key') return { names: services, detail: 'service' };
      return { names: tiers, detail: 'tier' };
    }
    if (p[0] === 'exceptions' && ctx.key === 'service') return { names: services, detail: 'service' };
    return undefined;
  }
  if (p[0] !== 'services' || p.length < 2) return undefined;
  const self = p[1];
  const others = services.filter((s) => s !== self);
  const field = p[2];
  const value = ctx.kind === 'value' ? ctx.key : undefined;
  if (p.length === 2 && value === 'extends') return { names: others, detail: 'service' };
  if (p.length === 2 && value === 'network_mode') return { names: ['host', 'none', 'bridge', ...others.map((s) => `service:${s}`)], detail: 'network mode' };
  if (p.length === 3 && field === 'extends' && value === 'service') return { names: others, detail: 'service' };
  if ((field === 'depends_on' || field === 'links') && (p[3] === '[]' || ctx.kind === 'key')) {
    const closing = dependents(project, self);
    return { names: others.filter((s) => !closing.has(s)), detail: 'service' };
  }
  if (field === 'networks' && (p[3] === '[]' || ctx.kind === 'key')) return { names: [...resources('networks'), 'default'], detail: 'network' };
  if (field === 'volumes' && p[3] === '[]' && ctx.kind === 'item') return { names: resources('volumes').map((v) => `${v}:`), detail: 'named volume' };
  if ((field === 'secrets' || field === 'configs') && p[3] === '[]' && (ctx.kind === 'item' || value === 'source')) {
    return { names: resources(field), detail: field.slice(0, -1) };
  }
  return undefined;
}

/** Services that depend on `service`, directly or through others: depending on one of them would close a cycle. */
function dependents(project: Project, service: string): Set<string> {
  const dependentsOf = new Map<string, string[]>();
  for (const s of project.services) {
    for (const d of [...namesOf(get(s.node, 'depends_on')), ...namesOf(get(s.node, 'links'))]) {
      const target = d.name.split(':')[0];
      dependentsOf.set(target, [...(dependentsOf.get(target) ?? []), s.name]);
    }
  }
  const found = new Set<string>();
  const queue = [service];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    for (const d of dependentsOf.get(name) ?? []) {
      if (found.has(d)) continue;
      found.add(d);
      queue.push(d);
    }
  }
  return found;
}

/**
 * A dependency written as a key needs its condition (a bare `db:` is not valid): the snippet
 * offers the conditions, waiting for health first when the service has a healthcheck.
 */
function dependencySnippet(project: Project | undefined, name: string): string {
  const target = project?.service(name);
  const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
  if (target && healthcheckState(target.node) === 'defined') conditions.unshift(...conditions.splice(1, 1));
  return `${name}:\n  condition: \${1|${conditions.join(',')}|}`;
}

export function complete(text: string, offset: number, model: CompletionModel): CompletionEntry[] {
  const ctx = contextAt(text, offset);
  const root = model.isContract ? contractSpec : composeFile;
  const at = { start: ctx.start, end: ctx.end };
  const out: CompletionEntry[] = [];
  const refs = referenceNames(ctx, model);
  const dependencyKey = !model.isContract && ctx.kind === 'key' && ctx.path[2] === 'depends_on';
  for (const name of refs?.names ?? []) {
    if (ctx.siblings.includes(name)) continue;
    const insertText = dependencyKey ? dependencySnippet(model.project, name) : ctx.kind === 'key' ? `${name}:` : name;
    out.push({ label: name, kind: 'reference', detail: refs?.detail, insertText, snippet: dependencyKey, ...at });
  }
  if (ctx.kind === 'key') {
    const spec = objectOf(specAt(root, ctx.path));
    if (spec) {
      for (const [name, child] of Object.entries(spec.props)) {
        if (ctx.siblings.includes(name)) continue;
        const since = composeVersionAt(root, [...ctx.path, name]);
        const detail = since ? `${kindWord(child)} · Compose ${since}+` : kindWord(child);
        out.push({ label: name, kind: 'key', detail, documentation: docOf(child), insertText: keySnippet(name, child), snippet: true, ...at });
      }
    }
    if (!model.isContract && ctx.path.length === 1 && ctx.path[0] === 'services') {
      out.push({
        label: 'service with a healthcheck',
        kind: 'snippet',
        detail: 'snippet',
        documentation: 'A service with an image, a restart policy and a healthcheck.',
        insertText: SERVICE_SNIPPET,
        snippet: true,
        ...at,
      });
    }
  } else {
    const spec = ctx.kind === 'value' && ctx.key ? specAt(root, [...ctx.path, ctx.key]) : specAt(root, ctx.path);
    for (const v of valuesOf(spec)) out.push({ label: v, kind: 'value', detail: kindWord(spec), insertText: v, ...at });
    if (!model.isContract && ctx.key === 'test' && ctx.path[ctx.path.length - 1] === 'healthcheck') {
      for (const form of ['["CMD", "${1:executable}", "${2:arg}"]', '["CMD-SHELL", "${1:command}"]', '["NONE"]']) {
        out.push({ label: form.replace(/\$\{\d+:([^}]*)\}/g, '$1'), kind: 'value', detail: 'healthcheck test', insertText: form, snippet: true, ...at });
      }
    }
  }
  return out;
}
