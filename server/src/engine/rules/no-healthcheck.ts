import { healthcheckState } from '../project/health';
import { getPair } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'no-healthcheck',
  severity: 'info',
  category: 'best-practice',
  doc: 'A service without a healthcheck cannot be monitored; the project\'s health-monitoring coverage (N of M services) is reported on "services".',
  check({ project, report }) {
    const running = project.services.filter((s) => s.enabled);
    const unmonitored = running.filter((s) => healthcheckState(s.node) !== 'defined');
    if (unmonitored.length === 0) return;
    for (const s of unmonitored) {
      report(s.key, `Service "${s.name}" has no healthcheck: its health cannot be monitored, nor waited for with "service_healthy".`);
    }
    const section = getPair(project.root, 'services');
    if (section) {
      const monitored = running.length - unmonitored.length;
      report(section.key, `Health monitoring covers ${monitored} of ${running.length} services; not monitored: ${unmonitored.map((s) => s.name).join(', ')}.`);
    }
  },
};
