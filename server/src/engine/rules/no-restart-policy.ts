import { get, getPath } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'no-restart-policy',
  severity: 'info',
  category: 'best-practice',
  scope: 'service',
  doc: 'A long-running service without a restart policy stays down after a crash or a daemon restart.',
  check({ project, target, report }) {
    // Compose-only: a swarm restarts failed tasks by default.
    if (target === 'swarm') return;
    for (const s of project.services) {
      if (get(s.node, 'restart') || getPath(s.node, 'deploy', 'restart_policy')) continue;
      report(s.key, `Service "${s.name}" has no restart policy: it stays down after a crash or a daemon restart (set "restart: unless-stopped").`);
    }
  },
};
