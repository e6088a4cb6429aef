import type { Tier } from '../contract/model';
import type { Project } from '../project/model';
import { getPair, truthy, type Pair } from '../yaml/nodes';

/** The networks of a tier that the project itself creates (defined, not external). */
export function createdNetworks(project: Project, tier: Tier): Pair[] {
  return tier.networks.map((n) => project.resource('networks', n.name)).filter((def): def is Pair => !!def && !truthy(getPair(def.value, 'external')?.value));
}
