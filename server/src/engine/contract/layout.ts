import type { ElkExtendedEdge, ElkNode, ElkShape } from 'elkjs/lib/elk-api';
import type { MeshEdge, MeshLayout, MeshNode, Topology } from '../../../../common/topology';

/**
 * The mesh map's layout, computed by ELK's layered algorithm: tiers are compound nodes holding
 * their networks and services, and edges run across the hierarchy (a service to another tier's
 * network, tier to tier). Coordinates come back absolute, so the SVG of the CLI and the editor's
 * map draw from exactly this result.
 */
const CHAR = 7;
const SERVICE_H = 32;
const NOTE_H = 14;
const NETWORK_H = 28;
const LABEL_H = 16;

const textWidth = (s: string) => Math.ceil(s.length * CHAR);

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
let engine: Elk | undefined;
/** Loaded on the first picture only: the layout engine is large and validation never needs it. */
function elk(): Elk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ELK = require('elkjs/lib/elk.bundled.js') as new () => Elk;
  return (engine ??= new ELK());
}

export const serviceId = (name: string) => `service:${name}`;
export const networkId = (name: string) => `network:${name}`;
const tierId = (name: string) => `tier:${name}`;

export function tierLabel(tier: Topology['tiers'][number]): string {
  const publish = tier.publish === true ? 'publishes' : Array.isArray(tier.publish) ? `publishes ${tier.publish.join(', ')}` : '';
  return [`tier ${tier.name}`, tier.internal ? 'internal' : '', publish].filter(Boolean).join(' · ');
}

export async function layoutTopology(t: Topology): Promise<MeshLayout> {
  const bad = new Set(t.violations.map((v) => v.service));
  const nodes = new Map<string, Omit<MeshNode, 'x' | 'y'>>();
  for (const n of t.networks) {
    const note = n.tier ? undefined : 'no tier';
    nodes.set(networkId(n.name), {
      id: networkId(n.name),
      kind: 'network',
      name: n.name,
      note,
      gated: false,
      violation: false,
      file: n.file,
      line: n.line,
      width: textWidth(`◇ ${n.name}`) + 28,
      height: NETWORK_H + (note ? NOTE_H : 0),
    });
  }
  for (const s of t.services) {
    const note = [s.enabled ? '' : `profile ${s.profiles.join(', ')}`, s.tier ? '' : 'no tier'].filter(Boolean).join(' · ') || undefined;
    nodes.set(serviceId(s.name), {
      id: serviceId(s.name),
      kind: 'service',
      name: s.name,
      note,
      gated: !s.enabled,
      violation: bad.has(s.name),
      file: s.file,
      line: s.line,
      width: Math.max(70, textWidth(s.name) + 24, note ? textWidth(note) * 0.85 + 20 : 0),
      height: SERVICE_H + (note ? NOTE_H : 0),
    });
  }
  const leaf = (id: string): ElkNode => ({ id, width: nodes.get(id)?.width, height: nodes.get(id)?.height });
  const placed = new Set<string>();
  const groups: ElkNode[] = t.tiers.map((tier) => {
    const children = [...tier.networks.map(networkId), ...t.services.filter((s) => s.tier === tier.name).map((s) => serviceId(s.name))].filter(
      (id) => nodes.has(id) && !placed.has(id),
    );
    children.forEach((id) => placed.add(id));
    return {
      id: tierId(tier.name),
      labels: [{ text: tierLabel(tier) }],
      layoutOptions: {
        'elk.padding': '[top=34,left=14,bottom=14,right=14]',
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${textWidth(tierLabel(tier)) + 28}, 60)`,
      },
      children: children.map(leaf),
    };
  });
  const loose = [...nodes.keys()].filter((id) => !placed.has(id)).map(leaf);
  const edges: (ElkExtendedEdge & { mesh: Omit<MeshEdge, 'points' | 'label'> })[] = [];
  for (const a of t.attachments) {
    if (nodes.has(networkId(a.network))) {
      edges.push({
        id: `attachment:${a.service}\n${a.network}`,
        sources: [serviceId(a.service)],
        targets: [networkId(a.network)],
        mesh: { id: `attachment:${a.service}\n${a.network}`, kind: 'attachment', state: a.violation ? 'violation' : 'ok' },
      });
    }
  }
  for (const f of t.flows)
    edges.push({
      id: `flow:${f.from}\n${f.to}`,
      sources: [tierId(f.from)],
      targets: [tierId(f.to)],
      mesh: { id: `flow:${f.from}\n${f.to}`, kind: 'flow', state: 'ok' },
    });
  for (const r of t.references) {
    const id = `reference:${r.from}\n${r.to}`;
    const text = r.state === 'forbidden' ? `${r.file}:${r.line}` : undefined;
    edges.push({
      id,
      sources: [serviceId(r.from)],
      targets: [serviceId(r.to)],
      labels: text ? [{ text, width: textWidth(text), height: LABEL_H }] : undefined,
      mesh: { id, kind: 'reference', state: r.state, file: r.file, line: r.line },
    });
  }
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.edgeCoords': 'ROOT',
      'elk.json.shapeCoords': 'ROOT',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
      'elk.spacing.nodeNode': '18',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.edgeNode': '12',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
    },
    children: [...groups, ...loose],
    edges: edges.map(({ mesh: _mesh, ...e }) => e),
  };
  const done = await elk().layout(graph);
  const box = (n: ElkShape) => ({ x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 });
  const laidNodes: MeshNode[] = [];
  const visit = (n: ElkNode) => {
    const known = nodes.get(n.id);
    if (known) laidNodes.push({ ...known, ...box(n) });
    n.children?.forEach(visit);
  };
  done.children?.forEach(visit);
  const byId = new Map(edges.map((e) => [e.id, e.mesh]));
  return {
    width: Math.ceil(done.width ?? 0),
    height: Math.ceil(done.height ?? 0),
    groups: (done.children ?? [])
      .filter((g) => g.id.startsWith('tier:'))
      .map((g) => {
        const tier = t.tiers.find((x) => tierId(x.name) === g.id) as Topology['tiers'][number];
        return { id: g.id, tier: tier.name, label: tierLabel(tier), internal: tier.internal, ...box(g) };
      }),
    nodes: laidNodes,
    edges: (done.edges ?? []).map((e) => {
      const s = (e as ElkExtendedEdge).sections?.[0];
      const l = e.labels?.[0];
      return {
        ...(byId.get(e.id) as MeshEdge),
        points: s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [],
        label: l?.text ? { text: l.text, ...box(l) } : undefined,
      };
    }),
  };
}
