import * as path from 'node:path';
import type { Project } from './model';
import { get, text, truthy, writtenText, type YNode } from '../yaml/nodes';

/** Whether a service declares a usable healthcheck in the project. */
export function healthcheckState(service: YNode): 'defined' | 'disabled' | 'absent' {
  const hc = get(service, 'healthcheck');
  if (!hc) return 'absent';
  const test = get(hc, 'test');
  if (truthy(get(hc, 'disable')) || (test?.kind === 'seq' && text(test.items[0]) === 'NONE')) return 'disabled';
  return 'defined';
}

/**
 * What the image of a service says about health: `defined` or `none` from the Dockerfile it is
 * built from (the target stage, following stages it is built on; `HEALTHCHECK NONE` and a
 * scratch base give none) or from the engine's image inspect, with where that was read;
 * `unknown` with the reason otherwise (no engine to ask, an image not pulled yet, a remote
 * build context).
 */
export type ImageHealth = { state: 'defined' | 'none'; from: string } | { state: 'unknown'; why: string };

interface Stage {
  name?: string;
  base: string;
  healthcheck?: 'defined' | 'none';
}

/** The stages of a Dockerfile: FROM lines, names, and each stage's last HEALTHCHECK. */
function stagesOf(dockerfile: string): Stage[] {
  const stages: Stage[] = [];
  // Continuation lines (a trailing backslash) join their instruction; comments are dropped.
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
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

/** The engine's answer for an image, where one was asked; `what` names it as written. */
function fromEngine(project: Project, image: string, what: string): ImageHealth {
  const answer = project.host.imageHealthcheck?.(image);
  if (answer === 'defined' || answer === 'none') return { state: answer, from: `${what} (inspected on the engine)` };
  if (answer === 'missing') return { state: 'unknown', why: `${what} is not on the engine yet` };
  return { state: 'unknown', why: `${what} could not be inspected` };
}

function fromStages(project: Project, stages: Stage[], target: string | undefined): ImageHealth {
  let index = target ? stages.findIndex((s) => s.name === target.toLowerCase()) : stages.length - 1;
  if (index < 0) return { state: 'unknown', why: `its Dockerfile has no stage "${target}"` };
  // Each step goes to an earlier stage, so this ends.
  for (;;) {
    const stage = stages[index];
    if (stage.healthcheck) return { state: stage.healthcheck, from: 'the Dockerfile it is built from' };
    const base = stage.base.toLowerCase();
    const earlier = stages.findIndex((s, i) => i < index && (s.name === base || String(i) === base));
    if (earlier >= 0) {
      index = earlier;
      continue;
    }
    if (base === 'scratch') return { state: 'none', from: 'the Dockerfile it is built from' };
    const engine = fromEngine(project, stage.base, `its base image "${stage.base}"`);
    if (engine.state === 'unknown') return { state: 'unknown', why: `its Dockerfile defines none and ${engine.why}` };
    return { state: engine.state, from: `the Dockerfile it is built from and ${engine.from}` };
  }
}

export function imageHealth(project: Project, service: YNode): ImageHealth {
  const build = get(service, 'build');
  const imageNode = get(service, 'image');
  const image = text(imageNode);
  if (!build)
    return image ? fromEngine(project, image, `its image "${writtenText(imageNode) ?? image}"`) : { state: 'unknown', why: 'it has no image to inspect' };
  const inline = text(get(build, 'dockerfile_inline'));
  if (inline !== undefined) return fromStages(project, stagesOf(inline), text(get(build, 'target')));
  const contextNode = build.kind === 'scalar' ? build : get(build, 'context');
  const context = text(contextNode) ?? '.';
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|\.git(#.*)?$/i.test(context)) return { state: 'unknown', why: `its build context "${context}" is remote` };
  const dir = project.resolvePath(contextNode ?? build, context);
  const file = path.resolve(dir, text(get(build, 'dockerfile')) ?? 'Dockerfile');
  const content = project.host.readFile(file);
  if (content === undefined) return { state: 'unknown', why: 'its Dockerfile could not be read' };
  return fromStages(project, stagesOf(content), text(get(build, 'target')));
}
