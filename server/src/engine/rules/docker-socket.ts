import { parseMount } from '../project/mounts';
import { get, listItems, truthy } from '../yaml/nodes';
import type { Rule } from './rule';

const SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '//var/run/docker.sock', '\\\\.\\pipe\\docker_engine'];

export const rule: Rule = {
  id: 'docker-socket',
  severity: 'warning',
  category: 'best-practice',
  scope: 'service',
  doc: 'The Docker socket mounted into a container gives it root on the host.',
  check({ project, report }) {
    for (const s of project.services) {
      for (const item of listItems(get(s.node, 'volumes'))) {
        const m = parseMount(item);
        if (m?.source && SOCKETS.includes(m.source)) {
          report(item, `Service "${s.name}" mounts the Docker socket (${m.source}): whoever controls the container controls the host.`);
        }
      }
      const api = get(s.node, 'use_api_socket');
      if (api && truthy(api))
        report(api, `Service "${s.name}" mounts the Docker API socket (use_api_socket): whoever controls the container controls the host.`);
    }
  },
};
