import { fileURLToPath, pathToFileURL } from 'node:url';

/** file:// URIs <-> paths; other schemes (untitled:, vscode-remote:) keep their URI as a path key. */
export const URI = {
  toPath(uri: string): string {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  },
  fromPath(file: string): string {
    return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) ? pathToFileURL(file).toString() : file;
  },
};
