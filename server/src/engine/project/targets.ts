import * as path from 'node:path';
import type { Config } from '../config';
import { CONTRACT_NAMES } from '../contract/load';
import type { Host } from './host';
import { defaultFileSet, fileSetFor } from './discover';
import type { ProjectInput } from './load';

const envOf = (host: Host) => (n: string) => host.env[n];

/** The projects to check for a path given by the user: a directory or a compose file. */
export function projectsForPath(target: string, host: Host, config: Config, isDirectory: boolean): ProjectInput[] {
  const explicit = config.fileSets.filter((set) => (isDirectory ? path.dirname(set[0]) === target : set.includes(target)));
  if (explicit.length) return explicit.map((files) => ({ files }));
  if (isDirectory) {
    const files = defaultFileSet(target, host, envOf(host));
    return files ? [{ files }] : [];
  }
  return [{ files: fileSetFor(target, host, envOf(host)) }];
}

/**
 * The project that gives an open document its meaning (editor side); for a network contract,
 * the compose project beside it (undefined when there is none).
 */
export function projectForDocument(file: string, host: Host, config: Config): ProjectInput | undefined {
  if (CONTRACT_NAMES.includes(path.basename(file)) || file === config.contract) {
    const files = config.fileSets.find((set) => path.dirname(set[0]) === path.dirname(file)) ?? defaultFileSet(path.dirname(file), host, envOf(host));
    return files ? { files } : undefined;
  }
  const explicit = config.fileSets.find((set) => set.includes(file));
  return { files: explicit ?? fileSetFor(file, host, envOf(host)) };
}
