import type Docker from 'dockerode';
import type { Contract, Tier } from '../engine/contract/model';
import type { Finding } from '../engine/diagnostic';
import type { Project, ServiceEntry } from '../engine/project/model';
import { serviceReferences } from '../engine/project/references';
import { nodeSpan, type YNode } from '../engine/yaml/nodes';
import { execIn } from './exec';
import type { LiveContainer, LiveProject } from './state';

/**
 * Active probes from inside the running containers (busybox tools: timeout, nslookup, wget):
 * allowed paths must resolve and connect, and tiers that may not reach each other must not see
 * each other. Every probe is a bounded exec.
 */
const MAX_PROBES = 200;
const CONCURRENCY = 4;
/** wget messages that mean the connection itself failed (anything else means it connected). */
const NOT_CONNECTED = /bad address|connection refused|timed out|network is unreachable|no route to host|can't connect/i;

interface Probe {
  run: () => Promise<void>;
}

export async function runProbes(docker: Docker, project: Project, contract: Contract | undefined, live: LiveProject): Promise<{ findings: Finding[]; problems: string[] }> {
  const findings: Finding[] = [];
  const problems: string[] = [];
  const at = (ruleId: string, node: YNode, message: string) => findings.push({ ruleId, severity: 'error', message, file: node.file, ...nodeSpan(node) });
  const running = (s: ServiceEntry) => live.containers.find((c) => c.service === s.name && c.running);
  // Unknown names are forwarded upstream by the engine's DNS: bound the wait.
  const resolves = async (from: LiveContainer, name: string) => (await execIn(docker, from.id, ['timeout', '3', 'nslookup', name])).code === 0;
  const connects = async (from: LiveContainer, host: string, port: string) => {
    const r = await execIn(docker, from.id, ['wget', '-q', '-T', '3', '-O', '/dev/null', `http://${host}:${port}/`]);
    return r.code === 0 || !NOT_CONNECTED.test(r.output);
  };
  const probes: Probe[] = [];

  // 1. Every reference: allowed ones must work, forbidden ones must not.
  const seen = new Set<string>();
  for (const ref of serviceReferences(project)) {
    const from = running(ref.from);
    if (!from || !running(ref.to)) continue;
    const port = /:(\d+)$/.exec(ref.written)?.[1];
    const key = `${ref.from.name}>${ref.to.name}:${port ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fromTier = contract?.placement(ref.from)?.tier;
    const toTier = contract?.placement(ref.to)?.tier;
    const forbidden = !!(fromTier && toTier && !contract?.mayReach(fromTier, toTier));
    const mine = new Set(project.networksOf(ref.from).map((n) => n.name));
    const shared = project.networksOf(ref.to).some((n) => mine.has(n.name));
    probes.push({
      run: async () => {
        const ok = await resolves(from, ref.to.name);
        if (forbidden && ok) {
          at('live-probe', ref.node, `Probe: from "${from.name}", "${ref.to.name}" resolves, but tier ${fromTier?.name} may not reach tier ${toTier?.name} (contract: tiers.${fromTier?.name}.reach).`);
        } else if (!forbidden && shared && !ok) {
          at('live-probe', ref.node, `Probe: from "${from.name}", "${ref.to.name}" does not resolve, although the services share a network.`);
        } else if (!forbidden && ok && port && !(await connects(from, ref.to.name, port))) {
          at('live-probe', ref.node, `Probe: from "${from.name}", nothing answers on ${ref.to.name}:${port}.`);
        }
      },
    });
  }

  // 2. Tiers that may not reach each other in either direction must not see each other at all.
  if (contract) {
    const byTier = new Map<Tier, ServiceEntry[]>();
    for (const s of project.services) {
      const t = contract.placement(s)?.tier;
      if (t && running(s)) byTier.set(t, [...(byTier.get(t) ?? []), s]);
    }
    for (const [t1, services1] of byTier) {
      for (const [t2, services2] of byTier) {
        if (t1 === t2 || contract.mayReach(t1, t2) || contract.mayReach(t2, t1)) continue;
        for (const a of services1) {
          if (contract.excepted(a, 'contract-membership')) continue;
          const from = running(a) as LiveContainer;
          const target = services2[0];
          probes.push({
            run: async () => {
              if (await resolves(from, target.name)) {
                at('live-probe', a.key, `Probe: from "${from.name}" (tier ${t1.name}), "${target.name}" (tier ${t2.name}) resolves: the tiers may not reach each other, yet a network joins them.`);
              }
            },
          });
        }
      }
    }
  }

  const queue = probes.slice(0, MAX_PROBES);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) await p.run().catch((err: Error) => problems.push(`a probe could not run: ${err.message}`));
    }),
  );
  if (probes.length > MAX_PROBES) problems.push(`${probes.length - MAX_PROBES} probes beyond the first ${MAX_PROBES} were not run`);
  return { findings, problems };
}
