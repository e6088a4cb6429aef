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
  /** Anchored pattern for string values, and the words that say what it wants. */
  pattern?: { re: RegExp; expected: string };
  min?: number;
  max?: number;
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
  /** Names allowed for the additional keys. */
  keyPattern?: { re: RegExp; what: string };
  nullable?: boolean;
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
