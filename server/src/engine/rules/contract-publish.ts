import { describePublish, mayPublish, type PublishPolicy } from '../contract/publish';
import { isAllInterfaces, parsePort } from '../project/ports';
import { swarmPublishing } from '../stack/publishing';
import { get, listItems, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

/** A scalar as it stands in the file (before interpolation: values may hold secrets), without its quotes. */
const written = (node: YNode) => node.file.text.slice(node.start, node.end).replace(/^(["'])(.*)\1$/s, '$2');

export const rule: Rule = {
  id: 'contract-publish',
  severity: 'error',
  category: 'contract',
  doc: 'A published port that the contract does not allow: a tier (or service) that may not publish, or a host IP, port, range or protocol outside its publish list; or a publish entry that cannot be read (on a swarm, every port publishes on all interfaces).',
  check({ project, contract, target, report }) {
    if (!contract) return;
    const unreadable = (policy: PublishPolicy | undefined, where: string) => {
      for (const e of Array.isArray(policy) ? policy : [])
        if (e.problem) report(e.node, `The publish entry "${e.written}" of ${where} cannot be read: ${e.problem}.`);
    };
    for (const t of contract.tiers.values()) unreadable(t.publish, `tier ${t.name}`);
    for (const a of contract.assignments) unreadable(a.publish, `service "${a.pattern}"`);
    for (const s of project.services) {
      const placement = contract.placement(s);
      if (!placement || placement.publish === true || contract.excepted(s, 'contract-publish')) continue;
      const { publish, publishPath, tier } = placement;
      const who = publishPath.startsWith('services.') ? `service "${s.name}"` : `tier ${tier.name}`;
      for (const item of listItems(get(s.node, 'ports'))) {
        const b = parsePort(item);
        // On a swarm every entry publishes, on every interface: the host IP is dropped.
        const swarm = target === 'swarm' ? swarmPublishing(item) : undefined;
        if (!b || mayPublish(publish, swarm ? { ...b, hostIp: '' } : b)) continue;
        const port = `"${written(item.kind === 'map' ? (get(item, 'published') ?? get(item, 'target') ?? item) : item)}"`;
        const where = swarm ?? (isAllInterfaces(b.hostIp) ? 'on all interfaces' : `on ${b.hostIp}`);
        if (publish === false) {
          report(item, `Service "${s.name}" publishes ${port}${swarm ? ` ${swarm}` : ''}, but ${who} may not publish ports (contract: ${publishPath}).`);
        } else {
          report(item, `Service "${s.name}" publishes ${port} ${where}, but ${who} may publish only ${describePublish(publish)} (contract: ${publishPath}).`);
        }
      }
    }
  },
};
