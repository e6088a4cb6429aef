import { get, getPair, listItems, text, written, type ScalarNode, type YNode } from '../yaml/nodes';
import type { Rule, RuleContext } from './rule';

/**
 * Empty text where the runtime needs a value: the schema takes "" as a string, then the loader
 * stops ("empty compose file", "No port specified", "invalid empty volume spec", a mount with
 * no source or target). Each is reported where the empty value is written.
 */

const isEmpty = (node: YNode | undefined): boolean => node?.kind === 'scalar' && node.value === '';

/** `""`, or `"${UNSET}"` (which interpolates to nothing), as the user wrote it. */
function shown(node: ScalarNode): string {
  return node.interpolated ? `"${written(node)}" (empty after interpolation)` : 'an empty value';
}

function checkPorts(ctx: RuleContext, service: string, ports: YNode | undefined): void {
  for (const item of listItems(ports)) {
    if (isEmpty(item)) ctx.report(item, `Service "${service}" publishes ${shown(item as ScalarNode)} in "ports": Compose needs a port ("No port specified").`);
    else if (item.kind === 'scalar' && (item.value === 0 || item.value === '0'))
      ctx.report(item, `Port 0 of service "${service}" has no container port: Compose needs a target port from 1 to 65535.`);
    else if (item.kind === 'map' && get(item, 'target') === undefined)
      ctx.report(item, `A port of service "${service}" has no "target": Compose needs the container port.`);
  }
}

function checkVolumes(ctx: RuleContext, service: string, volumes: YNode | undefined): void {
  for (const item of listItems(volumes)) {
    if (isEmpty(item)) {
      ctx.report(item, `Service "${service}" mounts ${shown(item as ScalarNode)} in "volumes": Compose needs SOURCE:TARGET or a target path.`);
      continue;
    }
    if (item.kind !== 'map') continue;
    const type = text(get(item, 'type'));
    const source = get(item, 'source');
    if (type === 'bind' && (!source || isEmpty(source))) {
      ctx.report(source ?? item, `A bind mount of service "${service}" has no source: Compose needs the host path to mount.`);
    }
    const target = get(item, 'target');
    if (!target || isEmpty(target)) ctx.report(target ?? item, `A mount of service "${service}" has no target: Compose needs the path inside the container.`);
  }
}

function checkEnvFiles(ctx: RuleContext, service: string, envFile: YNode | undefined): void {
  // Only the short form: Compose 2.26 takes `path: ""` in the long form (and reads nothing).
  for (const file of listItems(envFile)) {
    if (isEmpty(file)) ctx.report(file, `Service "${service}" names ${shown(file as ScalarNode)} as env_file: Compose needs a file path.`);
  }
}

function checkWatch(ctx: RuleContext, service: string, watch: YNode | undefined): void {
  for (const item of listItems(watch)) {
    const path = get(item, 'path');
    if (path && isEmpty(path))
      ctx.report(path, `A watch rule of service "${service}" has ${shown(path as ScalarNode)} as path: Compose needs a path to watch.`);
    const action = get(item, 'action');
    const target = get(item, 'target');
    if (action && text(action) !== 'rebuild' && (!target || isEmpty(target))) {
      ctx.report(action, `The "${text(action)}" watch rule of service "${service}" has no "target": Compose needs the path in the container to sync to.`);
    }
  }
}

export const rule: Rule = {
  id: 'empty-value',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: 'Values the runtime needs and does not get: an empty compose file, a project name with nothing Compose keeps, image "", ports [""], volumes [""], a mount without source or target, env_file "", a sync watch rule without target.',
  check(ctx) {
    const { project } = ctx;
    const first = project.fileRoots.get(project.files[0]);
    // A top level that is not a mapping at all is the schema's finding; a file that could not be
    // loaded (too large, unreadable, broken YAML) has its own error, and one left unread at an
    // input bound has its warning: neither is empty for that.
    const mappingOrNothing = !first || first.kind === 'map' || (first.kind === 'scalar' && first.value === null && first.end === first.start);
    const loaded = !project.findings.some((f) => f.severity === 'error' || f.ruleId === 'input-limit');
    if (loaded && mappingOrNothing && !project.root.pairs.some((p) => p.key.value !== 'version')) {
      ctx.report(project.root, 'The compose file is empty: Compose needs at least one service (or a name, include or resource).');
      return;
    }
    const name = get(project.root, 'name');
    if (project.name === '' && name?.kind === 'scalar' && project.env('COMPOSE_PROJECT_NAME') === undefined) {
      ctx.report(
        name,
        `The project name "${written(name)}" has nothing Compose keeps (a-z, 0-9, "_" and "-", not in front): it stops with "project name must not be empty".`,
      );
    }
    for (const s of project.services) {
      const image = getPair(s.node, 'image');
      if (image && isEmpty(image.value) && !get(s.node, 'build') && !get(s.node, 'extends') && !get(s.node, 'provider')) {
        ctx.report(image.value, `Service "${s.name}" has ${shown(image.value as ScalarNode)} as image and no build: Compose needs one of them.`);
      }
      checkPorts(ctx, s.name, get(s.node, 'ports'));
      checkVolumes(ctx, s.name, get(s.node, 'volumes'));
      checkEnvFiles(ctx, s.name, get(s.node, 'env_file'));
      checkWatch(ctx, s.name, get(get(s.node, 'develop'), 'watch'));
    }
  },
};
