import { get, text, type YNode } from '../yaml/nodes';

/**
 * Where a port entry of a stack publishes. On a swarm every entry publishes (a port without a
 * published one gets one from 30000 up) and the host IP is dropped: the ingress routing mesh
 * listens on every interface of every node, host mode on every interface of the task's node.
 */
export function swarmPublishing(port: YNode): string {
  return text(get(port, 'mode')) === 'host'
    ? 'in host mode, on every interface of the node that runs it'
    : 'through the ingress routing mesh, on every interface of every node';
}
