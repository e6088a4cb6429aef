import type { ServiceEntry } from '../project/model';
import { getPath, listItems, text } from '../yaml/nodes';

/** Whether placement constraints pin the service to one named node (hostname or id). */
export function pinnedToOneNode(service: ServiceEntry): boolean {
  return listItems(getPath(service.node, 'deploy', 'placement', 'constraints'))
    .map(text)
    .some((c) => c !== undefined && /^\s*node\.(hostname|id)\s*==/.test(c));
}

/** Tasks the service asks for: undefined for global mode (one per node). */
export function replicas(service: ServiceEntry): number | undefined {
  if (text(getPath(service.node, 'deploy', 'mode')) === 'global') return undefined;
  const n = Number(text(getPath(service.node, 'deploy', 'replicas')) ?? 1);
  return Number.isFinite(n) ? n : 1;
}
