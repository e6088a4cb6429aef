import { parsePortSpec } from '../project/ports';
import { DEPRECATED_SERVICE_PROPERTIES, IGNORED_SERVICE_PROPERTIES, instead } from '../stack/properties';
import { servicesByFile } from '../stack/files';
import { get, keyText, listItems, text } from '../yaml/nodes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'stack-ignored',
  severity: 'warning',
  category: 'runtime',
  scope: 'service',
  doc: "Stack mode: a property `docker stack deploy` deploys without effect (build, restart, links, network_mode, container_name, a port's host IP …).",
  check({ project, target, report }) {
    if (target !== 'swarm') return;
    for (const s of servicesByFile(project)) {
      for (const p of s.node.pairs) {
        const key = keyText(p);
        const deprecated = DEPRECATED_SERVICE_PROPERTIES.get(key);
        if (IGNORED_SERVICE_PROPERTIES.has(key)) {
          report(p.key, `docker stack deploy ignores "${key}" of service "${s.name}" ("Ignoring unsupported options: ${key}").${instead(key)}`);
        } else if (deprecated) {
          report(p.key, `docker stack deploy ignores "${key}" of service "${s.name}" ("${key}: ${deprecated}").${instead(key)}`);
        }
      }
      for (const item of listItems(get(s.node, 'ports'))) {
        const value = text(item);
        if (value === undefined || item.kind !== 'scalar' || !parsePortSpec(value).hostIp) continue;
        const spec = value.includes('/') ? value : `${value}/tcp`;
        report(item, `docker stack deploy drops the host IP of this port: "ignoring IP-address (${spec}) service will listen on '0.0.0.0'".`);
      }
    }
  },
};
