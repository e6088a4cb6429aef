import { getPair, keyText, text, truthy } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'stack-network-driver',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: 'Stack mode: a network with the "bridge" driver; services of a swarm need swarm-scoped networks such as overlay.',
  check({ project, target, report }) {
    if (target !== 'swarm') return;
    for (const n of project.resources('networks')) {
      const driver = getPair(n.value, 'driver');
      if (!driver || text(driver.value) !== 'bridge' || truthy(getPair(n.value, 'external')?.value)) continue;
      report(
        driver.value,
        `The swarm refuses network "${keyText(n)}": "cannot be used with services. Only networks scoped to the swarm can be used, such as those created with the overlay driver." Use driver: overlay (the default in a stack).`,
      );
    }
  },
};
