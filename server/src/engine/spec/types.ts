/**
 * A small structural type language for the Compose Specification. It is deliberately not JSON
 * Schema: each alternative of a union is picked by the node's shape, so a mistake is reported
 * as "must be a list, not a mapping" at the node that has it, never as "must match exactly one
 * schema in oneOf".
 */

export type ScalarType = 'string' | 'number' | 'integer' | 'boolean' | 'null';

export interface ScalarSpec {
  k: 'scalar';
  types: ScalarType[];
  enum?: readonly string[];
  /**
   * Pattern for string values (the schema's, searched unanchored as JSON Schema does), and the
   * words that say what it wants. `because` marks a pattern the schema lacks and we check anyway,
   * with the reason (the specification test lists these apart).
   */
  pattern?: { re: RegExp; expected: string; because?: string };
  min?: number;
  max?: number;
  /** Values offered by completion without being enforced (drivers, restart policies…). */
  values?: readonly string[];
  doc?: string;
}

export interface ObjectSpec {
  k: 'object';
  props: Record<string, Spec>;
  required?: readonly string[];
  /** `x-` keys are accepted (and not checked) where the specification allows extensions. */
  extensions: boolean;
  /** Spec of keys not listed in props (patternProperties); absent: such keys are unknown. */
  additional?: Spec;
  /** Names allowed for the additional keys; `open`: other names are accepted unchecked (as the schema does). */
  keyPattern?: { re: RegExp; what: string; open?: boolean };
  nullable?: boolean;
  /**
   * Unknown keys the schema rejects but Compose reads past, with the reason: a warning (most
   * likely a typo, and it does nothing), never an error on a file Compose runs.
   */
  unknownKeysIgnored?: string;
  doc?: string;
}

export interface ArraySpec {
  k: 'array';
  items: Spec;
  unique?: boolean;
  doc?: string;
}

export interface UnionSpec {
  k: 'union';
  alts: Spec[];
  doc?: string;
}

export interface AnySpec {
  k: 'any';
  doc?: string;
}

export type Spec = ScalarSpec | ObjectSpec | ArraySpec | UnionSpec | AnySpec;

type Opts<T> = Partial<Omit<T, 'k'>>;

export const scalar = (types: ScalarType[], doc?: string, opts: Opts<ScalarSpec> = {}): ScalarSpec => ({ k: 'scalar', types, doc, ...opts });
export const str = (doc?: string, opts: Opts<ScalarSpec> = {}): ScalarSpec => scalar(['string'], doc, opts);
/** Fields typed `["boolean","string"]`: a boolean, or a string interpolated to one. */
export const bool = (doc?: string): ScalarSpec => scalar(['boolean', 'string'], doc);
export const int = (doc?: string, opts: Opts<ScalarSpec> = {}): ScalarSpec => scalar(['integer', 'string'], doc, opts);
export const num = (doc?: string): ScalarSpec => scalar(['number', 'string'], doc);
export const any = (doc?: string): AnySpec => ({ k: 'any', doc });

export const obj = (props: Record<string, Spec>, doc?: string, opts: Opts<ObjectSpec> = {}): ObjectSpec => ({
  k: 'object',
  props,
  extensions: true,
  doc,
  ...opts,
});

/** A mapping of user-chosen names to values of one spec. */
export const dict = (value: Spec, doc?: string, keyPattern?: ObjectSpec['keyPattern']): ObjectSpec => ({
  k: 'object',
  props: {},
  extensions: false,
  additional: value,
  keyPattern,
  doc,
});

export const arr = (items: Spec, doc?: string, unique = false): ArraySpec => ({ k: 'array', items, unique, doc });
export const oneOf = (doc: string | undefined, ...alts: Spec[]): UnionSpec => ({ k: 'union', alts, doc });

/** The spec of the node at a key path (`[]` for list items); unions contribute every alternative. */
export function specAt(root: Spec, path: readonly string[]): Spec | undefined {
  return walk(root, path)?.spec;
}

/**
 * The field a key path names, the same for every service, network or list item: user-chosen
 * names become `*`, list items `[]` (`services.*.networks.*.gw_priority`).
 */
export function fieldAt(root: Spec, path: readonly string[]): string | undefined {
  return walk(root, path)?.field.join('.');
}

function walk(root: Spec, path: readonly string[]): { spec: Spec; field: string[] } | undefined {
  let spec: Spec = root;
  const field: string[] = [];
  for (const key of path) {
    const next = childSpec(spec, key);
    if (!next) return undefined;
    spec = next.spec;
    field.push(next.as);
  }
  return { spec, field };
}

/** The spec of one key below a spec, and the key as the field is named (`*` for a user-chosen name). */
function childSpec(spec: Spec, key: string): { spec: Spec; as: string } | undefined {
  switch (spec.k) {
    case 'object':
      if (Object.prototype.hasOwnProperty.call(spec.props, key)) return { spec: spec.props[key], as: key };
      return spec.additional && { spec: spec.additional, as: '*' };
    case 'array':
      return key === '[]' ? { spec: spec.items, as: '[]' } : undefined;
    case 'union':
      for (const alt of spec.alts) {
        const c = childSpec(alt, key);
        if (c) return c;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The object alternative of a spec (for key completion), if it has one. */
export function objectOf(spec: Spec | undefined): ObjectSpec | undefined {
  if (!spec) return undefined;
  if (spec.k === 'object') return spec;
  if (spec.k === 'union') for (const alt of spec.alts) if (alt.k === 'object') return alt;
  return undefined;
}

/** Values worth offering for a scalar spec: its enum, or its suggested values. */
export function valuesOf(spec: Spec | undefined): readonly string[] {
  if (!spec) return [];
  if (spec.k === 'scalar') return spec.enum ?? spec.values ?? [];
  if (spec.k === 'union') return spec.alts.flatMap((a) => [...valuesOf(a)]);
  return [];
}

/** The documentation of a spec (a union's own, or its first documented alternative's). */
export function docOf(spec: Spec | undefined): string | undefined {
  if (!spec) return undefined;
  if (spec.doc) return spec.doc;
  if (spec.k === 'union') for (const alt of spec.alts) if (alt.doc) return alt.doc;
  return undefined;
}
