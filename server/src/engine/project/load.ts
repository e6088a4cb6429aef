import * as path from 'node:path';
import type { Finding, Severity } from '../diagnostic';
import { parseEnvFile } from '../env';
import { isShapedLike, markQuotable } from '../quotable';
import { composeFile } from '../spec/compose';
import { validateSchema } from '../spec/validate';
import { SourceFile } from '../text';
import { get, getPair, isMap, keyText, listItems, text, type MapNode, type Pair, type YNode } from '../yaml/nodes';
import { parseYaml } from '../yaml/parse';
import type { Host } from './host';
import { interpolateTree } from './interpolate-tree';
import { applyResetTags, mergeTrees } from './merge';
import { Project, type ResourceKind } from './model';

export interface ProjectInput {
  /** Absolute paths, in `-f` order. */
  files: string[];
  /** Defaults to the directory of the first file. */
  projectDir?: string;
  /** Env files for interpolation; defaults to `<projectDir>/.env`. */
  envFiles?: string[];
  /** Active profiles; defaults to COMPOSE_PROFILES. */
  profiles?: string[];
  projectName?: string;
}

const SECTIONS: ResourceKind[] = ['networks', 'volumes', 'secrets', 'configs', 'models'];

interface LoadedFile {
  source: SourceFile;
  root: YNode | undefined;
}

/** Include chains longer than this are cut (real ones are a few files deep). */
export const MAX_INCLUDE_DEPTH = 32;

/**
 * What one check shares across the loaders of its includes: each included project is loaded
 * once (by real path and environment), however many files include it, so a diamond of includes
 * costs its number of files, not its number of paths.
 */
interface LoadSession {
  includes: Map<string, Project>;
  /** Every variable interpolation read in any file of the check, with its value. */
  interpolatedValues: Map<string, string>;
}

/**
 * Builds the project the runtime would build: each file parsed, interpolated and checked
 * against the specification, then merged in order, `include`s imported and `extends` resolved.
 * Problems are collected, never thrown: one broken file does not hide the others' findings.
 */
export function loadProject(input: ProjectInput, host: Host): Project {
  const session: LoadSession = { includes: new Map(), interpolatedValues: new Map() };
  const project = new ProjectLoader(host, [], session).load(input);
  for (const [name, value] of session.interpolatedValues) project.interpolatedValues.set(name, value);
  return project;
}

class ProjectLoader {
  private readonly findings: Finding[] = [];
  private readonly files: SourceFile[] = [];
  private readonly baseDirs = new Map<SourceFile, string>();
  private readonly fileRoots = new Map<SourceFile, YNode>();
  private readonly cache = new Map<string, LoadedFile>();
  /** Services with their `extends` chain applied, by file and name: each is resolved once. */
  private readonly resolved = new Map<string, MapNode>();
  /** Each services mapping an extends chain looks in, by name: a lookup per link, not a scan (thousands of services may extend). */
  private readonly poolIndex = new Map<MapNode, Map<string, YNode>>();
  private env: (name: string) => string | undefined = () => undefined;

  constructor(
    private readonly host: Host,
    /** Real paths of the files on the include chain, to catch include cycles. */
    private readonly includeStack: string[],
    private readonly session: LoadSession,
  ) {}

  /** The environment as interpolation reads it: each value read is remembered, to be kept out of messages. */
  private readonly recordingEnv = (name: string): string | undefined => {
    const value = this.env(name);
    if (value) this.session.interpolatedValues.set(name, value);
    return value;
  };

  private realPath(file: string): string {
    return this.host.realPath?.(file) ?? file;
  }

  private report(ruleId: string, severity: Severity, message: string, file: SourceFile, start: number, end: number): void {
    this.findings.push({ ruleId, severity, message, file, start, end });
  }

  private at(ruleId: string, node: YNode, message: string): void {
    this.report(ruleId, 'error', message, node.file, node.start, node.end);
  }

  load(input: ProjectInput): Project {
    const dir = input.projectDir ?? path.dirname(input.files[0] ?? '.');
    this.env = this.environment(dir, input.envFiles);
    let root: YNode | undefined;
    for (const file of input.files) {
      const loaded = this.loadFile(file, dir);
      if (!loaded) {
        const large = this.host.tooLarge(file);
        if (large) {
          const size = (large.bytes / 1024 / 1024).toFixed(1);
          const message = `Compose file is larger than ${large.limitMiB} MiB (${size} MiB): not checked. Raise the limit with composeMesh.maxFileSizeMiB, --max-file-size or maxFileSizeMiB in .compose-mesh.yaml.`;
          this.report('file-too-large', 'error', message, new SourceFile(file, ''), 0, 0);
        } else this.report('missing-path', 'error', `Compose file not found: ${file}`, new SourceFile(file, ''), 0, 0);
        continue;
      }
      if (loaded.root) root = root ? mergeTrees(root, loaded.root) : loaded.root;
    }
    const first = this.files[0] ?? new SourceFile(path.join(dir, 'compose.yaml'), '');
    let model: MapNode = isMap(root) ? root : { kind: 'map', pairs: [], file: first, start: 0, end: 0 };
    model = this.applyIncludes(model);
    model = this.applyExtends(model);

    const profiles =
      input.profiles ??
      (this.env('COMPOSE_PROFILES') ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
    // `name: ""` counts as no name (Compose then takes the directory's); one that interpolates to "" does not.
    const named = get(model, 'name');
    const fromFile = named?.kind === 'scalar' && (named.value !== '' || named.interpolated) ? text(named) : undefined;
    const name = input.projectName ?? this.env('COMPOSE_PROJECT_NAME') ?? fromFile ?? path.basename(dir);
    const project = new Project(dir, normalizeProjectName(name), this.files, model, this.baseDirs, this.env, new Set(profiles), this.fileRoots, this.host);
    project.findings.push(...this.findings);
    return project;
  }

  private environment(dir: string, envFiles: string[] | undefined): (name: string) => string | undefined {
    const outer = (n: string) => this.host.env[n];
    const values = new Map<string, string>();
    const candidates = envFiles ?? [path.join(dir, '.env')];
    for (const file of candidates) {
      const content = this.host.readFile(file);
      if (content === undefined) continue;
      for (const e of parseEnvFile(content, (n) => values.get(n) ?? outer(n))) values.set(e.name, e.value);
    }
    return (n) => outer(n) ?? values.get(n);
  }

  /** Reads, parses, interpolates and schema-checks one file; undefined when it cannot be read. */
  private loadFile(file: string, baseDir: string): LoadedFile | undefined {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const content = this.host.readFile(file);
    if (content === undefined) return undefined;
    const parsed = this.host.parse?.(file, content) ?? parseYaml(new SourceFile(file, content));
    const source = parsed.file;
    this.files.push(source);
    this.baseDirs.set(source, baseDir);
    this.findings.push(...parsed.findings);
    let root: YNode | undefined;
    for (const doc of parsed.documents) {
      const interpolated = interpolateTree(doc, this.recordingEnv, (ruleId, severity, message, _node, start, end) =>
        this.report(ruleId, severity, message, source, start, end),
      );
      validateSchema(interpolated, (f) =>
        f.ignored
          ? this.report('ignored-key', 'warning', f.message, f.file, f.start, f.end)
          : this.report('schema', 'error', f.message, f.file, f.start, f.end),
      );
      const clean = applyResetTags(interpolated);
      root = root ? mergeTrees(root, clean) : clean;
    }
    markQuotable(source, root, composeFile);
    if (root) this.fileRoots.set(source, root);
    const loaded = { source, root };
    this.cache.set(file, loaded);
    return loaded;
  }

  private applyIncludes(model: MapNode): MapNode {
    const includes = listItems(get(model, 'include'));
    if (includes.length === 0) return model;
    let out = model;
    for (const entry of includes) {
      const spec = this.includeSpec(entry);
      if (!spec) continue;
      const [firstPath] = spec.files;
      const shown = (files: string[]) => files.map((f) => relativeOrAbsolute(path.dirname(spec.node.file.path), f)).join(', ');
      const chain = [...this.includeStack, ...this.files.slice(0, 1).map((f) => this.realPath(f.path))];
      const missing = spec.files.filter((f) => !this.host.exists(f));
      if (missing.length) {
        this.at('include', spec.node, `Included file not found: ${shown(missing)}.`);
        continue;
      }
      // Directories, devices and FIFOs exist but are never opened (a FIFO would block the check).
      const unreadable = spec.files.filter((f) => this.host.readFile(f) === undefined);
      if (unreadable.length) {
        const large = unreadable.map((f) => this.host.tooLarge(f)).find((l) => l);
        this.at(
          'include',
          spec.node,
          large
            ? `Included file is larger than ${large.limitMiB} MiB: ${shown(unreadable)}.`
            : `Included path is not a regular file (a directory, a device or a FIFO): ${shown(unreadable)}.`,
        );
        continue;
      }
      const real = spec.files.map((f) => this.realPath(f));
      const cycleAt = real.find((f) => chain.includes(f));
      if (cycleAt) {
        const names = [...chain.slice(chain.indexOf(cycleAt)), cycleAt].map((f) => path.basename(f));
        this.at('include', spec.node, `Include cycle: ${names.join(' -> ')}.`);
        continue;
      }
      if (chain.length >= MAX_INCLUDE_DEPTH) {
        this.report(
          'input-limit',
          'warning',
          `Includes nested deeper than ${MAX_INCLUDE_DEPTH} files: this include is not loaded.`,
          spec.node.file,
          spec.node.start,
          spec.node.end,
        );
        continue;
      }
      const projectDir = spec.projectDir ?? path.dirname(firstPath);
      const key = JSON.stringify([real, this.realPath(projectDir), spec.envFiles?.map((f) => this.realPath(f))]);
      const known = this.session.includes.get(key);
      const sub = known ?? new ProjectLoader(this.host, chain, this.session).load({ files: spec.files, projectDir, envFiles: spec.envFiles });
      this.session.includes.set(key, sub);
      // A file that is no compose file (an environment dump, a key) is reported here, and
      // nothing from inside it is shown.
      const foreign = sub.files.filter((f) => real.includes(this.realPath(f.path)) && !isShapedLike(sub.fileRoots.get(f), composeFile));
      if (foreign.length) {
        this.at(
          'include',
          spec.node,
          `Included file is not a Compose file (its top level is not a mapping of Compose sections): ${shown(foreign.map((f) => f.path))}.`,
        );
        continue;
      }
      if (!known) this.findings.push(...sub.findings);
      for (const f of sub.files) {
        if (!this.baseDirs.has(f)) {
          this.files.push(f);
          this.baseDirs.set(f, sub.baseDir(f));
        }
        const root = sub.fileRoots.get(f);
        if (root) this.fileRoots.set(f, root);
      }
      out = this.importResources(out, sub.root, spec.node, path.basename(firstPath));
    }
    return out;
  }

  private includeSpec(entry: YNode): { node: YNode; files: string[]; projectDir?: string; envFiles?: string[] } | undefined {
    const base = this.baseDirs.get(entry.file) ?? path.dirname(entry.file.path);
    const resolve = (n: YNode) => {
      const value = text(n);
      return value === undefined ? undefined : path.resolve(base, value);
    };
    if (entry.kind === 'scalar') {
      const file = resolve(entry);
      return file ? { node: entry, files: [file] } : undefined;
    }
    if (entry.kind !== 'map') return undefined;
    const pathNode = get(entry, 'path');
    const files = listItems(pathNode)
      .map(resolve)
      .filter((f): f is string => !!f);
    if (files.length === 0) return undefined;
    const projectDirNode = get(entry, 'project_directory');
    const projectDir = projectDirNode ? resolve(projectDirNode) : undefined;
    const envFiles = get(entry, 'env_file')
      ? listItems(get(entry, 'env_file'))
          .map(resolve)
          .filter((f): f is string => !!f)
      : undefined;
    return { node: pathNode ?? entry, files, projectDir, envFiles };
  }

  /** Adds an included project's services and resources; a name defined on both sides is an error. */
  private importResources(model: MapNode, imported: MapNode, at: YNode, fileName: string): MapNode {
    let out = model;
    for (const section of ['services', ...SECTIONS]) {
      const theirs = get(imported, section);
      if (!isMap(theirs) || theirs.pairs.length === 0) continue;
      const ours = getPair(out, section);
      const existing = isMap(ours?.value) ? ours.value : undefined;
      const added: Pair[] = [];
      for (const pair of theirs.pairs) {
        const clash = existing?.pairs.find((p) => keyText(p) === keyText(pair));
        // The same definition reached through two includes (a diamond) is no conflict.
        if (clash?.key === pair.key) continue;
        if (clash) {
          const word = section === 'services' ? 'service' : section.slice(0, -1);
          this.at(
            'include',
            at,
            `The ${word} "${keyText(pair)}" from ${fileName} conflicts with the ${word} defined on line ${clash.key.file.positionAt(clash.key.start).line + 1} of ${path.basename(clash.key.file.path)}.`,
          );
          continue;
        }
        added.push(pair);
      }
      if (added.length === 0) continue;
      const merged: MapNode = existing ? { ...existing, pairs: [...existing.pairs, ...added] } : { ...theirs, pairs: added };
      out = ours
        ? { ...out, pairs: out.pairs.map((p) => (p === ours ? { key: p.key, value: merged } : p)) }
        : { ...out, pairs: [...out.pairs, { key: { ...theirs.pairs[0].key, value: section }, value: merged }] };
    }
    return out;
  }

  private applyExtends(model: MapNode): MapNode {
    const services = get(model, 'services');
    if (!isMap(services) || !services.pairs.some((p) => get(p.value, 'extends'))) return model;
    const resolved: MapNode = {
      ...services,
      pairs: services.pairs.map((p) => (isMap(p.value) ? { key: p.key, value: this.resolveService(p.value, services, keyText(p)) } : p)),
    };
    return { ...model, pairs: model.pairs.map((p) => (p.value === services ? { key: p.key, value: resolved } : p)) };
  }

  /**
   * The service with its `extends` chain applied; errors are reported where `extends` is
   * written, and the service keeps its `extends` key so rules know it is incomplete. The chain
   * is followed in a loop (it may be thousands of services long) and each link is resolved once.
   */
  private resolveService(service: MapNode, services: MapNode, name: string): MapNode {
    const pending: { id: string; name: string; own: MapNode; targetNode: YNode }[] = [];
    let current = { service, pool: services, name, id: `${service.file.path}#${name}` };
    let result: MapNode;
    for (;;) {
      const id = current.id;
      const known = this.resolved.get(id);
      if (known) {
        result = known;
        break;
      }
      const step = this.extendsStep(current.service, current.pool);
      if ('done' in step) {
        result = step.done;
        this.resolved.set(id, result);
        break;
      }
      const chain = [...pending.map((p) => p.id), id];
      const cycleStart = chain.indexOf(step.id);
      if (cycleStart >= 0) {
        this.reportExtendsCycle([...pending.slice(cycleStart), { id, targetNode: step.targetNode }]);
        result = current.service;
        this.resolved.set(id, result);
        break;
      }
      pending.push({ id, name: current.name, own: step.own, targetNode: step.targetNode });
      current = { service: step.base, pool: step.pool, name: step.target, id: step.id };
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      result = mergeTrees(result, pending[i].own, ['services', pending[i].name]) as MapNode;
      this.resolved.set(pending[i].id, result);
    }
    return result;
  }

  /** Every edge of an extends cycle, each with the cycle read from the service it names. */
  private reportExtendsCycle(cycle: { id: string; targetNode: YNode }[]): void {
    const names = cycle.map((c) => c.id.slice(c.id.lastIndexOf('#') + 1));
    cycle.forEach((c, i) => {
      const from = (i + 1) % cycle.length;
      const order = [...names.slice(from), ...names.slice(0, from), names[from]];
      this.at('extends', c.targetNode, `extends cycle: ${order.join(' -> ')}.`);
    });
  }

  /** One link of an extends chain: the service it names, or the service as final (no or broken extends). */
  private extendsStep(
    service: MapNode,
    pool: MapNode,
  ): { done: MapNode } | { id: string; own: MapNode; targetNode: YNode; base: MapNode; pool: MapNode; target: string } {
    const ext = get(service, 'extends');
    if (!ext) return { done: service };
    const own: MapNode = { ...service, pairs: service.pairs.filter((p) => keyText(p) !== 'extends') };
    const targetNode = ext.kind === 'map' ? get(ext, 'service') : ext;
    const fileNode = ext.kind === 'map' ? get(ext, 'file') : undefined;
    const target = text(targetNode);
    if (!target || !targetNode) return { done: own };
    let where = path.basename(service.file.path);
    let fileKey = service.file.path;
    if (fileNode && text(fileNode)) {
      const file = path.resolve(path.dirname(ext.file.path), text(fileNode) as string);
      const loaded = this.loadFile(file, path.dirname(file));
      if (!loaded) {
        this.at('extends', fileNode, `extends: file not found: ${text(fileNode)}`);
        return { done: service };
      }
      const theirs = get(loaded.root, 'services');
      pool = isMap(theirs) ? theirs : { kind: 'map', pairs: [], file: loaded.source, start: 0, end: 0 };
      where = path.basename(file);
      fileKey = file;
    }
    const base = this.serviceIn(pool, target);
    if (!isMap(base)) {
      this.at('extends', targetNode, `extends: there is no service "${target}" in ${where}.`);
      return { done: service };
    }
    return { id: `${fileKey}#${target}`, own, targetNode, base, pool, target };
  }

  /** What `get(pool, name)` gives (the last pair of that name wins), from an index built once per pool. */
  private serviceIn(pool: MapNode, name: string): YNode | undefined {
    let index = this.poolIndex.get(pool);
    if (!index) {
      index = new Map();
      for (const p of pool.pairs) if (typeof p.key.value === 'string') index.set(p.key.value, p.value);
      this.poolIndex.set(pool, index);
    }
    return index.get(name);
  }
}

/** A path as the user reads it best: relative when below `dir`, else absolute. */
function relativeOrAbsolute(dir: string, file: string): string {
  const rel = path.relative(dir, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** As Compose does: lower case, only a-z, 0-9, "_" and "-", and no "_" or "-" in front. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}
