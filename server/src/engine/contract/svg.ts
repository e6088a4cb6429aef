import type { MeshEdge, MeshLayout, MeshNode, Topology } from '../../../../common/topology';

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');

// Fixed colours for the standalone SVG, viewed outside the editor; the editor's map recolours
// its classes from the theme (client/src/meshMap/webview/map.css).
const RED = '#d32f2f';
const GREEN = '#2e7d32';
const ORANGE = '#ef6c00';
const EDGE_STYLE: Record<string, string> = {
  'attachment/ok': 'stroke="#b0bec5" stroke-width="1.2"',
  'attachment/violation': `stroke="${RED}" stroke-width="2.5" stroke-dasharray="6 3"`,
  'flow/ok': 'stroke="#66bb6a" stroke-width="4" stroke-opacity="0.45" marker-end="url(#mesh-flow)"',
  'reference/allowed': `stroke="${GREEN}" stroke-width="1.8" marker-end="url(#mesh-green)"`,
  'reference/forbidden': `stroke="${RED}" stroke-width="2.5" marker-end="url(#mesh-red)"`,
  'reference/unreachable': `stroke="${ORANGE}" stroke-width="1.8" stroke-dasharray="5 4" marker-end="url(#mesh-orange)"`,
};

const place = (file?: string, line?: number) => (file ? ` data-file="${esc(file)}" data-line="${line ?? 1}"` : '');

function node(n: MeshNode): string {
  const cls = `mesh-node mesh-${n.kind}${n.violation ? ' mesh-violation' : ''}${n.gated ? ' mesh-gated' : ''}`;
  const stroke = n.violation
    ? `stroke="${RED}" stroke-width="2.5"`
    : n.kind === 'network'
      ? 'stroke="#1e88e5" stroke-width="1.2"'
      : 'stroke="#455a64" stroke-width="1.2"';
  const fill = n.kind === 'network' ? '#e3f2fd' : '#ffffff';
  const rx = n.kind === 'network' ? Math.min(14, n.height / 2) : 6;
  const title = n.kind === 'network' ? `◇ ${n.name}` : n.name;
  const mid = n.x + n.width / 2;
  return [
    `<g class="${cls}" data-id="${esc(n.id)}" data-name="${esc(n.name)}"${place(n.file, n.line)}${n.gated ? ' opacity="0.6"' : ''}>`,
    `<title>${esc(`${n.kind} ${n.name}${n.note ? ` (${n.note})` : ''}${n.file ? ` — ${n.file}:${n.line}` : ''}`)}</title>`,
    `<rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="${rx}" fill="${fill}" ${stroke}${n.gated ? ' stroke-dasharray="4 3"' : ''}/>`,
    `<text x="${mid}" y="${n.y + 20}" text-anchor="middle"${n.violation ? ` fill="${RED}" font-weight="bold"` : ''}>${esc(title)}</text>`,
    n.note ? `<text class="mesh-note" x="${mid}" y="${n.y + 34}" text-anchor="middle" font-size="10" fill="#607d8b">${esc(n.note)}</text>` : '',
    '</g>',
  ].join('');
}

function edge(e: MeshEdge): string {
  if (e.points.length < 2) return '';
  const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' ');
  const style = EDGE_STYLE[`${e.kind}/${e.state}`] ?? EDGE_STYLE['attachment/ok'];
  const label = e.label ? `<text x="${e.label.x}" y="${e.label.y + 12}" font-size="11" fill="${RED}" font-weight="bold">${esc(e.label.text)}</text>` : '';
  // A wide transparent twin makes a thin line easy to click.
  const hit = e.file ? `<path d="${d}" stroke="transparent" stroke-width="10" fill="none"/>` : '';
  return `<g class="mesh-edge mesh-${e.kind} mesh-${e.state}"${place(e.file, e.line)}>${hit}<path class="mesh-line" d="${d}" fill="none" ${style}/>${label}</g>`;
}

const marker = (id: string, colour: string) =>
  `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${colour}"/></marker>`;

/** The picture itself: groups, edges and nodes at the layout's coordinates, offset by `dy`. */
export function meshSvgBody(layout: MeshLayout, dy = 0): string {
  const groups = layout.groups.map(
    (g) =>
      `<g class="mesh-tier${g.internal ? ' mesh-internal' : ''}" data-tier="${esc(g.tier)}"><rect x="${g.x}" y="${g.y}" width="${g.width}" height="${g.height}" rx="10" fill="${g.internal ? '#eef2fb' : '#f5f6f7'}" stroke="#90a4ae"${g.internal ? ' stroke-dasharray="6 3"' : ''}/><text x="${g.x + 12}" y="${g.y + 21}" font-weight="bold" fill="#37474f">${esc(g.label)}</text></g>`,
  );
  // Edges under nodes, except references, drawn last so a violation is never hidden.
  const under = layout.edges.filter((e) => e.kind !== 'reference').map(edge);
  const over = layout.edges.filter((e) => e.kind === 'reference').map(edge);
  return [
    `<defs>${marker('mesh-green', GREEN)}${marker('mesh-red', RED)}${marker('mesh-orange', ORANGE)}${marker('mesh-flow', '#66bb6a')}</defs>`,
    `<g transform="translate(0 ${dy})">`,
    ...groups,
    ...under,
    ...layout.nodes.map(node),
    ...over,
    '</g>',
  ].join('\n');
}

/** The map alone, for the editor's panel: it scales to the panel and the webview pans and zooms it. */
export function toMapSvg(layout: MeshLayout): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" preserveAspectRatio="xMidYMid meet" font-family="sans-serif" font-size="12">\n${meshSvgBody(layout)}\n</svg>`;
}

/** A self-contained SVG for docs: title, legend, the map, and every violation with its line. */
export function toSvg(t: Topology, layout: MeshLayout): string {
  const lines = t.violations.map((v) => `✖ ${v.file}:${v.line} ${v.message}`);
  const unassigned = t.unassigned.length ? [`Services in no tier: ${t.unassigned.join(', ')}`] : [];
  const header = 56;
  const listTop = header + layout.height + 24;
  // About 7 px per character at 12 px sans-serif: wide enough for every line of the list.
  const width = Math.max(480, layout.width, ...[...lines, ...unassigned].map((l) => 32 + l.length * 7));
  const height = listTop + (lines.length + unassigned.length) * 20 + 8;
  const list = [...unassigned, ...lines].map((l, i) => `<text x="16" y="${listTop + i * 20}"${l.startsWith('✖') ? ` fill="${RED}"` : ''}>${esc(l)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="16" font-weight="bold">${esc(t.project)}: network contract</text>`,
    `<text x="16" y="44" fill="#455a64">tiers hold their networks and services · <tspan fill="#66bb6a">thick arrows: tiers allowed to reach each other</tspan> · <tspan fill="${GREEN}">green: allowed connections</tspan> · <tspan fill="${RED}">red: violations</tspan></text>`,
    meshSvgBody(layout, header),
    ...list,
    '</svg>',
    '',
  ].join('\n');
}
