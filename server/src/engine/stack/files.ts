import type { Project } from '../project/model';
import { get, isMap, keyText, type MapNode, type Pair } from '../yaml/nodes';

/**
 * Each file's own services, before merging: `docker stack deploy` validates every file of the
 * set on its own, so what it refuses is found (and underlined) in the file that wrote it.
 */
export function servicesByFile(project: Project): { name: string; pair: Pair; node: MapNode }[] {
  const out: { name: string; pair: Pair; node: MapNode }[] = [];
  for (const root of project.fileRoots.values()) {
    const services = get(root, 'services');
    if (!isMap(services)) continue;
    for (const pair of services.pairs) if (isMap(pair.value)) out.push({ name: keyText(pair), pair, node: pair.value });
  }
  return out;
}
