import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DockerOptions } from 'dockerode';

/**
 * Which Docker Engine to talk to, resolved the way the docker CLI resolves it: an explicit
 * host, then DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), then DOCKER_CONTEXT or the
 * current context of ~/.docker/config.json (its meta.json endpoint and TLS material), then the
 * default socket. `description` says plainly what was chosen and why.
 */
export interface DockerEndpoint {
  options: DockerOptions;
  description: string;
  source: 'setting' | 'DOCKER_HOST' | 'context' | 'default';
}

export interface EndpointInputs {
  env: Readonly<Record<string, string | undefined>>;
  /** A host from the user's settings (`composeMesh.docker.host`); wins over everything. */
  explicitHost?: string;
  home?: string;
}

const read = (file: string) => {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
};

function tlsFiles(dir: string | undefined): Pick<DockerOptions, 'ca' | 'cert' | 'key'> {
  if (!dir) return {};
  const out: Pick<DockerOptions, 'ca' | 'cert' | 'key'> = {};
  const ca = read(path.join(dir, 'ca.pem'));
  const cert = read(path.join(dir, 'cert.pem'));
  const key = read(path.join(dir, 'key.pem'));
  if (ca) out.ca = ca;
  if (cert) out.cert = cert;
  if (key) out.key = key;
  return out;
}

/** Dockerode options for a docker host URL (unix://, npipe://, tcp://, ssh://). */
export function optionsForHost(host: string, tls: { verify: boolean; dir?: string }): DockerOptions {
  const url = new URL(host.includes('://') ? host : `tcp://${host}`);
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(url.pathname) };
    case 'npipe:':
      return { socketPath: `//./pipe/${url.pathname.replace(/^\/+(\.\/)?(pipe\/)?/, '')}` };
    case 'ssh:':
      return { protocol: 'ssh', host: url.hostname, port: Number(url.port || 22), username: decodeURIComponent(url.username) || undefined };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const secure = tls.verify || url.protocol === 'https:' || !!tls.dir;
      return {
        protocol: secure ? 'https' : 'http',
        host: url.hostname,
        port: Number(url.port || (secure ? 2376 : 2375)),
        ...(secure ? tlsFiles(tls.dir) : {}),
      };
    }
    default:
      throw new Error(`unsupported Docker host "${host}" (use unix://, npipe://, tcp:// or ssh://)`);
  }
}

function currentContext(env: EndpointInputs['env'], home: string): string | undefined {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  const configDir = env.DOCKER_CONFIG ?? path.join(home, '.docker');
  const raw = read(path.join(configDir, 'config.json'));
  if (!raw) return undefined;
  try {
    return (JSON.parse(raw.toString('utf8')) as { currentContext?: string }).currentContext;
  } catch {
    return undefined;
  }
}

export function resolveDockerEndpoint({ env, explicitHost, home = os.homedir() }: EndpointInputs): DockerEndpoint {
  const tls = { verify: !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0', dir: env.DOCKER_CERT_PATH };
  if (explicitHost) return { options: optionsForHost(explicitHost, tls), description: `${explicitHost} (from the composeMesh.docker.host setting)`, source: 'setting' };
  if (env.DOCKER_HOST) return { options: optionsForHost(env.DOCKER_HOST, tls), description: `${env.DOCKER_HOST} (from DOCKER_HOST)`, source: 'DOCKER_HOST' };
  const context = currentContext(env, home);
  if (context && context !== 'default') {
    const configDir = env.DOCKER_CONFIG ?? path.join(home, '.docker');
    const id = createHash('sha256').update(context).digest('hex');
    const meta = read(path.join(configDir, 'contexts', 'meta', id, 'meta.json'));
    if (!meta) throw new Error(`docker context "${context}" is selected but ${path.join(configDir, 'contexts', 'meta', id, 'meta.json')} does not exist`);
    const endpoint = (JSON.parse(meta.toString('utf8')) as { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } }).Endpoints?.docker;
    if (!endpoint?.Host) throw new Error(`docker context "${context}" has no Docker endpoint`);
    const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
    const hasTls = fs.existsSync(tlsDir);
    return {
      options: optionsForHost(endpoint.Host, { verify: hasTls && !endpoint.SkipTLSVerify, dir: hasTls ? tlsDir : undefined }),
      description: `${endpoint.Host} (docker context "${context}")`,
      source: 'context',
    };
  }
  const rootless = env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'docker.sock') : undefined;
  const socket = !fs.existsSync('/var/run/docker.sock') && rootless && fs.existsSync(rootless) ? rootless : '/var/run/docker.sock';
  return { options: { socketPath: socket }, description: `unix://${socket} (the default socket)`, source: 'default' };
}
