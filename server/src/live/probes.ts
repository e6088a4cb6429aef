import type Docker from 'dockerode';
import type { Contract, Tier } from '../engine/contract/model';
import type { Finding } from '../engine/diagnostic';
import type { Project, ServiceEntry } from '../engine/project/model';
import { connections } from '../engine/project/references';
import { get, nodeSpan, truthy, type YNode } from '../engine/yaml/nodes';
import { execIn } from './exec';
import { Resolver } from './lookup';
import type { LiveContainer, LiveProject } from './state';

/**
 * Active probes from inside the running containers (busybox tools: timeout, nslookup, wget):
 * allowed paths must resolve and connect, and tiers that may not reach each other must not see
 * each other. Every probe is a bounded exec.
 */
const MAX_PROBES = 200;
const CONCURRENCY = 4;
/** wget messages that mean a server answered (even with an HTTP error). */
const CONNECTED = /server returned error|error getting response|bad header|HTTP\//i;
/** wget messages that mean the connection itself failed. */
const NOT_CONNECTED = /bad address|connection refused|timed out|network is unreachable|no route to host|can't connect/i;

interface Probe {
  run: () => Promise<void>;
}

export async function runProbes(
  docker: Docker,
  project: Project,
  contract: Contract | undefined,
  live: LiveProject,
  /** A URL outside the project's networks: containers only on internal networks must not reach it. */
  outside?: string,
): Promise<{ findings: Finding[]; problems: string[] }> {
  const findings: Finding[] = [];
  const problems: string[] = [];
  const at = (ruleId: string, node: YNode, message: string) => findings.push({ ruleId, severity: 'error', message, file: node.file, ...nodeSpan(node) });
  const running = (s: ServiceEntry) => live.containers.find((c) => c.service === s.name && c.running);
  // Unknown names are forwarded upstream by the engine's DNS: bound the wait.
  const resolver = new Resolver(docker, problems);
  const resolves = async (from: LiveContainer, name: string) => resolver.lookup(from, name);
  /** Whether a container reaches a URL: true, false, or undefined when the probe itself failed. */
  const reaches = async (from: LiveContainer, url: string): Promise<boolean | undefined> => {
    // `timeout` rather than wget's own -T, which some busybox builds do not survive.
    const r = await execIn(docker, from.id, ['timeout', '5', 'wget', '-q', '-O', '/dev/null', url]);
    if (r.code === 0 || CONNECTED.test(r.output)) return true;
    if (NOT_CONNECTED.test(r.output) || r.code === 143 || r.code === 124) return false;
    problems.push(`the probe from "${from.name}" to ${url} failed by itself (exit ${r.code}${r.output.trim() ? `: ${r.output.trim().split('\n')[0]}` : ''})`);
    return undefined;
  };
  const probes: Probe[] = [];

  // 1. Every connection a service makes (depends_on only orders start-up): allowed ones must work, forbidden ones must not.
  const seen = new Set<string>();
  for (const ref of connections(project)) {
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
        const found = await resolves(from, ref.to.name);
        if (!found) return;
        const ok = found.resolved;
        if (forbidden && ok) {
          at(
            'live-probe',
            ref.node,
            `Probe (${found.tool}): from "${from.name}", "${ref.to.name}" resolves, but tier ${fromTier?.name} may not reach tier ${toTier?.name} (contract: tiers.${fromTier?.name}.reach).`,
          );
        } else if (!forbidden && shared && !ok && !found.certain) {
          problems.push(`the lookup "${found.tool}" in "${from.name}" gave no answer: "${ref.to.name}" could not be checked`);
        } else if (!forbidden && shared && !ok) {
          at('live-probe', ref.node, `Probe (${found.tool}): from "${from.name}", "${ref.to.name}" does not resolve, although the services share a network.`);
        } else if (!forbidden && ok && port && (await reaches(from, `http://${ref.to.name}:${port}/`)) === false) {
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
              const found = await resolves(from, target.name);
              if (found?.resolved) {
                at(
                  'live-probe',
                  a.key,
                  `Probe (${found.tool}): from "${from.name}" (tier ${t1.name}), "${target.name}" (tier ${t2.name}) resolves: the tiers may not reach each other, yet a network joins them.`,
                );
              }
            },
          });
        }
      }
    }
  }

  // 3. Egress: a container only on networks meant to be internal (by the compose file or the
  //    contract) must not reach a target outside them — whatever the engine was told.
  if (outside) {
    const meantInternal = (n: string) => truthy(get(project.resource('networks', n)?.value, 'internal')) || !!contract?.tierOfNetwork(n)?.internal;
    for (const c of live.containers) {
      const service = project.service(c.service);
      if (!c.running || !service || c.networks.length === 0) continue;
      const isolated = c.networks.every(meantInternal);
      probes.push({
        run: async () => {
          const ok = await reaches(c, outside);
          const net = project.resource('networks', c.networks[0]);
          if (isolated && ok === true)
            at('live-probe', net?.key ?? service.key, `Probe: "${c.name}" sits only on networks meant to be internal, yet it reached ${outside}.`);
          if (!isolated && ok === false) problems.push(`"${c.name}" (not isolated) could not reach ${outside} either: the egress probe proves nothing`);
        },
      });
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
