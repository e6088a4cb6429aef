import type { Target } from '../config';
import type { Finding, Severity } from '../diagnostic';
import type { Contract } from '../contract/model';
import type { Project, ServiceEntry } from '../project/model';
import type { YNode } from '../yaml/nodes';

export type RuleCategory = 'yaml' | 'specification' | 'runtime' | 'project' | 'best-practice' | 'contract' | 'live';

export interface RuleContext {
  project: Project;
  /** The project's network contract, when it has one. */
  contract?: Contract;
  /** What will run the project; stack-mode rules check only for `swarm`. */
  target: Target;
  /**
   * Reports at a node (collections are underlined on their first line); `secret` when the
   * range is the secret itself, so printed source lines mask it. `service`: the service whose
   * activation makes a profile-scoped finding real, where the node alone does not tell (an
   * anchored value outside `services` that several services share); else the one the node is in.
   */
  report(node: YNode, message: string, extra?: ReportExtra): void;
}

export interface ReportExtra extends Pick<Finding, 'secret'> {
  service?: ServiceEntry;
}

export interface Rule {
  id: string;
  severity: Severity;
  category: RuleCategory;
  /** One line for the README and hovers. */
  doc: string;
  /**
   * The runtime checks this only among the services the active profiles enable: a finding inside
   * a disabled service is a warning that names the profiles (it becomes real when one is active).
   */
  profileScoped?: boolean;
  /**
   * `service`: what it reports inside a service's definition depends only on that service, the
   * file's sections outside `services`, the environment and the disk — never on another service.
   * The editor re-runs such rules on the one service an edit touched (see engine/recheck.ts);
   * the others wait for the whole project's check.
   */
  scope?: 'service';
  /** Absent for findings produced while loading (parsing, schema, interpolation, include, extends). */
  check?(ctx: RuleContext): void;
}
