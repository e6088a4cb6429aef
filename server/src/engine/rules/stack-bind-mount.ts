import { parseMount } from '../project/mounts';
import { pinnedToOneNode } from '../stack/placement';
import { get, listItems } from '../yaml/nodes';
import type { Rule } from './rule';

/** Host paths every Docker node has. */
const ON_EVERY_NODE = /^\/(var\/run\/docker\.sock|run\/docker\.sock|etc\/localtime|etc\/timezone|proc|sys|dev)(\/|$)/;

export const rule: Rule = {
  id: 'stack-bind-mount',
  severity: 'warning',
  category: 'runtime',
  scope: 'service',
  doc: 'Stack mode: a bind mount whose host path must exist on every node that may run the service, or its tasks are rejected.',
  check({ project, target, report }) {
    if (target !== 'swarm') return;
    for (const s of project.services) {
      if (pinnedToOneNode(s)) continue;
      for (const item of listItems(get(s.node, 'volumes'))) {
        const m = parseMount(item);
        if (!m || m.type !== 'bind' || !m.source || ON_EVERY_NODE.test(m.source)) continue;
        const relative = !m.source.startsWith('/') ? ' (a relative path is resolved on the machine that deploys)' : '';
        report(
          m.sourceNode,
          `Service "${s.name}" bind-mounts "${m.source}"${relative}: the path must exist on every node that may run a task, or the task is rejected with "invalid mount config for type "bind": bind source path does not exist". Use a volume, or pin the service with a placement constraint.`,
        );
      }
    }
  },
};
