import * as fs from 'node:fs';
import { DiskHost, MIB, textOverLimit, withoutBom, type Host, type Oversize } from './engine/project/host';
import type { ImageHealthcheck } from '../../common/docker/image-health';
import type { SwarmNodeFacts } from '../../common/docker/swarm-nodes';
import { SourceFile } from './engine/text';
import { parseYaml, type ParsedFile } from './engine/yaml/parse';

/**
 * What the language server keeps between checks, so a keystroke costs only what it changed:
 * file contents read from disk (re-read when size or modification time differ), parse results
 * by content, and each project's result with every read it depended on.
 */

interface DiskEntry {
  mtimeMs: number;
  size: number;
  text: string;
}

/** The disk, read again only when a file's size or modification time changed. */
export class CachedDisk extends DiskHost {
  private entries = new Map<string, DiskEntry>();
  private used = new Set<string>();

  readFile(path: string): string | undefined {
    this.used.add(path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path);
    } catch {
      this.entries.delete(path);
      return undefined;
    }
    if (!stat.isFile() || stat.size > this.maxFileMiB * MIB) return undefined;
    const known = this.entries.get(path);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.text;
    try {
      const text = withoutBom(fs.readFileSync(path, 'utf8'));
      this.entries.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, text });
      return text;
    } catch {
      return undefined;
    }
  }

  /** Forgets files the editor says changed on disk (a same-size write within one clock tick). */
  forget(paths: Iterable<string>): void {
    for (const p of paths) this.entries.delete(p);
  }

  /** Drops the files no check read since the last call. */
  prune(): void {
    for (const p of this.entries.keys()) if (!this.used.has(p)) this.entries.delete(p);
    this.used = new Set();
  }
}

/** Parse results by path and content: an unchanged file is never parsed twice. */
export class ParseCache {
  private entries = new Map<string, ParsedFile>();
  private used = new Set<string>();

  parse(path: string, text: string): ParsedFile {
    this.used.add(path);
    const known = this.entries.get(path);
    if (known && known.file.text === text) return known;
    const parsed = parseYaml(new SourceFile(path, text));
    this.entries.set(path, parsed);
    return parsed;
  }

  prune(): void {
    for (const p of this.entries.keys()) if (!this.used.has(p)) this.entries.delete(p);
    this.used = new Set();
  }
}

/**
 * The host one check runs on: editor buffers over the disk, parse results from the cache, and
 * a record of every read and existence test, which tells later whether the check is stale.
 */
export class TrackingHost implements Host {
  readonly reads = new Map<string, string | undefined>();
  readonly tests = new Map<string, boolean>();

  constructor(
    private readonly buffers: ReadonlyMap<string, string>,
    private readonly disk: CachedDisk,
    private readonly parses: ParseCache,
  ) {}

  get env() {
    return this.disk.env;
  }

  readFile(path: string): string | undefined {
    const buffer = this.buffers.get(path);
    const text = buffer === undefined ? this.disk.readFile(path) : textOverLimit(buffer, this.disk.maxFileMiB) ? undefined : buffer;
    this.reads.set(path, text);
    return text;
  }

  tooLarge(path: string): Oversize | undefined {
    const buffer = this.buffers.get(path);
    return buffer === undefined ? this.disk.tooLarge(path) : textOverLimit(buffer, this.disk.maxFileMiB);
  }

  exists(path: string): boolean {
    const found = this.buffers.has(path) || this.disk.exists(path);
    this.tests.set(path, found);
    return found;
  }

  parse(path: string, text: string): ParsedFile {
    return this.parses.parse(path, text);
  }

  imageHealthcheck(image: string): ImageHealthcheck | undefined {
    return this.disk.imageHealthcheck(image);
  }

  swarmNodes(): SwarmNodeFacts[] | undefined {
    return this.disk.swarmNodes();
  }

  /** True when every read and test of `earlier` would give the same answer on this host. */
  sameInputs(earlier: TrackingHost): boolean {
    for (const [path, text] of earlier.reads) if (this.readFile(path) !== text) return false;
    for (const [path, found] of earlier.tests) if (this.exists(path) !== found) return false;
    return true;
  }
}
