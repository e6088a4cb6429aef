import type Docker from 'dockerode';

const PROJECT = 'com.docker.compose.project';
const SERVICE = 'com.docker.compose.service';

/**
 * One line of live state for a service, straight from the Docker Engine: what the hover shows
 * ("running · healthy", "2 containers: running · unhealthy", "exited (1)", "not created").
 */
export class ServiceStates {
  /** The same engine client the health tree uses. */
  constructor(private readonly docker: () => Docker) {}

  async stateOf(project: string, service: string): Promise<string | null> {
    let containers;
    try {
      containers = await this.docker().listContainers({ all: true, filters: JSON.stringify({ label: [`${PROJECT}=${project}`, `${SERVICE}=${service}`] }) });
    } catch {
      // The engine is down or unreachable: the hover simply has no live line.
      return null;
    }
    if (containers.length === 0) return 'not created';
    const one = (c: Docker.ContainerInfo) => {
      const health = /\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1]?.replace('health: ', '');
      const exit = /^Exited \((\d+)\)/.exec(c.Status)?.[1];
      return [c.State === 'exited' && exit !== undefined ? `exited (${exit})` : c.State, health].filter(Boolean).join(' · ');
    };
    const states = [...new Set(containers.map(one))];
    return containers.length === 1 ? states[0] : `${containers.length} containers: ${states.join(', ')}`;
  }
}
