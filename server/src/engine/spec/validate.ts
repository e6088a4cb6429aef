import type { Finding } from '../diagnostic';
import { nodeSpan, written, type MapNode, type ScalarNode, type YNode } from '../yaml/nodes';
import type { ArraySpec, ObjectSpec, ScalarSpec, ScalarType, Spec } from './types';
import { composeFile } from './compose';

/**
 * Checks one file's tree against the Compose Specification model. Every problem is reported at
 * the node that has it: an unknown key on the key, a wrong type or value on the value, a missing
 * required key on the key that owns the mapping.
 */
/** A schema problem; `ignored`: an unknown key Compose reads past (see `ObjectSpec.unknownKeysIgnored`). */
export type SchemaProblem = Omit<Finding, 'ruleId' | 'severity'> & { ignored?: true };

export function validateSchema(root: YNode, report: (f: SchemaProblem) => void, spec: Spec = composeFile): void {
  new SchemaWalker(report).check(root, spec, undefined, undefined, undefined);
}

/** Where a node sits, as a linked list: built without copying, turned into words only on a finding. */
type PathLink = { parent: PathLink; key: string | number } | undefined;

/** The path of a node given as its parent's path and its own key (none for the root). */
function linked(parent: PathLink, name: string | number | undefined): PathLink {
  return name === undefined ? parent : { parent, key: name };
}

function pathWords(link: PathLink): string {
  const parts: (string | number)[] = [];
  for (let l = link; l; l = l.parent) parts.unshift(l.key);
  return describePath(parts);
}

const KIND_WORDS: Record<ScalarType | 'map' | 'seq', string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
  map: 'a mapping',
  seq: 'a list',
};

const SINGULAR: Record<string, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
  tiers: 'tier',
};

/** Words for where a node sits: `service "web"`, `"healthcheck.test" in service "web"`. */
export function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the top level';
  const head = SINGULAR[String(path[0])];
  const fmt = (parts: readonly (string | number)[]) => parts.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
  if (head && path.length >= 2) {
    const owner = `${head} "${path[1]}"`;
    return path.length === 2 ? owner : `"${fmt(path.slice(2))}" in ${owner}`;
  }
  return `"${fmt(path)}"`;
}

function nodeKind(node: YNode): ScalarType | 'map' | 'seq' {
  if (node.kind === 'map') return 'map';
  if (node.kind === 'seq') return 'seq';
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return 'string';
}

function scalarAccepts(types: readonly ScalarType[], node: ScalarNode): boolean {
  const kind = nodeKind(node) as ScalarType;
  if (node.interpolated && kind !== 'null') return true;
  if (types.includes(kind)) return true;
  return kind === 'integer' && types.includes('number');
}

/** Whether a spec that is not a union fits the node's shape. */
function fits(spec: Exclude<Spec, { k: 'union' }>, node: YNode): boolean {
  switch (spec.k) {
    case 'any':
      return true;
    case 'object':
      return node.kind === 'map' || (spec.nullable === true && nodeKind(node) === 'null');
    case 'array':
      return node.kind === 'seq';
    case 'scalar':
      return node.kind === 'scalar' && scalarAccepts(spec.types, node);
  }
}

/** The alternatives of a spec that fit the node's shape, in order (this runs for every node: no intermediate arrays). */
function fitting(spec: Spec, node: YNode, out: Spec[] = []): Spec[] {
  if (spec.k === 'union') for (const a of spec.alts) fitting(a, node, out);
  else if (fits(spec, node)) out.push(spec);
  return out;
}

function expectedWords(spec: Spec): string[] {
  switch (spec.k) {
    case 'any':
      return ['anything'];
    case 'union':
      return spec.alts.flatMap(expectedWords);
    case 'object':
      return spec.nullable ? ['a mapping', 'empty'] : ['a mapping'];
    case 'array':
      return ['a list'];
    case 'scalar':
      return spec.types.map((t) => KIND_WORDS[t]);
  }
}

function joinOr(words: string[]): string {
  const unique = [...new Set(words)];
  if (unique.length <= 1) return unique[0] ?? 'nothing';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

export class SchemaWalker {
  constructor(private readonly report: (f: SchemaProblem) => void) {}

  private at(node: YNode, message: string, ignored?: true): void {
    this.report({ message, file: node.file, ...nodeSpan(node), ...(ignored && { ignored }) });
  }

  /**
   * Checks `node` at the key `name` of the collection at `parent`. The node's own path link is
   * made only to go down into a collection or to word a finding: most nodes are scalars that fit.
   */
  check(node: YNode, spec: Spec, parent: PathLink, name: string | number | undefined, key: ScalarNode | undefined): void {
    if (node.tag === '!reset') return;
    // Most specs are one alternative: the common shapes go straight on.
    if (spec.k === 'object' && node.kind === 'map') return this.object(node, spec, linked(parent, name), key);
    if (spec.k === 'array' && node.kind === 'seq') return this.array(node, spec, linked(parent, name));
    // A scalar where one kind of scalar is wanted: what `scalar` does for a single spec, without the lists.
    if (spec.k === 'scalar' && node.kind === 'scalar' && scalarAccepts(spec.types, node)) {
      if (node.interpolated && !spec.enum && !spec.pattern) return;
      const problem = scalarProblem(node, spec, parent, name);
      if (problem) this.at(node, problem);
      return;
    }
    const fits = fitting(spec, node);
    if (fits.length === 0) {
      this.at(node, `${pathWords(linked(parent, name))} must be ${joinOr(expectedWords(spec))}, not ${KIND_WORDS[nodeKind(node)]}.`);
      return;
    }
    const chosen = fits[0];
    switch (chosen.k) {
      case 'object':
        if (node.kind === 'map') this.object(node, chosen, linked(parent, name), key);
        return;
      case 'array':
        if (node.kind === 'seq') this.array(node, chosen, linked(parent, name));
        return;
      case 'scalar':
        if (node.kind === 'scalar')
          this.scalar(
            node,
            fits.filter((f): f is ScalarSpec => f.k === 'scalar'),
            parent,
            name,
          );
        return;
      default:
        return;
    }
  }

  private scalar(node: ScalarNode, specs: ScalarSpec[], parent: PathLink, name: string | number | undefined): void {
    // An interpolated value may be meant as any type, but the runtime checks enums and patterns
    // on what it interpolates to (an unset variable gives "").
    if (node.interpolated && !specs.every((s) => s.enum || s.pattern)) return;
    const problems: string[] = [];
    for (const spec of specs) {
      const problem = scalarProblem(node, spec, parent, name);
      if (!problem) return;
      problems.push(problem);
    }
    if (problems.length) this.at(node, problems[0]);
  }

  private object(node: MapNode, spec: ObjectSpec, path: PathLink, owner: ScalarNode | undefined): void {
    for (const pair of node.pairs) {
      const name = String(pair.key.value);
      if (pair.value.tag === '!reset') continue;
      const prop = Object.prototype.hasOwnProperty.call(spec.props, name) ? spec.props[name] : undefined;
      if (prop) {
        this.check(pair.value, prop, path, name, pair.key);
        continue;
      }
      if (spec.extensions && name.startsWith('x-')) continue;
      if (spec.additional) {
        if (spec.keyPattern && !spec.keyPattern.re.test(name)) {
          // An open mapping lets other names through unchecked, as the schema does.
          if (!spec.keyPattern.open) this.at(pair.key, `"${name}" is not a valid name in ${pathWords(path)}: use only ${spec.keyPattern.what}.`);
          continue;
        }
        this.check(pair.value, spec.additional, path, name, pair.key);
        continue;
      }
      const hint = suggest(name, Object.keys(spec.props));
      const didYouMean = hint ? ` Did you mean "${hint}"?` : '';
      if (spec.unknownKeysIgnored) this.at(pair.key, `Unknown key "${name}" in ${pathWords(path)}: Compose ignores it.${didYouMean}`, true);
      else this.at(pair.key, `Unknown key "${name}" in ${pathWords(path)}.${didYouMean}`);
    }
    for (const req of spec.required ?? []) {
      if (!node.pairs.some((p) => p.key.value === req)) this.at(owner ?? node, `${pathWords(path)} needs "${req}".`);
    }
  }

  private array(node: { items: YNode[] }, spec: ArraySpec, path: PathLink): void {
    const seen = new Map<string, YNode>();
    node.items.forEach((item, i) => {
      this.check(item, spec.items, path, i, undefined);
      if (spec.unique && item.kind === 'scalar' && item.value !== null) {
        const k = String(item.value);
        const first = seen.get(k);
        if (first) {
          const line = first.file.positionAt(first.start).line + 1;
          this.at(item, `Duplicate entry "${k}" in ${pathWords(path)} (already on line ${line}).`);
        } else seen.set(k, item);
      }
    });
  }
}

function scalarProblem(node: ScalarNode, spec: ScalarSpec, parent: PathLink, name: string | number | undefined): string | undefined {
  const v = node.value;
  if (typeof v === 'string') {
    // Quote what the user wrote: an interpolated value may carry a secret.
    const shown = node.interpolated ? `"${written(node)}" (after interpolation)` : `"${v}"`;
    if (spec.enum && !spec.enum.includes(v)) {
      const hint = node.interpolated ? undefined : suggest(v, [...spec.enum]);
      return `${shown} is not a valid value for ${pathWords(linked(parent, name))}: use ${joinOr(spec.enum.map((e) => `"${e}"`))}.${hint ? ` Did you mean "${hint}"?` : ''}`;
    }
    if (spec.pattern && !spec.pattern.re.test(v)) return `${shown} is not a valid value for ${pathWords(linked(parent, name))}: use ${spec.pattern.expected}.`;
  }
  if (typeof v === 'number') {
    if (spec.min !== undefined && v < spec.min) return `${pathWords(linked(parent, name))} must be at least ${spec.min}, not ${v}.`;
    if (spec.max !== undefined && v > spec.max) return `${pathWords(linked(parent, name))} must be at most ${spec.max}, not ${v}.`;
  }
  return undefined;
}

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
