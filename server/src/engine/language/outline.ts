import * as path from 'node:path';
import type { Project } from '../project/model';
import type { SourceFile } from '../text';
import { get, isMap, keyText, listItems, text, writtenText, type MapNode, type YNode } from '../yaml/nodes';

/** An outline entry (LSP document symbol, by offsets). */
export interface OutlineEntry {
  name: string;
  detail?: string;
  kind: 'section' | 'service' | 'network' | 'volume' | 'secret' | 'config' | 'model' | 'extension' | 'key';
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: OutlineEntry[];
}

const KINDS: Record<string, OutlineEntry['kind']> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};

/** The outline of one file: its top-level sections and what each defines. */
export function outline(root: YNode | undefined): OutlineEntry[] {
  if (!isMap(root)) return [];
  return root.pairs.map((p) => {
    const name = keyText(p);
    const childKind = KINDS[name];
    const children =
      childKind && isMap(p.value)
        ? p.value.pairs.map((c) => ({
            name: keyText(c),
            detail: childKind === 'service' ? (writtenText(get(c.value, 'image')) ?? (get(c.value, 'build') ? 'build' : undefined)) : undefined,
            kind: childKind,
            start: c.key.start,
            end: Math.max(c.value.end, c.key.end),
            selectionStart: c.key.start,
            selectionEnd: c.key.end,
            children: [],
          }))
        : [];
    return {
      name,
      kind: childKind ? 'section' : name.startsWith('x-') ? 'extension' : 'key',
      start: p.key.start,
      end: Math.max(p.value.end, p.key.end),
      selectionStart: p.key.start,
      selectionEnd: p.key.end,
      children,
    };
  });
}

/** Folding ranges: every mapping or list that spans several lines, folded from its key's line. */
export function foldingRanges(root: YNode | undefined, file: SourceFile): { startLine: number; endLine: number }[] {
  const out: { startLine: number; endLine: number }[] = [];
  const seen = new Set<YNode>();
  const walk = (node: YNode, from: number) => {
    if (node.kind === 'scalar' || seen.has(node) || node.file !== file) return;
    seen.add(node);
    const startLine = file.positionAt(from).line;
    const endLine = file.positionAt(Math.max(node.start, node.end - 1)).line;
    if (endLine > startLine) out.push({ startLine, endLine });
    if (node.kind === 'seq') for (const item of node.items) walk(item, item.start);
    else for (const p of (node as MapNode).pairs) walk(p.value, p.key.start);
  };
  if (root && root.kind !== 'scalar') {
    if (root.kind === 'map') for (const p of root.pairs) walk(p.value, p.key.start);
    else walk(root, root.start);
  }
  return out;
}

export interface LinkEntry {
  start: number;
  end: number;
  target: string;
  tooltip: string;
}

/** Links: files and directories a compose file names, and images to their registry pages. */
export function documentLinks(project: Project, file: SourceFile): LinkEntry[] {
  const root = project.fileRoots.get(file);
  const out: LinkEntry[] = [];
  const fileLink = (node: YNode | undefined, base?: string) => {
    const value = text(node);
    // A path built by interpolation is not offered: its target and tooltip would show the values.
    if (!node || node.kind !== 'scalar' || node.interpolated || !value || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return;
    const target = base ? path.resolve(base, value) : project.resolvePath(node, value);
    if (!project.host.exists(target)) return;
    const q = node.quoted ? 1 : 0;
    out.push({ start: node.start + q, end: node.end - q, target: `file://${target}`, tooltip: target });
  };
  for (const inc of listItems(get(root, 'include'))) {
    if (inc.kind === 'scalar') fileLink(inc);
    else for (const p of listItems(get(inc, 'path'))) fileLink(p);
  }
  for (const section of ['secrets', 'configs']) {
    const defs = get(root, section);
    if (isMap(defs)) for (const d of defs.pairs) fileLink(get(d.value, 'file'));
  }
  const services = get(root, 'services');
  if (!isMap(services)) return out;
  for (const { value: s } of services.pairs) {
    for (const e of listItems(get(s, 'env_file'))) fileLink(e.kind === 'map' ? get(e, 'path') : e);
    const build = get(s, 'build');
    const context = build?.kind === 'map' ? get(build, 'context') : build;
    fileLink(context);
    const dockerfile = get(build, 'dockerfile');
    const contextPath = text(context);
    if (dockerfile && context && contextPath) fileLink(dockerfile, project.resolvePath(context, contextPath));
    const ext = get(s, 'extends');
    if (ext?.kind === 'map') fileLink(get(ext, 'file'), path.dirname(file.path));
    const image = get(s, 'image');
    // Built from the image as written: with interpolation in it there is no link at all.
    const page = registryPage(writtenText(image));
    if (image && page)
      out.push({
        start: image.start + (image.kind === 'scalar' && image.quoted ? 1 : 0),
        end: image.end - (image.kind === 'scalar' && image.quoted ? 1 : 0),
        target: page,
        tooltip: `Open ${page}`,
      });
  }
  return out;
}

/** The web page of an image's repository: Docker Hub, or the registry host for others. */
export function registryPage(image: string | undefined): string | undefined {
  if (!image || image.includes('$')) return undefined;
  const name = image.split('@')[0].replace(/:[^/:]+$/, '');
  const parts = name.split('/');
  const hasHost = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]);
  if (!hasHost) return parts.length === 1 ? `https://hub.docker.com/_/${parts[0]}` : `https://hub.docker.com/r/${parts.join('/')}`;
  if (parts[0] === 'docker.io')
    return registryPage(
      parts
        .slice(1)
        .join('/')
        .replace(/^library\//, ''),
    );
  return /^(localhost|[^.]+:\d+$)/.test(parts[0]) ? undefined : `https://${name}`;
}
