/**
 * The network contract as a graph, shared by the language server (which builds and lays it out),
 * the CLI (`compose-mesh topology`) and the editor's mesh map (which draws it and colours it with
 * live health). Paths are relative to the project directory; lines are 1-based.
 */
export interface Topology {
  project: string;
  tiers: { name: string; internal: boolean; publish: boolean | string[]; networks: string[]; services: string[] }[];
  /** Every compose network, with the tier that owns it. */
  networks: { name: string; tier?: string; file?: string; line?: number }[];
  /** Every service, also those gated by inactive profiles (`enabled: false`). */
  services: { name: string; tier?: string; profiles: string[]; enabled: boolean; file: string; line: number }[];
  /** Tier → tier: what the contract allows. */
  flows: { from: string; to: string }[];
  /** Services on networks. */
  attachments: { service: string; network: string; violation: boolean }[];
  /** Connections the services really make (URLs, host:port, links), one per pair of services. */
  references: TopologyReference[];
  unassigned: string[];
  violations: { rule: string; message: string; file: string; line: number; service?: string }[];
}

export interface TopologyReference {
  from: string;
  to: string;
  /** What opens the connection, as written (`http://auth:8002`, `links`). */
  written: string;
  /** allowed: the contract lets it through; forbidden: a contract violation; unreachable: no shared network. */
  state: 'allowed' | 'forbidden' | 'unreachable';
  file: string;
  line: number;
}

/** A laid-out picture of a topology: absolute coordinates in one space, ready to draw. */
export interface MeshLayout {
  width: number;
  height: number;
  groups: { id: string; tier: string; label: string; internal: boolean; x: number; y: number; width: number; height: number }[];
  nodes: MeshNode[];
  edges: MeshEdge[];
}

export interface MeshNode {
  /** Stable and distinct: `service:NAME` or `network:NAME`. */
  id: string;
  kind: 'service' | 'network';
  name: string;
  /** A second line: the profiles that gate a service, "no tier". */
  note?: string;
  /** Drawn muted: a service its profiles keep out of the running system. */
  gated: boolean;
  violation: boolean;
  file?: string;
  line?: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MeshEdge {
  id: string;
  kind: 'attachment' | 'flow' | 'reference';
  /** attachment: ok | violation; flow: ok; reference: its state. */
  state: 'ok' | 'violation' | TopologyReference['state'];
  points: { x: number; y: number }[];
  label?: { text: string; x: number; y: number; width: number; height: number };
  file?: string;
  line?: number;
}
