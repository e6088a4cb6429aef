import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { Subscription } from '../events';
import type { ContainerState, HealthWatcher } from './health-watcher';

export interface LogTailOptions {
  /** Show each line's engine timestamp. */
  timestamps: boolean;
  /** Unix seconds: only lines after this time. */
  since?: number;
  /** Lines of history per container when the tail starts. */
  tail?: number;
}

/** Nanoseconds since the epoch of an RFC 3339 timestamp with up to nine fraction digits. */
function nanos(ts: string): bigint {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(ts);
  if (!m) return 0n;
  return BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0').slice(0, 9) || '0');
}

/**
 * Follows the logs of a project's services, one line at a time, each prefixed with its service.
 * It follows containers across restarts and re-creation: when a stream ends it re-attaches from
 * the last line it saw, and skips what it already showed — nothing lost, nothing repeated.
 */
export class LogTail {
  private readonly attached = new Map<string, { destroy(): void }>();
  /** The newest line shown per container, in nanoseconds. */
  private readonly last = new Map<string, bigint>();
  private readonly width: number;
  private stopped = false;
  private subscription: Subscription | undefined;

  constructor(
    private readonly docker: () => Docker,
    private readonly watcher: HealthWatcher,
    private readonly project: string,
    private readonly services: string[],
    private readonly options: LogTailOptions,
    private readonly write: (line: string) => void,
  ) {
    this.width = Math.max(...services.map((s) => s.length), 1);
  }

  start(): void {
    this.subscription = this.watcher.onChanged(() => this.attachAll());
    this.attachAll();
  }

  private containers(): ContainerState[] {
    return [...this.watcher.containers.values()].filter((c) => c.project === this.project && this.services.includes(c.service));
  }

  private attachAll(): void {
    if (this.stopped) return;
    for (const c of this.containers()) if (!this.attached.has(c.id) && c.state === 'running') void this.attach(c);
  }

  private async attach(c: ContainerState): Promise<void> {
    const seen = this.last.get(c.id);
    const since = seen !== undefined ? Number(seen / 1_000_000_000n) : this.options.since;
    const placeholder = { destroy: () => undefined };
    this.attached.set(c.id, placeholder);
    let stream: NodeJS.ReadableStream & { destroy(): void };
    try {
      stream = (await this.docker()
        .getContainer(c.id)
        .logs({
          follow: true,
          stdout: true,
          stderr: true,
          timestamps: true,
          ...(since !== undefined ? { since } : {}),
          ...(seen === undefined && this.options.tail !== undefined ? { tail: this.options.tail } : {}),
        })) as unknown as NodeJS.ReadableStream & {
        destroy(): void;
      };
    } catch {
      // The container vanished meanwhile: the watcher will tell us about its successor.
      this.attached.delete(c.id);
      return;
    }
    if (this.stopped) {
      stream.destroy();
      return;
    }
    this.attached.set(c.id, stream);
    const out = new PassThrough();
    let buffer = '';
    out.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        this.line(c, buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    this.docker().modem.demuxStream(stream, out, out);
    const done = () => {
      if (buffer) this.line(c, buffer);
      buffer = '';
      if (this.attached.get(c.id) === stream) this.attached.delete(c.id);
      // A restart ends the stream; the watcher's next change re-attaches from the last line.
      setTimeout(() => this.attachAll(), 50);
    };
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  }

  private line(c: ContainerState, raw: string): void {
    const space = raw.indexOf(' ');
    const ts = space > 0 ? raw.slice(0, space) : '';
    const text = space > 0 ? raw.slice(space + 1) : raw;
    const at = nanos(ts);
    const seen = this.last.get(c.id);
    if (seen !== undefined && at <= seen) return;
    this.last.set(c.id, at);
    const prefix = `${c.service.padEnd(this.width)} | `;
    this.write(this.options.timestamps ? `${prefix}${ts} ${text}` : `${prefix}${text}`);
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.dispose();
    for (const s of this.attached.values()) s.destroy();
    this.attached.clear();
  }
}

/**
 * The text of a non-following logs response: the engine frames each chunk (8-byte header:
 * stream, three zero bytes, big-endian length) unless the container has a TTY.
 */
export function demuxLogs(buf: Buffer): string {
  if (buf.length < 8 || buf[0] > 2 || buf[1] !== 0 || buf[2] !== 0 || buf[3] !== 0) return buf.toString('utf8');
  let out = '';
  for (let i = 0; i + 8 <= buf.length;) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}
