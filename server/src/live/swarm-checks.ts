import type Docker from 'dockerode';
import type { Contract } from '../engine/contract/model';
import type { Finding } from '../engine/diagnostic';
import type { Project } from '../engine/project/model';
import { getPair, keyText, nodeSpan, text, truthy, type YNode } from '../engine/yaml/nodes';

/**
 * A deployed stack against its compose model and contract, as the swarm manager reports it: the
 * real `internal` and `encrypted` flags of the stack's overlay networks, and the networks the
 * services' tasks are really attached to (a `docker service update --network-add` by hand
 * included). Findings point at the compose lines that describe what is wrong.
 */
export async function swarmLiveFindings(
  docker: Docker,
  project: Project,
  contract: Contract | undefined,
  stack: string,
): Promise<{ findings: Finding[]; notes: string[] }> {
  const findings: Finding[] = [];
  const at = (ruleId: string, node: YNode, message: string) => findings.push({ ruleId, severity: 'error', message, file: node.file, ...nodeSpan(node) });
  const networks = (await docker.listNetworks()) as { Id: string; Name: string; Internal?: boolean; Options?: Record<string, string> }[];
  const byId = new Map(networks.map((n) => [n.Id, n]));
  // The compose key of each network the stack created (`STACK_key`, or its `name:`).
  const keyOf = new Map<string, string>();
  for (const p of project.resources('networks')) keyOf.set(text(getPair(p.value, 'name')?.value) ?? `${stack}_${keyText(p)}`, keyText(p));
  keyOf.set(`${stack}_default`, 'default');

  for (const p of project.resources('networks')) {
    if (truthy(getPair(p.value, 'external')?.value)) continue;
    const key = keyText(p);
    const engineName = text(getPair(p.value, 'name')?.value) ?? `${stack}_${key}`;
    const live = networks.find((n) => n.Name === engineName);
    const tier = contract?.tierOfNetwork(key);
    if (!live || !tier) continue;
    if (tier.internal && !live.Internal)
      at(
        'live-internal',
        p.key,
        `Overlay network "${engineName}" is not internal on the swarm, but tier ${tier.name} must be (contract: tiers.${tier.name}.internal): remove the stack and deploy it again.`,
      );
    if (tier.encrypted && !(live.Options && 'encrypted' in live.Options))
      at(
        'live-encrypted',
        p.key,
        `Overlay network "${engineName}" does not encrypt its traffic on the swarm, but tier ${tier.name} must (contract: tiers.${tier.name}.encrypted).`,
      );
  }

  const services = (await docker.listServices({ filters: { label: [`com.docker.stack.namespace=${stack}`] } })) as {
    Spec?: { Name?: string; TaskTemplate?: { Networks?: { Target: string }[] } };
  }[];
  if (services.length === 0) return { findings, notes: [`stack "${stack}" has no services on this swarm: nothing to check live`] };
  for (const s of services) {
    const name = s.Spec?.Name?.slice(stack.length + 1) ?? '';
    const service = project.service(name);
    if (!service) continue;
    const declared = new Set(project.networksOf(service).map((n) => n.name));
    const home = contract?.placement(service)?.tier;
    for (const target of s.Spec?.TaskTemplate?.Networks ?? []) {
      const live = byId.get(target.Target) ?? networks.find((n) => n.Name === target.Target);
      const key = live ? (keyOf.get(live.Name) ?? live.Name) : target.Target;
      if (declared.has(key)) continue;
      const tier = contract?.tierOfNetwork(key);
      const breach =
        home && tier && !contract?.mayReach(home, tier) && !contract?.mayReach(tier, home)
          ? ` — tier ${home.name} may not reach tier ${tier.name} (contract: tiers.${home.name}.reach)`
          : '';
      at(
        'live-network',
        service.key,
        `The tasks of service "${s.Spec?.Name}" are attached to network "${live?.Name ?? target.Target}", which service "${name}" does not declare${breach}.`,
      );
    }
  }
  return { findings, notes: [] };
}
