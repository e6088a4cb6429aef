import * as fs from 'node:fs';
import * as path from 'node:path';
import { DAY, type MetricsRecord } from './records';

/**
 * The metrics store: an append-only log of JSON lines, cut into segments. One `write` per record
 * to a file kept open (no read, no rewrite), so recording costs microseconds and a crash loses at
 * most the line being written, which `read` skips. Bounds: a segment is closed after a day or
 * `segmentBytes`; whole segments older than the retention, or beyond `maxBytes` in total, are
 * deleted oldest first. Each new segment opens with the states in force (from `carry`), so the
 * oldest segment kept still knows what every service was doing when it began.
 *
 * One writer per store (a lock file holding its pid); a second window on the same workspace
 * reads but does not record twice.
 */
export interface StoreLimits {
  segmentBytes: number;
  segmentMs: number;
  maxBytes: number;
  retentionMs: number;
}

export const DEFAULT_LIMITS: StoreLimits = { segmentBytes: 1 << 20, segmentMs: DAY, maxBytes: 16 << 20, retentionMs: 8 * DAY };

const SEGMENT = /^segment-(\d{13})\.jsonl$/;
const LOCK = 'writer.lock';

interface Segment {
  file: string;
  start: number;
}

export class MetricsStore {
  private fd: number | undefined;
  private current: { start: number; bytes: number } | undefined;
  private writer = false;

  constructor(
    readonly dir: string,
    private readonly limits: StoreLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Becomes the store's writer unless a live process already is; false when read-only. */
  open(): boolean {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const lock = path.join(this.dir, LOCK);
    for (let attempt = 0; attempt < 2 && !this.writer; attempt++) {
      try {
        fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
        this.writer = true;
      } catch {
        if (writerAlive(this.dir)) return false;
        // The previous writer died without unlocking.
        fs.rmSync(lock, { force: true });
      }
    }
    return this.writer;
  }

  /** Appends one record; `carry` gives the records a new segment starts with. */
  append(record: MetricsRecord, carry: () => MetricsRecord[] = () => []): void {
    if (!this.writer) return;
    const t = this.now();
    if (!this.current || this.current.bytes >= this.limits.segmentBytes || t - this.current.start >= this.limits.segmentMs) {
      this.rotate(t);
      for (const c of carry()) this.write(c);
    }
    this.write(record);
  }

  private write(record: MetricsRecord): void {
    const line = `${JSON.stringify(record)}\n`;
    fs.writeSync(this.fd as number, line);
    (this.current as { bytes: number }).bytes += Buffer.byteLength(line);
  }

  private rotate(t: number): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    const segments = listSegments(this.dir);
    // Never two segments with one start time (names sort by it).
    const start = Math.max(t, (segments[segments.length - 1]?.start ?? 0) + 1);
    this.fd = fs.openSync(path.join(this.dir, segmentName(start)), 'a', 0o600);
    this.current = { start, bytes: 0 };
    this.prune([...segments, { file: segmentName(start), start }], t);
  }

  /** Deletes whole segments past the retention or over the size cap (never the one being written). */
  private prune(segments: Segment[], t: number): void {
    const sizes = segments.map((s) => fileSize(path.join(this.dir, s.file)));
    let total = sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < segments.length - 1; i++) {
      // A segment's data runs until the next one starts.
      const expired = segments[i + 1].start < t - this.limits.retentionMs;
      if (!expired && total <= this.limits.maxBytes) break;
      fs.rmSync(path.join(this.dir, segments[i].file), { force: true });
      total -= sizes[i];
    }
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.current = undefined;
    if (this.writer) fs.rmSync(path.join(this.dir, LOCK), { force: true });
    this.writer = false;
  }
}

/** Every record since `since` (and the segment in force at `since`, for the states it carries), oldest first. */
export function readRecords(dir: string, since = 0): MetricsRecord[] {
  const segments = listSegments(dir);
  let first = 0;
  while (first + 1 < segments.length && segments[first + 1].start <= since) first++;
  const records: MetricsRecord[] = [];
  for (const s of segments.slice(first)) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, s.file), 'utf8');
    } catch {
      continue; // Pruned by the writer meanwhile.
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        records.push(JSON.parse(line) as MetricsRecord);
      } catch {
        // A line cut short by a crash: the rest of the log is fine.
      }
    }
  }
  return records;
}

/** Whether some live process is recording into the store now (so open intervals run until now). */
export function writerAlive(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dir, LOCK), 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Total bytes on disk of the store's segments. */
export function storeBytes(dir: string): number {
  return listSegments(dir).reduce((sum, s) => sum + fileSize(path.join(dir, s.file)), 0);
}

function listSegments(dir: string): Segment[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((file) => ({ file, m: SEGMENT.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => !!x.m)
    .map(({ file, m }) => ({ file, start: Number(m[1]) }))
    .sort((a, b) => a.start - b.start);
}

function segmentName(start: number): string {
  return `segment-${String(start).padStart(13, '0')}.jsonl`;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
