import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DockerOptions } from 'dockerode';
import { sshAgent, sshTarget } from './ssh';

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
  /** The docker context's name, when one chose the engine. */
  context?: string;
  /**
   * Environment variables that make the docker / compose CLI talk to this same engine (set on
   * top of the process environment; an `undefined` value removes the variable).
   */
  cliEnv: Record<string, string | undefined>;
}

const SYSTEM_SOCKET = '/var/run/docker.sock';

export interface EndpointInputs {
  env: Readonly<Record<string, string | undefined>>;
  /** A host from the user's settings (`composeMesh.docker.host`); wins over everything. */
  explicitHost?: string;
  /** Where the explicit host was given, for messages (the CLI's --docker-host); the setting by default. */
  explicitFrom?: string;
  home?: string;
  platform?: NodeJS.Platform;
  /** Where the system's engine listens, tried first (`/var/run/docker.sock`); a machine without one is another path. */
  systemSocket?: string;
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

/**
 * A Docker host URL fit to be shown: a password in it (`tcp://user:pass@host:2376`) is masked,
 * as are query parameters. Descriptions reach the log channel, the tree and CLI messages.
 */
export function withoutCredentials(host: string): string {
  return host
    .replace(
      /^([a-z][a-z0-9+.-]*:\/\/)([^/]*)@/i,
      (_, scheme: string, user: string) => `${scheme}${user.includes(':') ? `${user.slice(0, user.indexOf(':'))}:***` : user}@`,
    )
    .replace(/\?.*$/, (q) => (q ? '?***' : q));
}

/** Dockerode options for a docker host URL (unix://, npipe://, tcp://, ssh://). */
export function optionsForHost(host: string, tls: { verify: boolean; dir?: string }, ssh: { env: EndpointInputs['env']; home: string }): DockerOptions {
  const url = new URL(host.includes('://') ? host : `tcp://${host}`);
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(url.pathname) };
    case 'npipe:':
      return { socketPath: `//./pipe/${url.pathname.replace(/^\/+(\.\/)?(pipe\/)?/, '')}` };
    case 'ssh:': {
      // Plain HTTP over our own ssh agent: docker-modem's ssh mode ignores ~/.ssh/config and key files and prints a URL deprecation warning.
      const target = sshTarget(url, ssh.env, ssh.home);
      // docker-modem passes `agent` to every request; its typings do not list it.
      return { protocol: 'http', host: target.host, port: target.port, agent: sshAgent(target) } as DockerOptions;
    }
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
      throw new Error(`unsupported Docker host "${withoutCredentials(host)}" (use unix://, npipe://, tcp:// or ssh://)`);
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

export function resolveDockerEndpoint({
  env,
  explicitHost,
  explicitFrom = 'the composeMesh.docker.host setting',
  home = os.homedir(),
  platform = process.platform,
  systemSocket = SYSTEM_SOCKET,
}: EndpointInputs): DockerEndpoint {
  const tls = { verify: !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0', dir: env.DOCKER_CERT_PATH };
  if (explicitHost) {
    // The setting names the host alone: TLS material from the environment still applies, a context does not.
    return {
      options: optionsForHost(explicitHost, tls, { env, home }),
      description: `${withoutCredentials(explicitHost)} (from ${explicitFrom})`,
      source: 'setting',
      cliEnv: { DOCKER_HOST: explicitHost, DOCKER_CONTEXT: undefined },
    };
  }
  if (env.DOCKER_HOST)
    return {
      options: optionsForHost(env.DOCKER_HOST, tls, { env, home }),
      description: `${withoutCredentials(env.DOCKER_HOST)} (from DOCKER_HOST)`,
      source: 'DOCKER_HOST',
      cliEnv: {},
    };
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
      options: optionsForHost(endpoint.Host, { verify: hasTls && !endpoint.SkipTLSVerify, dir: hasTls ? tlsDir : undefined }, { env, home }),
      description: `${withoutCredentials(endpoint.Host)} (docker context "${context}")`,
      source: 'context',
      context,
      cliEnv: { DOCKER_CONTEXT: context, DOCKER_HOST: undefined },
    };
  }
  if (platform === 'win32') {
    return {
      options: { socketPath: '//./pipe/docker_engine' },
      description: 'npipe:////./pipe/docker_engine (the default named pipe)',
      source: 'default',
      cliEnv: {},
    };
  }
  const socket = defaultSockets(env, home, systemSocket).find((s) => fs.existsSync(s.path)) ?? { path: systemSocket, what: 'the default socket' };
  // The CLI's own default is /var/run/docker.sock: name any other socket explicitly for it.
  return {
    options: { socketPath: socket.path },
    description: `unix://${socket.path} (${socket.what})`,
    source: 'default',
    cliEnv: { DOCKER_HOST: `unix://${socket.path}` },
  };
}

/** Where engines listen by default, in the order they are tried. */
function defaultSockets(env: EndpointInputs['env'], home: string, systemSocket: string): { path: string; what: string }[] {
  const runtime = env.XDG_RUNTIME_DIR;
  return [
    { path: systemSocket, what: 'the default socket' },
    ...(runtime ? [{ path: path.join(runtime, 'docker.sock'), what: 'rootless Docker' }] : []),
    { path: path.join(home, '.docker', 'run', 'docker.sock'), what: "Docker Desktop's socket" },
    ...(runtime ? [{ path: path.join(runtime, 'podman', 'podman.sock'), what: 'rootless Podman' }] : []),
    { path: '/run/podman/podman.sock', what: 'Podman' },
  ];
}
