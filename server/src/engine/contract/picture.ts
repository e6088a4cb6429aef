import type { MeshLayout, Topology } from '../../../../common/topology';
import type { Finding } from '../diagnostic';
import type { Project } from '../project/model';
import { layoutTopology } from './layout';
import { toMermaid } from './mermaid';
import type { Contract } from './model';
import { toMapSvg, toSvg } from './svg';
import { buildTopology } from './topology';

export interface Picture {
  topology: Topology;
  layout: MeshLayout;
  /** The standalone SVG (title, legend, map, violations), as the CLI prints it. */
  svg: string;
  /** The map alone, from the same layout, for the editor's panel. */
  map: string;
  mermaid: string;
}

/** The contract's picture in every form, all from one graph and one layout. */
export async function drawTopology(project: Project, contract: Contract, findings: Finding[]): Promise<Picture> {
  const topology = buildTopology(project, contract, findings);
  const layout = await layoutTopology(topology);
  return { topology, layout, svg: toSvg(topology, layout), map: toMapSvg(layout), mermaid: toMermaid(topology) };
}

/** Every file the picture points into (relative to the project), for links that open them. */
export function pictureFiles(t: Topology): string[] {
  const files = [...t.services, ...t.networks, ...t.references, ...t.violations].map((x) => x.file).filter((f): f is string => !!f);
  return [...new Set(files)];
}
