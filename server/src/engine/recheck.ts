import type { Config } from './config';
import type { Finding } from './diagnostic';
import type { Host } from './project/host';
import { loadProject, type ProjectInput } from './project/load';
import { movedLayout, serviceLayout, type ServiceLayout } from './project/service-blocks';
import { RULES } from './rules';
import { applySuppressions } from './suppress';
import { SourceFile } from './text';
import { finishProjectFindings, runRules } from './validate';

/**
 * The editor's answer to a keystroke in a large single-file project, before the whole project is
 * checked again: the findings of the one service the edit is inside, from the rules whose
 * findings there depend on nothing but that service (`scope: 'service'`, and what loading
 * finds on the node itself), merged with what the last check showed everywhere else, moved by
 * the edit. Findings that involve other services (port clashes, dependencies, the contract…)
 * stay as they were until the whole check, which the caller runs once typing pauses.
 *
 * The service is checked in a copy of the file in which every other service's lines are blank
 * comments: lines keep their numbers, the other sections (networks, volumes, `x-` anchors…) stay,
 * and what a service-scoped rule reports inside the service is what the whole check reports.
 * Anything that could make that untrue gives no answer (undefined): the edit crosses a service's
 * first line, the file has anchors among its services, `include`, `extends`, a YAML syntax error
 * (the parser's errors may reach across services), a message naming a line the edit moves, or a
 * bound that is reported once per file.
 */

export interface ShownFindings {
  /** The text the findings are located in. */
  file: SourceFile;
  findings: Finding[];
  /**
   * Every variable value the check behind these findings read: no message shows one, and the
   * service checked alone may not read them all itself.
   */
  values: ReadonlyMap<string, string>;
  /** Where its services are written and whether they define anchors; found on first use (null: no layout). */
  services?: { layout: ServiceLayout; anchored: boolean } | null;
}

/** Findings made while loading that concern the node they are on, whatever else the file holds. */
const LOCAL_LOADING = new Set(['duplicate-key', 'merge-key', 'schema', 'interpolation', 'required-variable', 'unset-variable']);
/** Reported once per file at the first place a bound is crossed: a service alone may cross it elsewhere. */
const ONCE_PER_FILE = new Set(['yaml-bomb', 'input-limit']);
const SERVICE_RULES = RULES.filter((r) => r.scope === 'service');
const LOCAL_IDS = new Set([...LOCAL_LOADING, ...SERVICE_RULES.map((r) => r.id)]);

/** An anchor defined somewhere in the text: `&name` after white space or a flow indicator. */
const ANCHOR = /(?:^|[\s[{,])&[^\s,[\]{}]/;
const EXTENDS = /^\s+extends[ \t]*:/m;
const INCLUDE = /^include[ \t]*:/m;

/** Characters compared at once while looking for where two texts differ (string comparison is native). */
const CHUNK = 1024;

/** Where two texts differ: the common prefix's length, and the old and new ends of what changed. */
function changedRange(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start + CHUNK <= shorter && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  const room = shorter - start;
  while (
    suffix + CHUNK <= room &&
    before.slice(before.length - suffix - CHUNK, before.length - suffix) === after.slice(after.length - suffix - CHUNK, after.length - suffix)
  )
    suffix += CHUNK;
  while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/** The layout of the shown text's services, found once per text. */
function servicesOf(shown: ShownFindings): ShownFindings['services'] {
  if (shown.services === undefined) {
    const text = shown.file.text;
    const layout = serviceLayout(text);
    shown.services = layout ? { layout, anchored: ANCHOR.test(text.slice(layout.start, layout.end)) } : null;
  }
  return shown.services;
}

/** Line numbers in messages ("already on line 12", a clash "on line 40"). */
const LINE_NUMBER = /\bline (\d+)\b/g;

function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Whether the edit adds or removes lines below which a shown message names a line: that message would be wrong until checked again. */
function namesMovedLine(shown: ShownFindings, after: SourceFile, change: ReturnType<typeof changedRange>): boolean {
  if (lineBreaks(after.text, change.start, change.newEnd) === lineBreaks(shown.file.text, change.start, change.oldEnd)) return false;
  const editLine = after.positionAt(change.start).line + 1;
  return shown.findings.some((f) => f.message.includes('line ') && [...f.message.matchAll(LINE_NUMBER)].some((m) => Number(m[1]) > editLine));
}

/** As many comment lines as `text` has lines: the lines of a service that is not looked at. */
function blankLines(text: string): string {
  return '#\n'.repeat(lineBreaks(text, 0, text.length)) + (text.length > 0 && !text.endsWith('\n') ? '#' : '');
}

/** The findings of `after` as shown after the edit from `shown`, or undefined when only the whole check can tell. */
export function recheckEditedService(shown: ShownFindings, after: SourceFile, input: ProjectInput, host: Host, config: Config): ShownFindings | undefined {
  const before = shown.file.text;
  const text = after.text;
  if (input.files.length !== 1 || input.files[0] !== after.path || before === text || host.tooLarge(after.path)) return undefined;
  const services = servicesOf(shown);
  // A file the YAML parser could not read is read by the full parser, whose errors can reach across services.
  if (!services || services.anchored || shown.findings.some((f) => f.ruleId === 'yaml-syntax')) return undefined;
  const change = changedRange(before, text);
  const moved = movedLayout(services.layout, text, change);
  if (!moved || namesMovedLine(shown, after, change)) return undefined;
  const { layout } = moved;
  const block = layout.blocks[moved.edited];
  const own = text.slice(block.start, block.end);
  if (ANCHOR.test(own) || EXTENDS.test(own) || INCLUDE.test(text.slice(0, layout.start)) || INCLUDE.test(text.slice(layout.end))) return undefined;

  const leading = text.slice(0, layout.start) + blankLines(text.slice(layout.start, block.start));
  const alone = leading + own + blankLines(text.slice(block.end, layout.end)) + text.slice(layout.end);
  const checked = checkAlone(alone, after.path, input, host, config, shown.values);
  if (!checked) return undefined;
  const { found, values } = checked;
  // Offsets in the copy, moved to the text: the service starts at `leading.length` there.
  const shift = block.start - leading.length;
  const inService = (f: Finding) => f.start >= leading.length && f.end <= leading.length + own.length;
  const fresh = found.filter(inService).map((f) => ({ ...f, file: after, start: f.start + shift, end: f.end + shift }));

  const delta = text.length - before.length;
  const kept: Finding[] = [];
  for (const f of shown.findings) {
    let moved: Finding;
    if (f.end <= change.start && f.start < change.start) moved = { ...f, file: after };
    else if (f.start >= change.oldEnd) moved = { ...f, file: after, start: f.start + delta, end: f.end + delta };
    else continue;
    // Inside the edited service, what the service-scoped rules said is said again above.
    if (moved.start >= block.start && moved.end <= block.end && LOCAL_IDS.has(moved.ruleId)) continue;
    kept.push(moved);
  }
  const findings = applySuppressions([...kept, ...fresh]).sort((a, b) => a.start - b.start || a.end - b.end);
  return { file: after, findings, values, services: { layout, anchored: false } };
}

/**
 * The service-scoped findings of the copy with one service, with no value read here or by the
 * check before in a message; undefined when the copy has a YAML error or crosses a once-per-file bound.
 */
function checkAlone(
  alone: string,
  file: string,
  input: ProjectInput,
  host: Host,
  config: Config,
  values: ReadonlyMap<string, string>,
): { found: Finding[]; values: ReadonlyMap<string, string> } | undefined {
  const copy: Host = {
    env: host.env,
    readFile: (p) => (p === file ? alone : host.readFile(p)),
    exists: (p) => p === file || host.exists(p),
    tooLarge: (p) => (p === file ? undefined : host.tooLarge(p)),
    realPath: host.realPath && ((p) => (p === file ? p : host.realPath!(p))),
    imageHealthcheck: host.imageHealthcheck?.bind(host),
    swarmNodes: host.swarmNodes?.bind(host),
  };
  const project = loadProject({ profiles: config.profiles, ...input }, copy);
  if (project.findings.some((f) => ONCE_PER_FILE.has(f.ruleId) || f.ruleId === 'yaml-syntax')) return undefined;
  const raw = project.findings.filter((f) => LOCAL_LOADING.has(f.ruleId));
  runRules(SERVICE_RULES, { project, config, raw });
  for (const [name, value] of values) if (!project.interpolatedValues.has(name)) project.interpolatedValues.set(name, value);
  return { found: finishProjectFindings(project, raw, config), values: project.interpolatedValues };
}
