import type { SwarmNodeFacts } from '../../../../common/docker/swarm-nodes';
import { getPath, listItems, text, written, type ScalarNode } from '../yaml/nodes';
import type { Rule } from './rule';

/** Nodes and labels named in a message, so a swarm of hundreds of nodes gives a readable line. */
const SHOWN = 5;

/** A constraint that names something of the node (`node.labels.zone == east`, `node.role == worker`, `node.hostname == a`). */
interface NodeConstraint {
  /** `labels.zone`, `role` or `hostname`. */
  what: string;
  value: string;
}

/** Only `==` can leave a service with no node: `!=` is met by every node without the value. */
function parse(constraint: string): NodeConstraint | undefined {
  const m = /^\s*node\.(labels\.[^\s=!]+|role|hostname)\s*==\s*(\S(?:.*\S)?)\s*$/.exec(constraint);
  return m ? { what: m[1], value: m[2] } : undefined;
}

/** The node's value for what a constraint names; the swarm compares values without case, and so, never stricter, label keys here. */
function valueOf(node: SwarmNodeFacts, what: string): string | undefined {
  if (what === 'role') return node.role;
  if (what === 'hostname') return node.hostname;
  const key = what.slice('labels.'.length).toLowerCase();
  return Object.entries(node.labels).find(([k]) => k.toLowerCase() === key)?.[1];
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

function message(service: string, item: ScalarNode, shown: NodeConstraint, nodes: SwarmNodeFacts[]): string {
  const wanted =
    shown.what === 'role'
      ? `no ${shown.value} node`
      : shown.what === 'hostname'
        ? `no node named "${shown.value}"`
        : `no node with the label ${shown.what.slice('labels.'.length)}=${shown.value}`;
  const fix = shown.what.startsWith('labels.')
    ? ` Add the label with "docker node update --label-add ${shown.what.slice('labels.'.length)}=${shown.value} NODE", or change the constraint.`
    : ' Change the constraint.';
  return `Service "${service}" is constrained to "${written(item)}", but the swarm has ${wanted} (${whatNodesHave(nodes, shown.what)}): its tasks stay pending with "no suitable node (scheduling constraints not satisfied on ${nodes.length} node${nodes.length === 1 ? '' : 's'})".${fix}`;
}

export const rule: Rule = {
  id: 'stack-placement',
  severity: 'warning',
  category: 'runtime',
  doc: 'Stack mode, when a swarm manager answers: a placement constraint (node label, role or hostname) that no node of the swarm satisfies, so the tasks stay pending.',
  check({ project, target, report }) {
    if (target !== 'swarm') return;
    for (const s of project.services) {
      for (const item of listItems(getPath(s.node, 'deploy', 'placement', 'constraints'))) {
        const constraint = parse(text(item) ?? '');
        if (!constraint || item.kind !== 'scalar') continue;
        // Asked only for a project that constrains placement; undefined until a manager answered.
        const nodes = project.host.swarmNodes?.();
        if (!nodes) return;
        if (nodes.length === 0 || nodes.some((n) => valueOf(n, constraint.what)?.toLowerCase() === constraint.value.toLowerCase())) continue;
        // The message quotes what the user wrote: an interpolated value may come from a secret.
        report(item, message(s.name, item, parse(written(item)) ?? constraint, nodes));
      }
    }
  },
};
