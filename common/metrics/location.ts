import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where a workspace's metrics live, the same for the extension and the CLI: under the user's
 * state directory (XDG_STATE_HOME, %LOCALAPPDATA%, ~/Library/Application Support), one folder per
 * workspace folder, named by a hash of its absolute path. Nothing is stored in the workspace
 * itself (nothing to commit by mistake) and nothing leaves the machine.
 */
export function metricsDir(workspace: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const key = createHash('sha256').update(path.resolve(workspace)).digest('hex').slice(0, 16);
  return path.join(stateHome(env, platform), 'compose-mesh', 'metrics', key);
}

function stateHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (env.COMPOSE_MESH_STATE_DIR) return env.COMPOSE_MESH_STATE_DIR;
  if (platform === 'win32') return env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support');
  return env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
}
