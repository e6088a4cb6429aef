import type { ObjectSpec } from './spec/types';
import type { SourceFile } from './text';
import type { YNode } from './yaml/nodes';

/**
 * Whether a parsed file is what it was read as (compose or contract YAML): empty, or a mapping
 * of that format's top-level keys. Only such files have their lines printed beside findings; an
 * `include: [/proc/self/environ]` or a key file parses as some YAML too, and its lines must never
 * reach a CI log.
 */
export function isShapedLike(root: YNode | undefined, spec: ObjectSpec): boolean {
  if (!root) return true;
  if (root.kind !== 'map') return false;
  return root.pairs.every((p) => {
    const key = String(p.key.value);
    return key in spec.props || (spec.extensions && key.startsWith('x-'));
  });
}

/** Marks a file whose lines may be printed, once it is known to be what it was read as. */
export function markQuotable(file: SourceFile, root: YNode | undefined, spec: ObjectSpec): void {
  file.quotable = isShapedLike(root, spec);
}
