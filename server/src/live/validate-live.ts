import Docker from 'dockerode';
import type { Config } from '../engine/config';
import type { Finding } from '../engine/diagnostic';
import { finishFindings, type ValidationResult } from '../engine/validate';
import type { DockerEndpoint } from '../../../common/docker/endpoint';
import { inspectImageHealth } from '../../../common/docker/image-health';
import { inspectSwarmNodes } from '../../../common/docker/swarm-nodes';
import { SWARM_NODES, type DiskHost } from '../engine/project/host';
import { liveFindings } from './checks';
import { runProbes } from './probes';
import { PROJECT, readLiveProject } from './state';
import { swarmLiveFindings } from './swarm-checks';

export interface LiveResult {
  findings: Finding[];
  /** Things the user should know that are not findings: nothing running, probes that failed. */
  notes: string[];
}

/**
 * Asks the engine what the last checks wanted — images' HEALTHCHECK, the nodes of the swarm it
 * manages — and records the answers on the host; true when something new was learned (check again).
 * An engine that cannot be reached answers nothing.
 */
export async function learnFromEngine(host: DiskHost, endpoint: DockerEndpoint): Promise<boolean> {
  const docker = new Docker(endpoint.options);
  const images = host.images?.takeWanted() ?? [];
  const swarm = host.swarm?.takeWanted() ?? [];
  const learnedImages = images.length > 0 && !!host.images?.learn(await inspectImageHealth(docker, images).catch(() => ({})));
  const nodes = swarm.length > 0 ? await inspectSwarmNodes(docker) : null;
  const learnedNodes = !!nodes && !!host.swarm?.learn({ [SWARM_NODES]: nodes });
  return learnedImages || learnedNodes;
}

/**
 * Whether the project runs as a stack on the engine: a swarm manager with a stack of the
 * project's name and no compose containers of it. Then `docker stack deploy` is what the files
 * are for, and they are checked in stack mode unless a target was chosen. No answer is a no.
 */
export async function deployedAsStack(endpoint: DockerEndpoint, project: string): Promise<boolean> {
  const docker = new Docker(endpoint.options);
  try {
    const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
    if (!info.Swarm?.ControlAvailable) return false;
    const stack = await docker.listServices({ filters: { label: [`com.docker.stack.namespace=${project}`] } });
    if (stack.length === 0) return false;
    const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${PROJECT}=${project}`] }) });
    return containers.length === 0;
  } catch {
    return false;
  }
}

/** Live checks of a statically validated project against the engine (and probes, if asked). */
export async function validateLive(
  result: ValidationResult,
  endpoint: DockerEndpoint,
  config: Config,
  probe: { enabled: boolean; outside?: string },
): Promise<LiveResult> {
  const docker = new Docker(endpoint.options);
  const notes: string[] = [];
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(`cannot reach the Docker Engine at ${endpoint.description}: ${(err as Error).message}`);
  }
  if (config.target === 'swarm') {
    // A stack: what the swarm manager reports (the stack is named like the project).
    const swarm = await swarmLiveFindings(docker, result.project, result.contract, result.project.name);
    return { findings: finishFindings(swarm.findings, config), notes: swarm.notes };
  }
  const live = await readLiveProject(docker, result.project.name);
  if (live.containers.length === 0) {
    notes.push(`project "${result.project.name}" has no containers on ${endpoint.description}: nothing to check live`);
    return { findings: [], notes };
  }
  const raw = liveFindings(result.project, result.contract, live);
  if (probe.enabled) {
    const probed = await runProbes(docker, result.project, result.contract, live, probe.outside);
    raw.push(...probed.findings);
    notes.push(...probed.problems);
  }
  return { findings: finishFindings(raw, config), notes };
}
