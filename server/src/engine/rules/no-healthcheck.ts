import { healthcheckState, imageHealth } from '../project/health';
import { get, getPair, namesOf, text } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'no-healthcheck',
  severity: 'info',
  category: 'best-practice',
  doc: 'The project\'s health-monitoring coverage (N of M services, a Dockerfile HEALTHCHECK counts), once on "services"; a service without one is named on its own only when another waits for it to be healthy.',
  check({ project, report }) {
    const running = project.services.filter((s) => s.enabled);
    const unmonitored = running.filter((s) => {
      const state = healthcheckState(s.node);
      return state === 'disabled' || (state === 'absent' && imageHealth(project, s.node).state !== 'defined');
    });
    if (unmonitored.length === 0) return;
    const waitedOn = new Set(
      running.flatMap((s) =>
        namesOf(get(s.node, 'depends_on'))
          .filter((d) => text(get(d.value, 'condition')) === 'service_healthy')
          .map((d) => d.name),
      ),
    );
    for (const s of unmonitored) {
      if (!waitedOn.has(s.name)) continue;
      // Say what could not be checked rather than claim there is no healthcheck at all.
      const image = healthcheckState(s.node) === 'absent' ? imageHealth(project, s.node) : undefined;
      const unchecked = image?.state === 'unknown' ? ` in the project and ${image.why}` : '';
      report(s.key, `Service "${s.name}" has no healthcheck${unchecked}, yet others wait for it to be healthy.`);
    }
    const section = getPair(project.root, 'services');
    if (section) {
      const monitored = running.length - unmonitored.length;
      const unchecked = unmonitored.filter((s) => healthcheckState(s.node) === 'absent' && imageHealth(project, s.node).state === 'unknown');
      const maybe = unchecked.length ? ` (not checked, their image or Dockerfile may define one: ${unchecked.map((s) => s.name).join(', ')})` : '';
      report(
        section.key,
        `Health monitoring covers ${monitored} of ${running.length} services; not monitored: ${unmonitored.map((s) => s.name).join(', ')}${maybe}.`,
      );
    }
  },
};
