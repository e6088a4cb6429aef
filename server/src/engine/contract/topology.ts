import * as path from 'node:path';
import type { Finding } from '../diagnostic';
import type { Project } from '../project/model';
import type { Contract } from './model';

/**
 * The picture of a contract: tiers with their services and networks, the flows the contract
 * allows, and every contract violation, each pointing at its line. Rendered as Mermaid (for
 * docs and Markdown previews) or as a standalone SVG.
 */
export interface Topology {
  project: string;
  tiers: { name: string; internal: boolean; publish: boolean | string[]; networks: string[]; services: string[] }[];
  flows: { from: string; to: string }[];
  /** Services on networks: the edges of the picture. */
  attachments: { service: string; network: string; violation: boolean }[];
  unassigned: string[];
  violations: { rule: string; message: string; file: string; line: number; service?: string }[];
}

const CONTRACT_RULE = /^(contract-|live-)/;

export function buildTopology(project: Project, contract: Contract, findings: Finding[]): Topology {
  // Services disabled by the active profiles are not part of the running system.
  const services = project.services.filter((s) => s.enabled);
  const violations = findings
    .filter((f) => CONTRACT_RULE.test(f.ruleId) && (f.severity === 'error' || f.severity === 'warning'))
    .map((f) => ({
      rule: f.ruleId,
      message: f.message,
      file: path.relative(project.dir, f.file.path) || f.file.path,
      line: f.file.positionAt(f.start).line + 1,
      service: /Service "([^"]+)"/.exec(f.message)?.[1],
    }));
  const tiers = [...contract.tiers.values()].map((t) => ({
    name: t.name,
    internal: t.internal,
    publish: t.publish,
    networks: t.networks.map((n) => n.name),
    services: services.filter((s) => contract.placement(s)?.tier === t).map((s) => s.name),
  }));
  const flows = [...contract.tiers.values()].flatMap((t) => t.reach.filter((r) => contract.tiers.has(r.name)).map((r) => ({ from: t.name, to: r.name })));
  const attachments = services.flatMap((s) =>
    project.networksOf(s).map((n) => ({
      service: s.name,
      network: n.name,
      violation: violations.some((v) => v.service === s.name && (v.rule === 'contract-membership' || v.rule === 'contract-bridge' || v.rule === 'live-network') && v.message.includes(`"${n.name}"`)),
    })),
  );
  return { project: project.name, tiers, flows, attachments, unassigned: services.filter((s) => !contract.placement(s)).map((s) => s.name), violations };
}

const id = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
const label = (s: string) => s.replace(/"/g, '#quot;');

export function toMermaid(t: Topology): string {
  const out = ['flowchart LR'];
  const bad = new Set(t.violations.map((v) => v.service).filter(Boolean));
  for (const tier of t.tiers) {
    const notes = [tier.internal ? 'internal' : '', tier.publish === true ? 'publishes' : Array.isArray(tier.publish) ? `publishes on ${tier.publish.join(', ')}` : ''].filter(Boolean);
    out.push(`  subgraph ${id('tier', tier.name)}["tier ${label(tier.name)}${notes.length ? ` (${notes.join('; ')})` : ''}"]`);
    for (const n of tier.networks) out.push(`    ${id('net', n)}(["network ${label(n)}"])`);
    for (const s of tier.services) out.push(`    ${id('svc', s)}["${label(s)}"]`);
    out.push('  end');
  }
  for (const s of t.unassigned) out.push(`  ${id('svc', s)}["${label(s)} (no tier)"]`);
  const links: boolean[] = [];
  for (const a of t.attachments) {
    out.push(`  ${id('svc', a.service)} ${a.violation ? '-. violation .-' : '---'} ${id('net', a.network)}`);
    links.push(a.violation);
  }
  for (const f of t.flows) {
    out.push(`  ${id('tier', f.from)} ==>|may reach| ${id('tier', f.to)}`);
    links.push(false);
  }
  out.push('  classDef violation stroke:#d32f2f,stroke-width:3px,color:#d32f2f');
  if (bad.size) out.push(`  class ${[...bad].map((s) => id('svc', s as string)).join(',')} violation`);
  links.forEach((v, i) => v && out.push(`  linkStyle ${i} stroke:#d32f2f,stroke-width:3px`));
  for (const v of t.violations) out.push(`  %% ${v.file}:${v.line} ${v.rule}: ${v.message}`);
  return out.join('\n') + '\n';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained SVG: one column per tier, violations listed in red beneath. */
export function toSvg(t: Topology): string {
  const colW = 220;
  const rowH = 22;
  const top = 70;
  const bad = new Set(t.violations.map((v) => v.service).filter(Boolean));
  const tallest = Math.max(1, ...t.tiers.map((tier) => tier.services.length + tier.networks.length));
  const boxH = 40 + tallest * rowH;
  const longest = Math.max(0, ...t.violations.map((v) => `✖ ${v.file}:${v.line} ${v.message}`.length));
  // About 7.5 px per character at 13 px sans-serif: wide enough for every violation line.
  const width = Math.max(480, t.tiers.length * (colW + 20) + 20, Math.ceil(40 + longest * 7.5));
  const x = (i: number) => 20 + i * (colW + 20);
  const parts: string[] = [];
  t.tiers.forEach((tier, i) => {
    parts.push(`<rect x="${x(i)}" y="${top}" width="${colW}" height="${boxH}" rx="8" fill="${tier.internal ? '#eef3fb' : '#f6f6f6'}" stroke="#607d8b"/>`);
    parts.push(`<text x="${x(i) + 10}" y="${top + 22}" font-weight="bold">tier ${esc(tier.name)}${tier.internal ? ' · internal' : ''}</text>`);
    let row = 0;
    for (const n of tier.networks) parts.push(`<text x="${x(i) + 10}" y="${top + 46 + row++ * rowH}" fill="#37474f">◇ network ${esc(n)}</text>`);
    for (const s of tier.services) {
      parts.push(`<text x="${x(i) + 10}" y="${top + 46 + row++ * rowH}" fill="${bad.has(s) ? '#d32f2f' : '#000'}"${bad.has(s) ? ' font-weight="bold"' : ''}>▣ ${esc(s)}</text>`);
    }
  });
  const index = new Map(t.tiers.map((tier, i) => [tier.name, i]));
  t.flows.forEach((f, k) => {
    const a = index.get(f.from) as number;
    const b = index.get(f.to) as number;
    const y = top - 12 - (k % 3) * 10;
    const [x1, x2] = [x(a) + colW / 2, x(b) + colW / 2];
    parts.push(`<path d="M${x1} ${top} V${y} H${x2} V${top - 4}" fill="none" stroke="#2e7d32" marker-end="url(#arrow)"/>`);
  });
  let y = top + boxH + 30;
  if (t.unassigned.length) {
    parts.push(`<text x="20" y="${y}">Services in no tier: ${esc(t.unassigned.join(', '))}</text>`);
    y += rowH;
  }
  for (const v of t.violations) {
    parts.push(`<text x="20" y="${y}" fill="#d32f2f">✖ ${esc(`${v.file}:${v.line} ${v.message}`)}</text>`);
    y += rowH;
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#2e7d32"/></marker></defs>',
    `<text x="20" y="24" font-size="16" font-weight="bold">${esc(t.project)}: network contract</text>`,
    `<text x="20" y="44" fill="#2e7d32">green arrows: tiers allowed to reach each other</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
