import type Docker from 'dockerode';

/** What placement constraints can name of a swarm node. */
export interface SwarmNodeFacts {
  hostname: string;
  role: 'manager' | 'worker';
  /** The node's labels (`docker node update --label-add`), which `node.labels.X` constraints read. */
  labels: Record<string, string>;
}

/**
 * The swarm's nodes as its manager lists them (`docker node ls`); null when the engine is no
 * swarm manager or cannot be asked, so nothing is judged against them.
 */
export async function inspectSwarmNodes(docker: Docker): Promise<SwarmNodeFacts[] | null> {
  try {
    const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
    if (!info.Swarm?.ControlAvailable) return null;
    const nodes = (await docker.listNodes()) as {
      ID: string;
      Description?: { Hostname?: string };
      Spec?: { Role?: string; Labels?: Record<string, string> };
    }[];
    // By hostname: the engine lists nodes in no set order, and messages name them.
    return nodes
      .map((n): SwarmNodeFacts => ({
        hostname: n.Description?.Hostname ?? n.ID,
        role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
        labels: n.Spec?.Labels ?? {},
      }))
      .sort((a, b) => a.hostname.localeCompare(b.hostname));
  } catch {
    return null;
  }
}
