import type { Rule } from './rule';

/**
 * Rules whose findings are produced while a project is loaded (the parser, the specification
 * walker, interpolation, include and extends resolution): they have no check of their own, but
 * an id, a severity and a doc like every other rule, so they are configured the same way.
 */
export const loadingRules: Rule[] = [
  { id: 'yaml-syntax', severity: 'error', category: 'yaml', doc: 'YAML syntax errors and warnings, every one of them, where the parser found them.' },
  { id: 'duplicate-key', severity: 'error', category: 'yaml', doc: 'A key written twice in the same mapping (Compose rejects the file).' },
  { id: 'merge-key', severity: 'error', category: 'yaml', doc: 'A repeated or malformed "<<" merge key (rejected since Compose 2.17).' },
  { id: 'yaml-bomb', severity: 'error', category: 'yaml', doc: 'Alias expansion beyond a safe bound ("billion laughs"): reported once, the rest is still checked.' },
  { id: 'schema', severity: 'error', category: 'specification', doc: 'The Compose Specification: unknown keys, wrong types, invalid values, missing required keys.' },
  { id: 'interpolation', severity: 'error', category: 'runtime', doc: 'An invalid "${...}" expression (write "$$" for a literal "$").' },
  { id: 'required-variable', severity: 'error', category: 'runtime', doc: 'A "${VAR:?message}" or "${VAR?message}" whose variable is not set.' },
  { id: 'unset-variable', severity: 'warning', category: 'runtime', doc: 'A variable used without a value or a default: Compose substitutes an empty string.' },
  { id: 'include', severity: 'error', category: 'project', doc: 'An "include" that cannot be honoured: missing file, include cycle, or a resource defined twice.' },
  { id: 'extends', severity: 'error', category: 'project', doc: 'An "extends" that cannot be honoured: missing file or service, or an extends cycle.' },
  { id: 'contract-schema', severity: 'error', category: 'contract', doc: 'The network contract file itself: unknown keys, wrong types, missing required keys.' },
];
