import { FORBIDDEN_SERVICE_PROPERTIES, REJECTED_NETWORK_PROPERTIES, REJECTED_SERVICE_PROPERTIES, REJECTED_TOP_LEVEL, instead } from '../stack/properties';
import { servicesByFile } from '../stack/files';
import { get, getPair, getPath, isMap, keyText, listItems, text, type YNode } from '../yaml/nodes';
import type { Rule } from './rule';

/** Long-syntax port keys the 3.x schema does not know. */
const REJECTED_PORT_KEYS = ['host_ip', 'app_protocol'];

export const rule: Rule = {
  id: 'stack-unsupported',
  severity: 'error',
  category: 'runtime',
  scope: 'service',
  doc: 'Stack mode: a property `docker stack deploy` refuses (not in the Compose file format 3.x, or forbidden), so nothing is deployed.',
  check({ project, target, report }) {
    if (target !== 'swarm') return;
    const refuse = (node: YNode, words: string, property = '') => report(node, `docker stack deploy refuses this: "${words}".${instead(property)}`);
    for (const root of project.fileRoots.values()) {
      if (!isMap(root)) continue;
      for (const p of root.pairs) {
        const key = keyText(p);
        if (REJECTED_TOP_LEVEL.has(key)) refuse(p.key, `(root) Additional property ${key} is not allowed`);
      }
      const version = text(get(root, 'version'));
      if (version !== undefined && !/^3(\.\d+)?$/.test(version)) refuse(get(root, 'version')!, `unsupported Compose file version: ${version}`);
      const networks = get(root, 'networks');
      if (isMap(networks)) {
        for (const n of networks.pairs) {
          for (const key of REJECTED_NETWORK_PROPERTIES) {
            const p = getPair(n.value, key);
            if (p) refuse(p.key, `networks.${keyText(n)} Additional property ${key} is not allowed`);
          }
        }
      }
    }
    for (const s of servicesByFile(project)) {
      const at = `services.${s.name}`;
      for (const p of s.node.pairs) {
        const key = keyText(p);
        if (REJECTED_SERVICE_PROPERTIES.has(key)) refuse(p.key, `${at} Additional property ${key} is not allowed`, key);
        else if (FORBIDDEN_SERVICE_PROPERTIES.has(key)) refuse(p.key, 'Configuration contains forbidden properties', key);
      }
      const dependsOn = get(s.node, 'depends_on');
      if (isMap(dependsOn)) refuse(dependsOn, `${at}.depends_on must be a list`);
      listItems(get(s.node, 'ports')).forEach((port, i) => {
        for (const key of REJECTED_PORT_KEYS) {
          const node = getPair(port, key);
          if (node) refuse(node.key, `${at}.ports.${i} Additional property ${key} is not allowed`);
        }
      });
      const serviceNetworks = get(s.node, 'networks');
      if (isMap(serviceNetworks)) {
        for (const n of serviceNetworks.pairs) {
          const mac = getPair(n.value, 'mac_address');
          if (mac) refuse(mac.key, `${at}.networks.${keyText(n)} Additional property mac_address is not allowed`);
        }
      }
      const devicesPair = getPair(getPath(s.node, 'deploy', 'resources', 'reservations'), 'devices');
      if (devicesPair) refuse(devicesPair.key, `${at}.deploy.resources.reservations Additional property devices is not allowed`);
    }
  },
};
