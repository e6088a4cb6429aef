import type { Contract } from '../engine/contract/model';
import type { Finding } from '../engine/diagnostic';
import type { Project } from '../engine/project/model';
import { describePublish, mayPublish } from '../engine/contract/publish';
import { get, getPair, nodeSpan, type YNode } from '../engine/yaml/nodes';
import type { LiveProject } from './state';

/**
 * The running project against its compose model and its contract: real network attachments,
 * real `internal` flags, real published ports, and containers from outside the project on its
 * networks. Findings point at the compose lines that describe what is wrong.
 */
export function liveFindings(project: Project, contract: Contract | undefined, live: LiveProject): Finding[] {
  const findings: Finding[] = [];
  const at = (ruleId: string, node: YNode, message: string, severity: Finding['severity'] = 'error') =>
    findings.push({ ruleId, severity, message, file: node.file, ...nodeSpan(node) });
  const servicesKey = getPair(project.root, 'services')?.key;

  for (const c of live.containers) {
    const service = project.service(c.service);
    if (!service) {
      if (servicesKey)
        at(
          'live-network',
          servicesKey,
          `Container "${c.name}" runs service "${c.service}", which the compose file no longer defines (an orphan: docker compose up --remove-orphans).`,
          'warning',
        );
      continue;
    }
    if (!c.running) continue;
    const declared = new Set(project.networksOf(service).map((n) => n.name));
    const home = contract?.placement(service)?.tier;
    for (const n of c.networks) {
      if (declared.has(n)) continue;
      const tier = contract?.tierOfNetwork(n);
      const breach =
        home && tier && !contract?.mayReach(home, tier) && !contract?.mayReach(tier, home)
          ? ` — tier ${home.name} may not reach tier ${tier.name} (contract: tiers.${home.name}.reach)`
          : '';
      at('live-network', service.key, `Container "${c.name}" is attached to network "${n}", which service "${c.service}" does not declare${breach}.`);
    }
    for (const n of declared) {
      if (!c.networks.includes(n) && get(service.node, 'network_mode') === undefined) {
        at(
          'live-network',
          service.key,
          `Container "${c.name}" is not attached to network "${n}" that service "${c.service}" declares: recreate it (docker compose up -d).`,
          'warning',
        );
      }
    }
    const placement = contract?.placement(service);
    if (placement && placement.publish !== true && !(contract?.excepted(service, 'contract-publish') ?? false)) {
      const { publish, publishPath } = placement;
      for (const p of c.ports) {
        if (mayPublish(publish, { hostIp: p.hostIp, host: { from: p.hostPort, to: p.hostPort }, protocol: p.protocol })) continue;
        const bound = `${p.hostIp || '0.0.0.0'}:${p.hostPort}/${p.protocol}`;
        at(
          'live-publish',
          service.key,
          `Container "${c.name}" publishes ${bound}, but ${publish === false ? 'it may not publish ports' : `it may publish only ${describePublish(publish)}`} (contract: ${publishPath}).`,
        );
      }
    }
  }

  for (const n of live.networks) {
    const def = project.resource('networks', n.key);
    const node = def?.key ?? servicesKey;
    if (!node) continue;
    const tier = contract?.tierOfNetwork(n.key);
    if (tier?.internal && !n.internal) {
      at(
        'live-internal',
        node,
        `Network "${n.name}" is not internal in the engine, but tier ${tier.name} must be (contract: tiers.${tier.name}.internal): recreate it (docker compose down && up).`,
      );
    }
    for (const name of n.foreign) {
      at(
        'live-foreign',
        node,
        `Container "${name}", which is not part of project "${live.name}", is attached to network "${n.name}"${tier ? ` of tier ${tier.name}` : ''}.`,
      );
    }
  }
  return findings;
}
