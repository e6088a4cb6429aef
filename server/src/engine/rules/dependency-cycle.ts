import { splitVolumeSpec } from '../project/merge';
import type { ServiceEntry } from '../project/model';
import { get, listItems, namesOf, text, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

/** Every way one service makes Compose start another first. */
export function dependencies(service: YNode): { name: string; node: YNode }[] {
  const out: { name: string; node: YNode }[] = namesOf(get(service, 'depends_on')).map((d) => ({ name: d.name, node: d.node }));
  for (const link of listItems(get(service, 'links'))) {
    const name = text(link)?.split(':')[0];
    if (name !== undefined) out.push({ name, node: link });
  }
  const mode = get(service, 'network_mode');
  const m = /^service:(.*)$/.exec(text(mode) ?? '');
  if (m && mode) out.push({ name: m[1], node: mode });
  for (const from of listItems(get(service, 'volumes_from'))) {
    const value = text(from) ?? '';
    if (!value.startsWith('container:')) out.push({ name: splitVolumeSpec(value)[0], node: from });
  }
  return out;
}

interface Edge {
  to: number;
  via: YNode;
}

/** Strongly connected components (Tarjan), with an explicit stack: a 5,000-long chain must not overflow. */
function components(edges: Edge[][]): number[][] {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (let start = 0; start < n; start++) {
    if (index[start] !== -1) continue;
    const frames: { v: number; next: number }[] = [{ v: start, next: 0 }];
    index[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = 1;
    while (frames.length) {
      const frame = frames[frames.length - 1];
      const { v } = frame;
      if (frame.next < edges[v].length) {
        const w = edges[v][frame.next++].to;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push({ v: w, next: 0 });
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      frames.pop();
      if (frames.length) low[frames[frames.length - 1].v] = Math.min(low[frames[frames.length - 1].v], low[v]);
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        out.push(component);
      }
    }
  }
  return out;
}

/** The shortest cycle through `root` inside its component (breadth-first), as the edges taken. */
function cycleThrough(root: number, inComponent: Uint8Array, edges: Edge[][]): Edge[] {
  const cameBy = new Map<number, { from: number; edge: Edge }>();
  const queue = [root];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (const edge of edges[v]) {
      if (!inComponent[edge.to]) continue;
      if (edge.to === root) {
        const path = [edge];
        for (let at = v; at !== root; at = cameBy.get(at)!.from) path.unshift(cameBy.get(at)!.edge);
        return path;
      }
      if (!cameBy.has(edge.to)) {
        cameBy.set(edge.to, { from: v, edge });
        queue.push(edge.to);
      }
    }
  }
  return [];
}

/** `a -> b -> c -> a`, shortened in the middle when long. */
function describeCycle(names: string[]): string {
  const shown = names.length <= 12 ? names : [...names.slice(0, 5), `… (${names.length - 1} services) …`, ...names.slice(-5)];
  return shown.join(' -> ');
}

export const rule: Rule = {
  id: 'dependency-cycle',
  severity: 'error',
  category: 'runtime',
  doc: 'Services that depend on each other in a circle (depends_on, links, network_mode, volumes_from) can never start; services disabled by the active profiles are not part of the project.',
  check({ project, report }) {
    // Like the runtime, only the services the active profiles enable form the project.
    const services: ServiceEntry[] = project.services.filter((s) => s.enabled);
    const position = new Map(services.map((s, i) => [s.name, i]));
    const edges: Edge[][] = services.map((s) =>
      dependencies(s.node).flatMap((d) => {
        const to = position.get(d.name);
        return to === undefined ? [] : [{ to, via: d.node }];
      }),
    );
    const inComponent = new Uint8Array(services.length);
    for (const component of components(edges)) {
      const root = Math.min(...component);
      const cyclic = component.length > 1 || edges[root].some((e) => e.to === root);
      if (!cyclic) continue;
      for (const v of component) inComponent[v] = 1;
      // One cycle per component, reported once on each of its edges.
      const cycle = cycleThrough(root, inComponent, edges);
      const message = `Dependency cycle: ${describeCycle([services[root].name, ...cycle.map((e) => services[e.to].name)])}.`;
      for (const edge of cycle) report(edge.via, message);
      for (const v of component) inComponent[v] = 0;
    }
  },
};
