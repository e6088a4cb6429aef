import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import { Agent } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, utils, type ConnectConfig } from 'ssh2';

/**
 * An ssh:// engine the way the docker CLI reaches one: `~/.ssh/config` (HostName, User, Port,
 * IdentityFile) applies, keys are read from the files it names (or the usual defaults) as well
 * as the agent, the host key must be in `known_hosts`, and the engine is spoken to through
 * `docker system dial-stdio` on the remote side.
 */
export interface SshTarget {
  /** What the URL or the config says to connect to. */
  host: string;
  port: number;
  username: string | undefined;
  /** Private keys (file contents) that parse without a passphrase. */
  keys: Buffer[];
  /** The agent socket, when one runs. */
  agent: string | undefined;
  /** The lines of the known_hosts files. */
  knownHosts: string[];
}

type SshConfig = { hostname?: string; user?: string; port?: string; identityfile?: string[] };

/** The options `~/.ssh/config` gives a host: for each keyword the first value that applies wins, as in ssh. */
export function sshConfigFor(text: string, alias: string): SshConfig {
  const out: SshConfig = {};
  let applies = true;
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(\w+)\s*(?:=\s*|\s+)(.+?)\s*$/.exec(raw);
    if (!m || raw.trimStart().startsWith('#')) continue;
    const key = m[1].toLowerCase();
    const value = m[2].replace(/^"(.*)"$/, '$1');
    if (key === 'host') {
      applies = hostMatches(value.split(/\s+/), alias);
      continue;
    }
    // Match blocks are not understood: their options are not applied.
    if (key === 'match') {
      applies = false;
      continue;
    }
    if (!applies) continue;
    if (key === 'identityfile') (out.identityfile ??= []).push(value);
    else if ((key === 'hostname' || key === 'user' || key === 'port') && out[key] === undefined) out[key] = value;
  }
  return out;
}

function hostMatches(patterns: string[], alias: string): boolean {
  let matched = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    const re = new RegExp(
      `^${(negated ? p.slice(1) : p)
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
    if (re.test(alias)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

const readText = (file: string) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** Everything needed to reach `ssh://user@alias:port`, from the URL, the ssh config and the key files. */
export function sshTarget(url: URL, env: Readonly<Record<string, string | undefined>>, home: string = os.homedir()): SshTarget {
  const alias = url.hostname;
  const config = sshConfigFor(readText(path.join(home, '.ssh', 'config')), alias);
  const expand = (p: string) =>
    p
      .replace(/^~(?=$|\/)/, home)
      .replace(/%d/g, home)
      .replace(/%h/g, config.hostname ?? alias);
  const files = (config.identityfile ?? ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => path.join(home, '.ssh', f))).map(expand);
  const keys: Buffer[] = [];
  for (const f of files) {
    let data: Buffer;
    try {
      data = fs.readFileSync(f);
    } catch {
      continue;
    }
    // A key with a passphrase is left to the agent, as nothing here can ask for it.
    if (!(utils.parseKey(data) instanceof Error)) keys.push(data);
  }
  return {
    host: config.hostname ?? alias,
    port: Number(url.port || config.port || 22),
    username: decodeURIComponent(url.username) || config.user || env.USER || undefined,
    keys,
    agent: env.SSH_AUTH_SOCK || undefined,
    knownHosts: readText(path.join(home, '.ssh', 'known_hosts')).split(/\r?\n/),
  };
}

/** Whether `key` (the raw host key) is listed for host:port in known_hosts (plain or hashed entries). */
export function knownHostKey(lines: string[], host: string, port: number, key: Buffer): boolean {
  const name = port === 22 ? host : `[${host}]:${port}`;
  const base64 = key.toString('base64');
  return lines.some((line) => {
    const [hosts, , blob] = line.trim().split(/\s+/);
    if (!hosts || hosts.startsWith('#') || hosts.startsWith('@') || blob !== base64) return false;
    return hosts.split(',').some((h) => {
      const hashed = /^\|1\|([^|]+)\|(.+)$/.exec(h);
      if (hashed)
        return (
          createHmac('sha1', new Uint8Array(Buffer.from(hashed[1], 'base64')))
            .update(name)
            .digest('base64') === hashed[2]
        );
      return h === name;
    });
  });
}

/** How long an ssh connection with no channel open stays up for the next request. */
const IDLE_MS = 2000;

/**
 * An HTTP agent whose connections are `docker system dial-stdio` channels over one ssh
 * connection, opened when first needed and closed once idle.
 */
export function sshAgent(target: SshTarget): Agent {
  const agent = new Agent();
  let connection: Promise<Client> | undefined;
  let open = 0;
  let idle: NodeJS.Timeout | undefined;
  const connect = () =>
    (connection ??= new Promise<Client>((resolve, reject) => {
      const client = new Client();
      const config: ConnectConfig = {
        host: target.host,
        port: target.port,
        username: target.username,
        agent: target.agent,
        readyTimeout: 15_000,
        hostVerifier: (key: Buffer) => knownHostKey(target.knownHosts, target.host, target.port, key),
      };
      // ssh2 takes one key; the others are tried by the agent if there is one.
      if (target.keys[0]) config.privateKey = target.keys[0];
      client
        .once('ready', () => resolve(client))
        .once('error', (err: Error) => {
          connection = undefined;
          reject(
            /verification failed/i.test(err.message)
              ? new Error(`the host key of ${target.host} is not in ~/.ssh/known_hosts (connect once with ssh to add it)`)
              : err,
          );
        })
        .once('close', () => (connection = undefined))
        .connect(config);
    }));
  (agent as unknown as { createConnection: (o: unknown, cb: (err: Error | null, s?: unknown) => void) => void }).createConnection = (_options, callback) => {
    connect().then(
      (client) =>
        client.exec('docker system dial-stdio', (err, stream) => {
          if (err) return callback(err);
          open++;
          clearTimeout(idle);
          stream.once('close', () => {
            if (--open > 0) return;
            idle = setTimeout(() => client.end(), IDLE_MS);
            idle.unref();
          });
          callback(null, stream);
        }),
      (err: Error) => callback(err),
    );
  };
  return agent;
}
