import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type Docker from 'dockerode';
import type { DeclaredProject } from '../../../common/protocol';
import type { ContainerState } from './health-watcher';

export interface PreflightProblem {
  service?: string;
  message: string;
  /** Blocking problems stop the start; others are shown and the user may go on. */
  blocking: boolean;
  /** What kind of problem, for the metrics of starts blocked before `up`. */
  reason: 'compose-errors' | 'engine' | 'port-in-use' | 'image-missing';
}

/** Whether a host port can be bound right now (on this machine only). */
function portFree(hostIp: string, port: number, protocol: string): Promise<boolean> {
  const address = hostIp && hostIp !== '::' ? hostIp : '0.0.0.0';
  return new Promise((resolve) => {
    if (protocol === 'udp') {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => (socket.close(), resolve(false)));
      socket.bind(port, address, () => socket.close(() => resolve(true)));
      return;
    }
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, address, () => server.close(() => resolve(true)));
  });
}

/**
 * Checks before a start: the static check has no errors, the engine answers, every host port
 * the project publishes is free (or already held by this project's own containers), and every
 * image to run is present or will be built.
 */
export async function preflight(docker: Docker, project: DeclaredProject, running: ContainerState[]): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  if (project.errors > 0)
    problems.push({ message: `${project.errors} error(s) in the compose files: see the Problems panel.`, blocking: true, reason: 'compose-errors' });
  try {
    await docker.ping();
  } catch (err) {
    problems.push({ message: `The Docker Engine does not answer: ${(err as Error).message}`, blocking: true, reason: 'engine' });
    return problems;
  }
  const ours = new Set(
    running.filter((c) => c.project === project.name && c.state === 'running').flatMap((c) => c.ports.map((p) => `${p.hostPort}/${p.protocol}`)),
  );
  for (const s of project.services.filter((x) => x.enabled)) {
    for (const p of s.ports) {
      if (ours.has(`${p.hostPort}/${p.protocol}`)) continue;
      if (!(await portFree(p.hostIp, p.hostPort, p.protocol))) {
        problems.push({
          service: s.name,
          message: `Host port ${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort}/${p.protocol} of service "${s.name}" is already in use.`,
          blocking: true,
          reason: 'port-in-use',
        });
      }
    }
    if (s.image && !s.build) {
      try {
        await docker.getImage(s.image).inspect();
      } catch {
        problems.push({
          service: s.name,
          message: `Image "${s.image}" of service "${s.name}" is not present: compose will try to pull it.`,
          blocking: false,
          reason: 'image-missing',
        });
      }
    }
  }
  return problems;
}
