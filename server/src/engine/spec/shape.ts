import type { Spec } from './types';

/**
 * Flattens both the canonical JSON schema and our structural model into the same form — per key
 * path, the value kinds, enum values, string patterns, required keys and whether other keys are
 * allowed — so the two can be compared line by line. Used by `npm run spec:diff` and by the test
 * that keeps the model in step with the schema; the engine itself never loads it.
 */

export interface Shape {
  kinds: Set<string>;
  enums: Set<string>;
  patterns: Set<string>;
  required: Set<string>;
  /** `x-` (extensions allowed), `open` (keys matching no property or pattern are accepted). */
  keys: Set<string>;
}

export type Shapes = Map<string, Shape>;

/** A pattern the model checks although the schema does not, with why (see ScalarSpec). */
export interface BeyondSchema {
  path: string;
  pattern: string;
  because: string;
}

function shapeAt(shapes: Shapes, path: string): Shape {
  let s = shapes.get(path);
  if (!s) shapes.set(path, (s = { kinds: new Set(), enums: new Set(), patterns: new Set(), required: new Set(), keys: new Set() }));
  return s;
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

type JsonSchema = { [k: string]: unknown };

/** The shapes of a JSON schema, draft-07 (`definitions`) or 2020-12 (`$defs`). */
export function schemaShapes(schema: JsonSchema): Shapes {
  const defs = (schema.$defs ?? schema.definitions ?? {}) as Record<string, JsonSchema>;
  const resolve = (ref: string): JsonSchema | undefined => {
    const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
    return m ? defs[m[2]] : undefined;
  };
  const shapes: Shapes = new Map();
  // Work list instead of recursion; a `$ref` already on a node's chain is not followed again.
  const work: { node: unknown; path: string; refs: ReadonlySet<string> }[] = [{ node: schema, path: '', refs: new Set() }];
  while (work.length) {
    const { node, path, refs } = work.pop()!;
    if (!node || typeof node !== 'object') continue;
    const n = node as JsonSchema;
    const shape = shapeAt(shapes, path);
    const ref = typeof n.$ref === 'string' ? n.$ref : undefined;
    if (ref) {
      if (!refs.has(ref)) work.push({ node: resolve(ref), path, refs: new Set([...refs, ref]) });
      continue;
    }
    const alts = [...((n.oneOf as unknown[]) ?? []), ...((n.anyOf as unknown[]) ?? []), ...((n.allOf as unknown[]) ?? [])];
    for (const alt of alts) work.push({ node: alt, path, refs });
    const types = typeof n.type === 'string' ? [n.type] : Array.isArray(n.type) ? (n.type as string[]) : [];
    const isObject = types.includes('object') || (!types.length && (n.properties || n.patternProperties));
    const isArray = types.includes('array') || (!types.length && n.items);
    for (const t of types) shape.kinds.add(t);
    if (!types.length && isObject) shape.kinds.add('object');
    if (!types.length && isArray) shape.kinds.add('array');
    if (!types.length && !alts.length && !isObject && !isArray && !n.enum) shape.kinds.add('any');
    for (const e of (n.enum as unknown[]) ?? []) shape.enums.add(String(e));
    if (typeof n.pattern === 'string') shape.patterns.add(n.pattern);
    for (const r of (n.required as string[]) ?? []) shape.required.add(r);
    if (isObject) {
      for (const [k, v] of Object.entries((n.properties as Record<string, unknown>) ?? {})) work.push({ node: v, path: join(path, k), refs });
      for (const [pattern, v] of Object.entries((n.patternProperties as Record<string, unknown>) ?? {})) {
        if (pattern === '^x-') shape.keys.add('x-');
        else {
          shape.keys.add(`names ${pattern}`);
          work.push({ node: v, path: `${path}.*`, refs });
        }
      }
      const extra = n.additionalProperties;
      if (extra !== false) shape.keys.add('open');
      if (extra && typeof extra === 'object') work.push({ node: extra, path: `${path}.*`, refs });
    }
    if (isArray && n.items) work.push({ node: n.items, path: `${path}[]`, refs });
  }
  return shapes;
}

/** The shapes of our model, and the patterns it checks beyond the schema. */
export function modelShapes(root: Spec): { shapes: Shapes; beyond: BeyondSchema[] } {
  const shapes: Shapes = new Map();
  const beyond: BeyondSchema[] = [];
  const work: { spec: Spec; path: string; depth: number }[] = [{ spec: root, path: '', depth: 0 }];
  while (work.length) {
    const { spec, path, depth } = work.pop()!;
    if (depth > 40) continue;
    const shape = shapeAt(shapes, path);
    const next = (s: Spec, p: string) => work.push({ spec: s, path: p, depth: depth + 1 });
    switch (spec.k) {
      case 'any':
        shape.kinds.add('any');
        break;
      case 'union':
        for (const alt of spec.alts) work.push({ spec: alt, path, depth: depth + 1 });
        break;
      case 'array':
        shape.kinds.add('array');
        next(spec.items, `${path}[]`);
        break;
      case 'scalar':
        for (const t of spec.types) shape.kinds.add(t);
        for (const e of spec.enum ?? []) shape.enums.add(e);
        if (spec.pattern?.because) beyond.push({ path, pattern: spec.pattern.re.source, because: spec.pattern.because });
        else if (spec.pattern) shape.patterns.add(spec.pattern.re.source);
        break;
      case 'object':
        shape.kinds.add('object');
        if (spec.nullable) shape.kinds.add('null');
        for (const r of spec.required ?? []) shape.required.add(r);
        if (spec.extensions) shape.keys.add('x-');
        if (spec.keyPattern) shape.keys.add(`names ${spec.keyPattern.re.source}`);
        if (spec.additional && (!spec.keyPattern || spec.keyPattern.open)) shape.keys.add('open');
        for (const [k, v] of Object.entries(spec.props)) next(v, join(path, k));
        // Unchecked values of other keys are the schema's plain `type: object`: nothing below it.
        if (spec.additional && spec.additional.k !== 'any') next(spec.additional, `${path}.*`);
        break;
    }
  }
  return { shapes, beyond };
}

/** Every difference, one line each: `+` only in the schema, `-` only in the model. */
export function diffShapes(schema: Shapes, model: Shapes): string[] {
  const out: string[] = [];
  const paths = [...new Set([...schema.keys(), ...model.keys()])].sort();
  for (const path of paths) {
    const a = schema.get(path);
    const b = model.get(path);
    const where = path || '(top level)';
    if (!b) {
      out.push(`+ ${where}`);
      continue;
    }
    if (!a) {
      out.push(`- ${where}`);
      continue;
    }
    for (const facet of ['kinds', 'enums', 'patterns', 'required', 'keys'] as const) {
      for (const v of a[facet]) if (!b[facet].has(v)) out.push(`+ ${where} ${facet}: ${v}`);
      for (const v of b[facet]) if (!a[facet].has(v)) out.push(`- ${where} ${facet}: ${v}`);
    }
  }
  return out;
}
