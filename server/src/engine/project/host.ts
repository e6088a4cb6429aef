import * as fs from 'node:fs';
import type { ImageHealthcheck } from '../../../../common/docker/image-health';
import type { SwarmNodeFacts } from '../../../../common/docker/swarm-nodes';
import type { EngineFacts } from './engine-facts';
import type { ImageFacts } from './image-facts';
import type { ParsedFile } from '../yaml/parse';

/**
 * What the engine may read from the outside world. The LSP server layers unsaved editor
 * buffers over the disk; the CLI reads the disk. Nothing else is touched.
 */
export interface Host {
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
  /** The size and the limit of a file that exists but is too large to read; undefined otherwise. */
  tooLarge(path: string): Oversize | undefined;
  /** The path with symbolic links resolved, so a file reached by two names is read once. */
  realPath?(path: string): string;
  /** The environment Compose would see (variables override `.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** A host that keeps parse results across checks (the language server) answers from its cache. */
  parse?(path: string, text: string): ParsedFile;
  /**
   * What the Docker Engine's image inspect says of an image's HEALTHCHECK, where an engine was
   * asked (the editor's, or the CLI's with --live); undefined when nobody could ask.
   */
  imageHealthcheck?(image: string): ImageHealthcheck | undefined;
  /**
   * The nodes of the swarm the engine manages, where an engine was asked (the editor's, or the
   * CLI's with --live) and is a swarm manager; undefined otherwise.
   */
  swarmNodes?(): SwarmNodeFacts[] | undefined;
}

/** The one key swarm facts are kept under: an engine manages at most one swarm. */
export const SWARM_NODES = 'nodes';

/**
 * Files larger than this many MiB are not read, unless the user raises the limit
 * (`composeMesh.maxFileSizeMiB`, `--max-file-size`, `maxFileSizeMiB` in `.compose-mesh.yaml`).
 * A 30,000-service file is about 17 MiB and is checked in a few seconds.
 */
export const DEFAULT_MAX_FILE_MIB = 64;
export const MIB = 1024 * 1024;

/**
 * Editors hide a byte order mark and never send it to the language server; dropping it when
 * reading the disk too keeps columns on the first line the same in the CLI and the editor.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** What `Host.tooLarge` answers for a file over the limit. */
export interface Oversize {
  bytes: number;
  limitMiB: number;
}

/** The file on disk, when it is over `limitMiB`. */
export function fileOverLimit(path: string, limitMiB: number): Oversize | undefined {
  try {
    const stat = fs.statSync(path);
    return stat.isFile() && stat.size > limitMiB * MIB ? { bytes: stat.size, limitMiB } : undefined;
  } catch {
    return undefined;
  }
}

/** An editor buffer, when its UTF-8 size is over `limitMiB`: buffers obey the same limit as files. */
export function textOverLimit(text: string, limitMiB: number): Oversize | undefined {
  // The UTF-16 length bounds the UTF-8 size from both sides: count bytes only where it matters.
  const limit = limitMiB * MIB;
  if (text.length * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(text);
  return bytes > limit ? { bytes, limitMiB } : undefined;
}

export class DiskHost implements Host {
  /** The engine's answers about images, where someone can ask an engine (the language server, the CLI with --live). */
  images?: ImageFacts;
  /** The swarm's nodes, where someone can ask an engine. */
  swarm?: EngineFacts<SwarmNodeFacts[]>;

  constructor(
    readonly env: Readonly<Record<string, string | undefined>> = process.env,
    public maxFileMiB = DEFAULT_MAX_FILE_MIB,
  ) {}

  imageHealthcheck(image: string): ImageHealthcheck | undefined {
    return this.images?.lookup(image);
  }

  swarmNodes(): SwarmNodeFacts[] | undefined {
    return this.swarm?.lookup(SWARM_NODES);
  }

  readFile(path: string): string | undefined {
    try {
      const stat = fs.statSync(path);
      if (!stat.isFile() || stat.size > this.maxFileMiB * MIB) return undefined;
      return withoutBom(fs.readFileSync(path, 'utf8'));
    } catch {
      return undefined;
    }
  }

  exists(path: string): boolean {
    return fs.existsSync(path);
  }

  tooLarge(path: string): Oversize | undefined {
    return fileOverLimit(path, this.maxFileMiB);
  }

  realPath(path: string): string {
    try {
      return fs.realpathSync(path);
    } catch {
      return path;
    }
  }
}

/** Unsaved editor buffers first, then the disk. */
export class OverlayHost implements Host {
  constructor(
    private readonly buffers: ReadonlyMap<string, string>,
    private readonly disk: DiskHost,
  ) {}

  get env() {
    return this.disk.env;
  }

  readFile(path: string): string | undefined {
    const buffer = this.buffers.get(path);
    if (buffer === undefined) return this.disk.readFile(path);
    return textOverLimit(buffer, this.disk.maxFileMiB) ? undefined : buffer;
  }

  exists(path: string): boolean {
    return this.buffers.has(path) || this.disk.exists(path);
  }

  tooLarge(path: string): Oversize | undefined {
    const buffer = this.buffers.get(path);
    return buffer === undefined ? this.disk.tooLarge(path) : textOverLimit(buffer, this.disk.maxFileMiB);
  }

  realPath(path: string): string {
    return this.buffers.has(path) ? path : (this.disk.realPath?.(path) ?? path);
  }
}
