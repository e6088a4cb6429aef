import type { SwarmNodeFacts } from '../../../../common/docker/swarm-nodes';
import { getPath, listItems, text, written, type ScalarNode } from '../yaml/nodes';
import type { Rule } from './rule';

/** Nodes and labels named in a message, so a swarm of hundreds of nodes gives a readable line. */
const SHOWN = 5;

/**
 * A constraint that names something of the node (`node.labels.zone == east`, `node.role != manager`,
 * `node.hostname == a`). Others (`engine.labels`, `node.platform`, `node.id`) are not judged: every
 * node is taken to meet them, so the rule is never stricter than the swarm.
 */
interface NodeConstraint {
  /** `labels.zone`, `role` or `hostname`. */
  what: string;
  equal: boolean;
  value: string;
}

function parse(constraint: string): NodeConstraint | undefined {
  const m = /^\s*node\.(labels\.[^\s=!]+|role|hostname)\s*(==|!=)\s*(\S(?:.*\S)?)\s*$/.exec(constraint);
  return m ? { what: m[1], equal: m[2] === '==', value: m[3] } : undefined;
}

/**
 * Whether the node meets the constraint. The swarm compares values without case and reads a
 * missing label as empty. Label keys: for `==` any case of the key counts, for `!=` only the key
 * as written can exclude a node, so that either way the rule errs towards the node.
 */
function meets(node: SwarmNodeFacts, c: NodeConstraint): boolean {
  let value: string | undefined;
  if (c.what === 'role') value = node.role;
  else if (c.what === 'hostname') value = node.hostname;
  else {
    const key = c.what.slice('labels.'.length);
    value = c.equal ? Object.entries(node.labels).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1] : node.labels[key];
  }
  const same = (value ?? '').toLowerCase() === c.value.toLowerCase();
  return c.equal ? same : !same;
}

function list(items: string[]): string {
  return items.length > SHOWN ? `${items.slice(0, SHOWN).join(', ')} and ${items.length - SHOWN} more` : items.join(', ');
}

/** What the nodes do have, for the message: their labels, roles or hostnames. */
function whatNodesHave(nodes: SwarmNodeFacts[], what: string): string {
  if (what === 'role') return `its nodes: ${list(nodes.map((n) => `${n.hostname} (${n.role})`))}`;
  if (what === 'hostname') return `its nodes: ${list(nodes.map((n) => n.hostname))}`;
  const labelled = nodes.filter((n) => Object.keys(n.labels).length > 0);
  if (labelled.length === 0) return 'no node has labels';
  return `node labels: ${list(
    labelled.map(
      (n) =>
        `${Object.entries(n.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')} on ${n.hostname}`,
    ),
  )}`;
}

/** Each node with its role and labels, for a message about constraints that no node meets together. */
function describeNodes(nodes: SwarmNodeFacts[]): string {
  return list(
    nodes.map((n) => {
      const labels = Object.entries(n.labels).map(([k, v]) => `${k}=${v}`);
      return `${n.hostname} (${[n.role, ...labels].join(', ')})`;
    }),
  );
}

const PENDING = (nodes: SwarmNodeFacts[]) =>
  `its tasks stay pending with "no suitable node (scheduling constraints not satisfied on ${nodes.length} node${nodes.length === 1 ? '' : 's'})"`;

/** A constraint that no node meets by itself. */
function unmet(service: string, item: ScalarNode, shown: NodeConstraint, nodes: SwarmNodeFacts[]): string {
  const label = shown.what.startsWith('labels.') ? shown.what.slice('labels.'.length) : undefined;
  if (!shown.equal) {
    const every = label
      ? `every node has the label ${label}=${shown.value}`
      : `every node is ${shown.what === 'role' ? `a ${shown.value}` : `named "${shown.value}"`}`;
    return `Service "${service}" is constrained to "${written(item)}", but ${every} (${describeNodes(nodes)}): ${PENDING(nodes)}. Change the constraint${label ? `, or remove the label from a node with "docker node update --label-rm ${label} NODE"` : ''}.`;
  }
  const wanted =
    shown.what === 'role'
      ? `no ${shown.value} node`
      : shown.what === 'hostname'
        ? `no node named "${shown.value}"`
        : `no node with the label ${label}=${shown.value}`;
  const fix = label
    ? ` Add the label with "docker node update --label-add ${label}=${shown.value} NODE", or change the constraint.`
    : ' Change the constraint.';
  return `Service "${service}" is constrained to "${written(item)}", but the swarm has ${wanted} (${whatNodesHave(nodes, shown.what)}): ${PENDING(nodes)}.${fix}`;
}

/** A constraint that some node meets, but none of those that meet the constraints before it. */
function unmetTogether(service: string, item: ScalarNode, before: ScalarNode[], nodes: SwarmNodeFacts[]): string {
  const earlier = before.map((b) => `"${written(b)}"`).join(', ');
  return `Service "${service}" is constrained to "${written(item)}", which no node meeting its earlier constraints (${earlier}) also meets (${describeNodes(nodes)}): ${PENDING(nodes)}. Change a constraint, or label one node for all of them.`;
}

export const rule: Rule = {
  id: 'stack-placement',
  severity: 'warning',
  category: 'runtime',
  doc: 'Stack mode, when a swarm manager answers: placement constraints (node label, role or hostname) that no node of the swarm satisfies, alone or together, so the tasks stay pending.',
  check({ project, target, report }) {
    if (target !== 'swarm') return;
    for (const s of project.services) {
      // The swarm places a task only on a node that meets every constraint: narrow the nodes one constraint at a time.
      let candidates: SwarmNodeFacts[] | undefined;
      const narrowing: ScalarNode[] = [];
      for (const item of listItems(getPath(s.node, 'deploy', 'placement', 'constraints'))) {
        const constraint = parse(text(item) ?? '');
        if (!constraint || item.kind !== 'scalar') continue;
        // Asked only for a project that constrains placement; undefined until a manager answered.
        const nodes = project.host.swarmNodes?.();
        if (!nodes) return;
        if (nodes.length === 0) break;
        candidates ??= nodes;
        const left = candidates.filter((n) => meets(n, constraint));
        if (left.length === candidates.length) continue;
        // The message quotes what the user wrote: an interpolated value may come from a secret.
        if (left.length > 0) {
          candidates = left;
          narrowing.push(item);
        } else if (!nodes.some((n) => meets(n, constraint))) report(item, unmet(s.name, item, parse(written(item)) ?? constraint, nodes));
        else report(item, unmetTogether(s.name, item, narrowing, nodes));
      }
    }
  },
};
