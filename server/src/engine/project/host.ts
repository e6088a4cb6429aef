import * as fs from 'node:fs';
import type { ParsedFile } from '../yaml/parse';

/**
 * What the engine may read from the outside world. The LSP server layers unsaved editor
 * buffers over the disk; the CLI reads the disk. Nothing else is touched.
 */
export interface Host {
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
  /** The environment Compose would see (variables override `.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** A host that keeps parse results across checks (the language server) answers from its cache. */
  parse?(path: string, text: string): ParsedFile;
}

/** Files larger than this are not read: a compose file of this size is a mistake or an attack. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export class DiskHost implements Host {
  constructor(readonly env: Readonly<Record<string, string | undefined>> = process.env) {}

  readFile(path: string): string | undefined {
    try {
      const stat = fs.statSync(path);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
      // Editors hide a byte order mark and never send it to the language server; dropping it
      // here too keeps the CLI's columns on the first line the same as the editor's.
      const text = fs.readFileSync(path, 'utf8');
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch {
      return undefined;
    }
  }

  exists(path: string): boolean {
    return fs.existsSync(path);
  }
}

/** Unsaved editor buffers first, then the disk. */
export class OverlayHost implements Host {
  constructor(
    private readonly buffers: ReadonlyMap<string, string>,
    private readonly disk: Host,
  ) {}

  get env() {
    return this.disk.env;
  }

  readFile(path: string): string | undefined {
    return this.buffers.get(path) ?? this.disk.readFile(path);
  }

  exists(path: string): boolean {
    return this.buffers.has(path) || this.disk.exists(path);
  }
}
