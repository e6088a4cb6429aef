import * as path from 'node:path';
import type { Project } from './model';
import { get, text, truthy, type YNode } from '../yaml/nodes';

/** Whether a service declares a usable healthcheck in the project. */
export function healthcheckState(service: YNode): 'defined' | 'disabled' | 'absent' {
  const hc = get(service, 'healthcheck');
  if (!hc) return 'absent';
  const test = get(hc, 'test');
  if (truthy(get(hc, 'disable')) || (test?.kind === 'seq' && text(test.items[0]) === 'NONE')) return 'disabled';
  return 'defined';
}

/**
 * What the image of a service says about health, as far as the project shows it: `defined` or
 * `none` from the Dockerfile it is built from (the target stage, following stages it is built
 * on; `HEALTHCHECK NONE` and a scratch base give none), `unknown` with the reason otherwise
 * (an image from a registry, a remote build context, a base image nobody here can read).
 */
export type ImageHealth = { state: 'defined' | 'none' } | { state: 'unknown'; why: string };

interface Stage {
  name?: string;
  base: string;
  healthcheck?: 'defined' | 'none';
}

/** The stages of a Dockerfile: FROM lines, names, and each stage's last HEALTHCHECK. */
function stagesOf(dockerfile: string): Stage[] {
  const stages: Stage[] = [];
  // Continuation lines (a trailing backslash) join their instruction; comments are dropped.
  const instructions = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const line of instructions) {
    const from = /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      stages.push({ base: from[1], name: from[2]?.toLowerCase() });
      continue;
    }
    const hc = /^HEALTHCHECK\s+(.*)$/i.exec(line);
    if (hc && stages.length) stages[stages.length - 1].healthcheck = /^NONE\b/i.test(hc[1].trim()) ? 'none' : 'defined';
  }
  return stages;
}

function fromStages(stages: Stage[], target: string | undefined): ImageHealth {
  let index = target ? stages.findIndex((s) => s.name === target.toLowerCase()) : stages.length - 1;
  if (index < 0) return { state: 'unknown', why: `its Dockerfile has no stage "${target}"` };
  // Each step goes to an earlier stage, so this ends.
  for (;;) {
    const stage = stages[index];
    if (stage.healthcheck) return { state: stage.healthcheck };
    const base = stage.base.toLowerCase();
    const earlier = stages.findIndex((s, i) => i < index && (s.name === base || String(i) === base));
    if (earlier >= 0) {
      index = earlier;
      continue;
    }
    if (base === 'scratch') return { state: 'none' };
    return { state: 'unknown', why: `its Dockerfile defines none and its base image "${stage.base}" could not be inspected` };
  }
}

export function imageHealth(project: Project, service: YNode): ImageHealth {
  const build = get(service, 'build');
  const image = text(get(service, 'image'));
  if (!build) return { state: 'unknown', why: image ? `its image "${image}" could not be inspected` : 'it has no image to inspect' };
  const inline = text(get(build, 'dockerfile_inline'));
  if (inline !== undefined) return fromStages(stagesOf(inline), text(get(build, 'target')));
  const contextNode = build.kind === 'scalar' ? build : get(build, 'context');
  const context = text(contextNode) ?? '.';
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|\.git(#.*)?$/i.test(context)) return { state: 'unknown', why: `its build context "${context}" is remote` };
  const dir = project.resolvePath(contextNode ?? build, context);
  const file = path.resolve(dir, text(get(build, 'dockerfile')) ?? 'Dockerfile');
  const content = project.host.readFile(file);
  if (content === undefined) return { state: 'unknown', why: 'its Dockerfile could not be read' };
  return fromStages(stagesOf(content), text(get(build, 'target')));
}
