import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';

export interface ServiceLogOptions {
  /** Lines of history per task before following (default 50). */
  tail?: number;
  onLine: (line: string) => void;
  onEnd?: (reason: string) => void;
}

/** `com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,com.docker.swarm.task.id=… message` (details=true). */
function parseDetails(line: string): { nodeId?: string; taskId?: string; message: string } {
  const space = line.indexOf(' ');
  const head = space < 0 ? line : line.slice(0, space);
  if (!head.includes('com.docker.swarm.')) return { message: line };
  const attrs = new Map(head.split(',').map((kv) => kv.split('=') as [string, string]));
  return { nodeId: attrs.get('com.docker.swarm.node.id'), taskId: attrs.get('com.docker.swarm.task.id'), message: space < 0 ? '' : line.slice(space + 1) };
}

/** Looks a name up once per id; an id that cannot be looked up shows as its short form. */
function cached(names: Map<string, Promise<string>>, id: string, lookup: () => Promise<string>): Promise<string> {
  if (!names.has(id))
    names.set(
      id,
      lookup().catch(() => id.slice(0, 12)),
    );
  return names.get(id)!;
}

/**
 * Follows the logs of a service across all its tasks and nodes (through the manager), each line
 * prefixed with its task and node: `web.2@node1 | …`. Tasks that start later (scaling, updates)
 * join the same stream; their names are looked up once each.
 */
export class ServiceLogs {
  private stream: NodeJS.ReadableStream | undefined;
  private readonly names = new Map<string, Promise<string>>();
  private readonly hostnames = new Map<string, Promise<string>>();
  private disposed = false;

  constructor(
    private readonly docker: Docker,
    private readonly serviceId: string,
    private readonly options: ServiceLogOptions,
  ) {}

  async start(): Promise<void> {
    const stream = (await this.docker
      .getService(this.serviceId)
      .logs({ follow: true, stdout: true, stderr: true, details: true, tail: this.options.tail ?? 50 })) as NodeJS.ReadableStream;
    if (this.disposed) return (stream as unknown as { destroy(): void }).destroy();
    this.stream = stream;
    const out = new PassThrough();
    this.docker.modem.demuxStream(stream, out, out);
    let partial = '';
    // Lines keep their order: each waits for the names of the lines before it.
    let queue = Promise.resolve();
    out.on('data', (chunk: Buffer) => {
      partial += chunk.toString('utf8');
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) queue = queue.then(() => this.emit(line));
    });
    stream.on('end', () => void queue.then(() => this.options.onEnd?.('the service is gone or the engine closed the stream')));
    stream.on('error', (err: Error) => this.options.onEnd?.(err.message));
  }

  private async emit(line: string): Promise<void> {
    if (this.disposed) return;
    const { nodeId, taskId, message } = parseDetails(line.replace(/\r$/, ''));
    const prefix = taskId ? `${await this.taskName(taskId)}@${nodeId ? await this.hostname(nodeId) : '?'}` : '?';
    this.options.onLine(`${prefix} | ${message}`);
  }

  private taskName(id: string): Promise<string> {
    return cached(this.names, id, async () => {
      const t = (await this.docker.getTask(id).inspect()) as { Slot?: number; ServiceID: string };
      const service = (await this.docker.getService(t.ServiceID).inspect()) as { Spec: { Name: string; Labels?: Record<string, string> } };
      const stack = service.Spec.Labels?.['com.docker.stack.namespace'];
      const short = stack && service.Spec.Name.startsWith(`${stack}_`) ? service.Spec.Name.slice(stack.length + 1) : service.Spec.Name;
      return t.Slot !== undefined ? `${short}.${t.Slot}` : short;
    });
  }

  private hostname(id: string): Promise<string> {
    return cached(
      this.hostnames,
      id,
      async () => ((await this.docker.getNode(id).inspect()) as { Description?: { Hostname?: string } }).Description?.Hostname ?? id.slice(0, 12),
    );
  }

  dispose(): void {
    this.disposed = true;
    (this.stream as unknown as { destroy?(): void } | undefined)?.destroy?.();
  }
}
