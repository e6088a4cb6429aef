import { loadContract } from './contract/load';
import { defaultConfig, severityFor, type Config } from './config';
import type { Finding } from './diagnostic';
import type { Host } from './project/host';
import { loadProject, type ProjectInput } from './project/load';
import type { Project, ServiceEntry } from './project/model';
import type { Contract } from './contract/model';
import { redactValues } from './redact';
import { RULES } from './rules';
import type { Rule } from './rules/rule';
import { applySuppressions } from './suppress';
import { get, namesOf, nodeSpan } from './yaml/nodes';

export interface ValidationResult {
  project: Project;
  contract?: Contract;
  findings: Finding[];
  /** Internal failures of single rules: logged, never shown as findings. */
  failures: string[];
}

function lineKey(f: Finding): string {
  return `${f.file.path}:${f.file.positionAt(f.start).line}`;
}

/**
 * The whole pipeline: load the project, run every enabled rule, apply config and suppressions.
 * With `timings`, the milliseconds of loading and of each rule are added to it (for the bench).
 */
export function validateProject(input: ProjectInput, host: Host, config: Config = defaultConfig(), timings?: Map<string, number>): ValidationResult {
  const loadStart = timings && performance.now();
  const project = loadProject({ profiles: config.profiles, ...input }, host);
  const { contract, findings: contractFindings } = loadContract(project, host, config.contract);
  const raw: Finding[] = [...project.findings, ...contractFindings];
  if (timings) timings.set('(loading)', (timings.get('(loading)') ?? 0) + performance.now() - loadStart!);
  const failures = runRules(RULES, { project, contract, config, raw, timings });
  return { project, contract, findings: finishProjectFindings(project, raw, config), failures };
}

/**
 * Runs the enabled ones of `rules` on a loaded project, adding what they report to `raw`;
 * returns the internal failures of single rules. With `timings`, each rule's milliseconds.
 */
export function runRules(
  rules: readonly Rule[],
  run: { project: Project; contract?: Contract; config: Config; raw: Finding[]; timings?: Map<string, number> },
): string[] {
  const { project, contract, config, raw, timings } = run;
  const failures: string[] = [];
  const disabled = project.services.filter((s) => !s.enabled);
  for (const rule of rules) {
    if (!rule.check || severityFor(config, rule.id, rule.severity) === 'off') continue;
    const ruleStart = timings && performance.now();
    try {
      rule.check({
        project,
        contract,
        target: config.target,
        report: (node, message, { service, ...extra } = {}) =>
          raw.push(profileAware(disabled, rule, { ruleId: rule.id, severity: rule.severity, message, file: node.file, ...nodeSpan(node), ...extra }, service)),
      });
    } catch (err) {
      failures.push(`rule ${rule.id} failed: ${(err as Error).stack ?? err}`);
    }
    if (timings) timings.set(rule.id, (timings.get(rule.id) ?? 0) + performance.now() - ruleStart!);
  }
  return failures;
}

/** The findings as shown: configured, suppressed, sorted, and with no interpolated value in a message. */
export function finishProjectFindings(project: Project, raw: Finding[], config: Config): Finding[] {
  return finishFindings(raw, config).map((f) => {
    const message = redactValues(f.message, project.interpolatedValues);
    return message === f.message ? f : { ...f, message };
  });
}

/**
 * A profile-scoped finding about a service the active profiles disable (the one the rule names,
 * else the one the finding is in): marked, and its message names the profiles. Only the disabled
 * services are searched (usually none), found once per check.
 */
function profileAware(disabled: ServiceEntry[], rule: Rule, f: Finding, service?: ServiceEntry): Finding {
  if (!rule.profileScoped || f.severity !== 'error' || disabled.length === 0) return f;
  const within = (s: ServiceEntry) =>
    (s.key.file === f.file && s.key.start === f.start) || (s.node.file === f.file && s.node.start <= f.start && f.start < s.node.end);
  const owner = service ? (service.enabled ? undefined : service) : disabled.find(within);
  if (!owner) return f;
  const profiles = namesOf(get(owner.node, 'profiles'))
    .map((p) => p.name)
    .join(', ');
  return { ...f, inDisabledService: true, message: `${f.message} (Compose checks this only when a profile of "${owner.name}" is active: ${profiles}.)` };
}

/**
 * Applies suppression comments and configured severities, drops what a syntax error makes noise,
 * removes duplicates and sorts by file and position.
 */
export function finishFindings(raw: Finding[], config: Config): Finding[] {
  // What the parser made of a line it could not read is noise: such a line shows only its syntax error.
  const brokenLines = new Set(raw.filter((f) => f.ruleId === 'yaml-syntax' && f.severity === 'error').map(lineKey));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const f of applySuppressions(raw)) {
    if (f.ruleId !== 'yaml-syntax' && brokenLines.has(lineKey(f))) continue;
    const configured = severityFor(config, f.ruleId, f.severity);
    const severity = f.inDisabledService && configured === 'error' ? 'warning' : configured;
    if (severity === 'off') continue;
    const key = `${f.file.path}:${f.start}:${f.end}:${f.ruleId}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Whatever a rule computed, a finding stays inside its file (editors reject ranges past the end).
    const length = f.file.text.length;
    const start = Math.min(Math.max(f.start, 0), length);
    findings.push({ ...f, severity, start, end: Math.min(Math.max(f.end, start), length) });
  }
  // Ties on one range are ordered by rule and message: the order the engine answered in (live
  // findings) or the rules ran in never shows.
  const byText = (a: Finding, b: Finding) =>
    a.ruleId === b.ruleId ? (a.message < b.message ? -1 : a.message > b.message ? 1 : 0) : a.ruleId < b.ruleId ? -1 : 1;
  findings.sort((a, b) => (a.file.path === b.file.path ? a.start - b.start || a.end - b.end || byText(a, b) : a.file.path < b.file.path ? -1 : 1));
  return mergeSharedValues(findings);
}

const SERVICE_NAMED = /service "((?:[^"\\]|\\.)*)"/;

/**
 * An anchored value shared by several services is one node: the same finding for each service
 * would stack up on one line. Findings of one rule on one range whose messages differ only in the
 * service they name become one finding naming them all. Expects findings sorted by position.
 */
function mergeSharedValues(sorted: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < sorted.length;) {
    const f = sorted[i];
    let j = i + 1;
    while (j < sorted.length && sorted[j].file === f.file && sorted[j].start === f.start && sorted[j].end === f.end) j++;
    const group = sorted.slice(i, j);
    i = j;
    if (group.length === 1) {
      out.push(f);
      continue;
    }
    const byRule = new Map<string, Finding[]>();
    for (const g of group) {
      const key = `${g.ruleId}\0${g.severity}\0${g.message.replace(SERVICE_NAMED, '\0')}`;
      byRule.set(key, [...(byRule.get(key) ?? []), g]);
    }
    for (const same of byRule.values()) {
      const names = same.map((g) => SERVICE_NAMED.exec(g.message)?.[1]).filter((n): n is string => n !== undefined);
      if (same.length === 1 || names.length !== same.length) {
        out.push(...same);
        continue;
      }
      const list = names.map((n) => `"${n}"`);
      const joined = `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
      out.push({ ...same[0], message: same[0].message.replace(SERVICE_NAMED, () => `services ${joined}`) });
    }
  }
  return out;
}
