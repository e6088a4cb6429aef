import type { Topology } from '../../../../common/topology';

/**
 * A Mermaid id for a name: letters and digits stay, every other character (the underscore too)
 * becomes `_HEX_`, so distinct names never share an id (`api-v1` ≠ `api_v1`) and ids are stable.
 */
export const mermaidId = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/gu, (c) => `_${(c.codePointAt(0) ?? 0).toString(16)}_`)}`;

/** A label inside `"…"`: quotes, entity and markup characters as Mermaid entity codes, no line breaks. */
const label = (s: string) =>
  s
    .replace(/[#"<>]/g, (c) => ({ '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;' })[c] as string)
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '#32;');
/** A comment line: no line breaks, so no text can start a statement of its own. */
const comment = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');

const RED = 'stroke:#d32f2f,stroke-width:3px';

/** The same graph as the mesh map, as Mermaid (which lays it out itself) for Markdown docs. */
export function toMermaid(t: Topology): string {
  const out = ['flowchart LR'];
  const svc = (name: string) => mermaidId('svc', name);
  const net = (name: string) => mermaidId('net', name);
  const bad = new Set(t.violations.map((v) => v.service).filter((s): s is string => !!s && t.services.some((x) => x.name === s)));
  const serviceNode = (s: Topology['services'][number], indent: string) =>
    `${indent}${svc(s.name)}["${label(s.name)}${s.enabled ? '' : ` (profile ${s.profiles.join(', ')})`}${s.tier ? '' : ' (no tier)'}"]`;
  for (const tier of t.tiers) {
    const notes = [
      tier.internal ? 'internal' : '',
      tier.publish === true ? 'publishes' : Array.isArray(tier.publish) ? `publishes ${tier.publish.join(', ')}` : '',
    ].filter(Boolean);
    out.push(`  subgraph ${mermaidId('tier', tier.name)}["tier ${label(tier.name)}${notes.length ? ` (${label(notes.join('; '))})` : ''}"]`);
    for (const n of tier.networks) out.push(`    ${net(n)}(["network ${label(n)}"])`);
    for (const s of t.services) if (s.tier === tier.name) out.push(serviceNode(s, '    '));
    out.push('  end');
  }
  for (const n of t.networks) if (!n.tier) out.push(`  ${net(n.name)}(["network ${label(n.name)} (no tier)"])`);
  for (const s of t.services) if (!s.tier) out.push(serviceNode(s, '  '));
  const red: number[] = [];
  const green: number[] = [];
  let links = 0;
  for (const a of t.attachments) {
    out.push(`  ${svc(a.service)} ${a.violation ? '-. violation .-' : '---'} ${net(a.network)}`);
    if (a.violation) red.push(links);
    links++;
  }
  for (const f of t.flows) {
    out.push(`  ${mermaidId('tier', f.from)} ==>|may reach| ${mermaidId('tier', f.to)}`);
    links++;
  }
  for (const r of t.references) {
    const text = r.state === 'forbidden' ? `${r.written} · ${r.file}:${r.line}` : r.written;
    out.push(`  ${svc(r.from)} ${r.state === 'unreachable' ? '-.->' : '-->'}|"${label(text)}"| ${svc(r.to)}`);
    (r.state === 'forbidden' ? red : r.state === 'allowed' ? green : []).push(links++);
  }
  out.push(`  classDef violation ${RED},color:#d32f2f`);
  out.push('  classDef gated stroke-dasharray:4 3,opacity:0.6');
  if (bad.size) out.push(`  class ${[...bad].map(svc).join(',')} violation`);
  const gated = t.services.filter((s) => !s.enabled);
  if (gated.length) out.push(`  class ${gated.map((s) => svc(s.name)).join(',')} gated`);
  if (red.length) out.push(`  linkStyle ${red.join(',')} ${RED}`);
  if (green.length) out.push(`  linkStyle ${green.join(',')} stroke:#2e7d32,stroke-width:2px`);
  for (const v of t.violations) out.push(`  %% ${comment(`${v.file}:${v.line} ${v.rule}: ${v.message}`)}`);
  return out.join('\n') + '\n';
}
