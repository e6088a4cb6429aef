import type Docker from 'dockerode';

/** What the engine runs for one compose project, read through the Engine API. */
export interface LiveContainer {
  id: string;
  name: string;
  service: string;
  running: boolean;
  /** Compose network keys (the `com.docker.compose.network` label) or engine names for others. */
  networks: string[];
  ports: { hostIp: string; hostPort: number; containerPort: number; protocol: string }[];
}

export interface LiveNetwork {
  /** The network's key in the compose file. */
  key: string;
  name: string;
  internal: boolean;
  /** Containers attached that are not part of the project. */
  foreign: string[];
}

export interface LiveProject {
  name: string;
  containers: LiveContainer[];
  networks: LiveNetwork[];
}

export const PROJECT = 'com.docker.compose.project';
const SERVICE = 'com.docker.compose.service';
const NETWORK = 'com.docker.compose.network';

export async function readLiveProject(docker: Docker, project: string): Promise<LiveProject> {
  const filters = JSON.stringify({ label: [`${PROJECT}=${project}`] });
  const [summaries, networkSummaries] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters })]);
  const networks: LiveNetwork[] = [];
  const keyOfNetwork = new Map<string, string>();
  for (const n of networkSummaries) {
    // A network can vanish between the list and the inspect: skip it, do not fail.
    const info = await docker
      .getNetwork(n.Id)
      .inspect()
      .catch(() => undefined);
    if (!info) continue;
    const key = info.Labels?.[NETWORK] ?? info.Name;
    keyOfNetwork.set(info.Name, key);
    const attached = Object.entries((info.Containers ?? {}) as Record<string, { Name: string }>);
    const ours = new Set(summaries.map((c) => c.Id));
    networks.push({ key, name: info.Name, internal: !!info.Internal, foreign: attached.filter(([id]) => !ours.has(id)).map(([, c]) => c.Name) });
  }
  const containers: LiveContainer[] = [];
  for (const c of summaries) {
    const info = await docker
      .getContainer(c.Id)
      .inspect()
      .catch(() => undefined);
    if (!info) continue;
    const ports: LiveContainer['ports'] = [];
    for (const [spec, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
      const [port, protocol] = spec.split('/');
      for (const b of bindings ?? []) ports.push({ hostIp: b.HostIp, hostPort: Number(b.HostPort), containerPort: Number(port), protocol });
    }
    containers.push({
      id: c.Id,
      name: info.Name.replace(/^\//, ''),
      service: info.Config.Labels?.[SERVICE] ?? '',
      running: !!info.State?.Running,
      networks: Object.keys(info.NetworkSettings?.Networks ?? {}).map((n) => keyOfNetwork.get(n) ?? n),
      ports,
    });
  }
  return { name: project, containers, networks };
}
