import type { SourceFile } from './text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOrOff = Severity | 'off';

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** One finding, located by offsets in the file where the offending text is written. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: SourceFile;
  start: number;
  end: number;
  /** A profile-scoped error inside a service the active profiles disable: shown as a warning. */
  inDisabledService?: boolean;
  /** The range is a secret written in plain text: printed source lines show it masked. */
  secret?: boolean;
}

export function isSeverity(value: unknown): value is SeverityOrOff {
  return value === 'error' || value === 'warning' || value === 'info' || value === 'hint' || value === 'off';
}
