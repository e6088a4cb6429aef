import type { Rule } from './rule';

/**
 * Rules whose findings are produced outside the rule loop — while a project is loaded (the
 * parser, the specification walker, interpolation, include and extends resolution, the contract
 * file) or by the live checks against a running engine: they have no check of their own, but an
 * id, a severity and a doc like every other rule, so they are configured the same way.
 */
export const loadingRules: Rule[] = [
  { id: 'yaml-syntax', severity: 'error', category: 'yaml', doc: 'YAML syntax errors and warnings, every one of them, where the parser found them.' },
  { id: 'duplicate-key', severity: 'error', category: 'yaml', doc: 'A key written twice in the same mapping (Compose rejects the file).' },
  { id: 'merge-key', severity: 'error', category: 'yaml', doc: 'A repeated or malformed "<<" merge key (rejected since Compose 2.17).' },
  {
    id: 'file-too-large',
    severity: 'error',
    category: 'project',
    doc: 'A compose file over the size limit (composeMesh.maxFileSizeMiB, default 64 MiB) is not checked: said on the file, never as "not found".',
  },
  {
    id: 'yaml-bomb',
    severity: 'error',
    category: 'yaml',
    doc: 'Alias expansion beyond a safe bound ("billion laughs"): reported once, the rest is still checked.',
  },
  {
    id: 'input-limit',
    severity: 'warning',
    category: 'yaml',
    doc: 'Input beyond a safe bound (nesting, interpolation, include depth): reported once where it is crossed; the part beyond is not checked, the rest is.',
  },
  {
    id: 'schema',
    severity: 'error',
    category: 'specification',
    doc: 'The Compose Specification: unknown keys, wrong types, invalid values, missing required keys.',
  },
  {
    id: 'ignored-key',
    severity: 'warning',
    category: 'specification',
    doc: 'A key the specification does not know where Compose reads past it (an include entry): it does nothing, most likely a typo.',
  },
  { id: 'interpolation', severity: 'error', category: 'runtime', doc: 'An invalid "${...}" expression (write "$$" for a literal "$").' },
  { id: 'required-variable', severity: 'error', category: 'runtime', doc: 'A "${VAR:?message}" or "${VAR?message}" whose variable is not set.' },
  { id: 'unset-variable', severity: 'warning', category: 'runtime', doc: 'A variable used without a value or a default: Compose substitutes an empty string.' },
  {
    id: 'include',
    severity: 'error',
    category: 'project',
    doc: 'An "include" that cannot be honoured: missing file, include cycle, or a resource defined twice.',
  },
  { id: 'extends', severity: 'error', category: 'project', doc: 'An "extends" that cannot be honoured: missing file or service, or an extends cycle.' },
  {
    id: 'live-network',
    severity: 'error',
    category: 'live',
    doc: 'Live: a running container is attached to a network its service does not declare (or misses one it declares).',
  },
  { id: 'live-internal', severity: 'error', category: 'live', doc: 'Live: a network of a tier that must be internal is not internal in the engine.' },
  {
    id: 'live-publish',
    severity: 'error',
    category: 'live',
    doc: 'Live: a running container publishes a port its tier may not publish, or on a host IP it may not use.',
  },
  {
    id: 'live-encrypted',
    severity: 'error',
    category: 'live',
    doc: 'Live (stack mode): an overlay network of a tier that must be encrypted does not encrypt its traffic on the swarm.',
  },
  { id: 'live-foreign', severity: 'error', category: 'live', doc: 'Live: a container from outside the project is attached to one of its networks.' },
  {
    id: 'live-probe',
    severity: 'error',
    category: 'live',
    doc: 'Live probes from inside the containers: an allowed path that does not resolve or connect, or tiers that may not reach each other but see each other.',
  },
  {
    id: 'contract-schema',
    severity: 'error',
    category: 'contract',
    doc: 'The network contract file itself: unknown keys, wrong types, missing required keys.',
  },
];
