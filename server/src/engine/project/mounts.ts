import { splitVolumeSpec } from './merge';
import { get, text, type YNode } from '../yaml/nodes';

/** A service mount, short (`data:/var/lib/db:ro`) or long form. */
export interface Mount {
  node: YNode;
  type: string;
  source?: string;
  /** The node holding the source (for ranges). */
  sourceNode: YNode;
  target?: string;
}

export function parseMount(node: YNode): Mount | undefined {
  if (node.kind === 'map') {
    const sourceNode = get(node, 'source') ?? node;
    return { node, type: text(get(node, 'type')) ?? 'volume', source: text(get(node, 'source')), sourceNode, target: text(get(node, 'target')) };
  }
  const value = text(node);
  if (value === undefined) return undefined;
  const parts = splitVolumeSpec(value);
  if (parts.length === 1) return { node, type: 'volume', sourceNode: node, target: parts[0] };
  const source = parts[0];
  return { node, type: isHostPath(source) ? 'bind' : 'volume', source, sourceNode: node, target: parts[1] };
}

/** Short-syntax sources that are host paths rather than volume names. */
export function isHostPath(source: string): boolean {
  return /^([./~\\]|[A-Za-z]:[\\/])/.test(source) || source.includes('/') || source.includes('\\');
}
