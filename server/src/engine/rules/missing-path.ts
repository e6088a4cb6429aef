import * as path from 'node:path';
import { get, listItems, text, truthy, writtenText, type YNode } from '../yaml/nodes';
import type { Rule, RuleContext } from './rule';

/** Build contexts that are not local paths. */
const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|service:|docker-image:|oci-layout:)/i;

export const rule: Rule = {
  id: 'missing-path',
  severity: 'error',
  category: 'project',
  scope: 'service',
  doc: 'A file or directory the project needs does not exist: env_file, build context, Dockerfile, secret or config file.',
  check(ctx) {
    const { project } = ctx;
    for (const s of project.services) {
      for (const item of listItems(get(s.node, 'env_file'))) {
        const node = item.kind === 'map' ? get(item, 'path') : item;
        const optional = item.kind === 'map' && get(item, 'required') !== undefined && !truthy(get(item, 'required'));
        if (node && !optional) expect(ctx, node, `env_file of service "${s.name}"`);
      }
      const build = get(s.node, 'build');
      const context = build?.kind === 'map' ? get(build, 'context') : build;
      const contextPath = text(context);
      if (context && contextPath !== undefined && !REMOTE.test(contextPath)) {
        const dir = expect(ctx, context, `build context of service "${s.name}"`);
        const dockerfile = get(build, 'dockerfile');
        const name = text(dockerfile);
        if (dir && dockerfile && name && !get(build, 'dockerfile_inline')) {
          const file = project.resolvePath(context, contextPath);
          if (!project.host.exists(path.resolve(file, name))) {
            ctx.report(dockerfile, `The Dockerfile "${writtenText(dockerfile)}" of service "${s.name}" does not exist in the build context.`);
          }
        }
      }
    }
    for (const kind of ['secrets', 'configs'] as const) {
      for (const pair of project.resources(kind)) {
        const file = get(pair.value, 'file');
        if (file && !truthy(get(pair.value, 'external'))) expect(ctx, file, `file of ${kind.slice(0, -1)} "${pair.key.value}"`);
      }
    }
  },
};

/** Reports when the path written at `node` does not exist; returns whether it exists. */
function expect(ctx: RuleContext, node: YNode, what: string): boolean {
  const value = text(node);
  if (value === undefined || value === '') return false;
  const resolved = ctx.project.resolvePath(node, value);
  if (ctx.project.host.exists(resolved)) return true;
  ctx.report(node, `The ${what} does not exist: ${writtenText(node)}`);
  return false;
}
