import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTarget, loadConfig, readConfigFile, type Config, type Target } from './engine/config';
import { isSeverity, SEVERITY_RANK, type Finding, type Severity } from './engine/diagnostic';
import { formatGithub } from './engine/format/github';
import { formatJson } from './engine/format/json';
import { formatSarif } from './engine/format/sarif';
import { formatText } from './engine/format/text';
import { DiskHost } from './engine/project/host';
import { ImageFacts } from './engine/project/image-facts';
import { EngineFacts } from './engine/project/engine-facts';
import type { ProjectInput } from './engine/project/load';
import { projectsForPath } from './engine/project/targets';
import { RULES } from './engine/rules';
import { validateProject } from './engine/validate';
import { drawTopology } from './engine/contract/picture';

declare const COMPOSE_MESH_VERSION: string;

const USAGE = `Usage: compose-mesh validate [paths…] [options]
       compose-mesh topology [path] [--format mermaid|svg|json] [options]
       compose-mesh rules
       compose-mesh metrics [workspace] [--format text|json|openmetrics]

Validates Docker Compose projects: YAML, the Compose Specification, the runtime's
consistency rules, multi-file projects and best practices.

  paths                 compose files or directories (default: the current directory)
  -f, --file FILE       a compose file of one project, in order (like docker compose -f)
  --format FORMAT       validate: text (default), json, github or sarif;
                        topology: mermaid (default), svg or json
  --fail-on SEVERITY    lowest severity that fails the run: error (default), warning, info, hint
  --profile NAME        activate a profile (repeatable; default: COMPOSE_PROFILES)
  --target TARGET       compose or swarm: check for docker stack deploy (default: compose,
                        or swarm when --live finds the project running as a stack)
  --env-file FILE       env file for interpolation (default: <project dir>/.env)
  --project-directory D project directory for -f files (default: the first file's directory)
  --config FILE         configuration file (default: nearest .compose-mesh.yaml)
  --max-file-size MIB   larger compose files are reported as not checked (default 64)
  --live                also check the running project in the Docker Engine
  --probe               with --live: probe paths from inside the containers
  --probe-outside URL   with --probe: a URL outside the project; containers only on
                        internal networks must not reach it
  --docker-host URL     the engine to use (default: DOCKER_HOST, the docker context, the socket)
  --no-color            plain text output

Exit status: 0 no findings at or above --fail-on, 1 findings that fail, 2 usage or I/O error.
`;

class UsageError extends Error {}

interface Args {
  command: string;
  paths: string[];
  files: string[];
  format?: string;
  failOn?: Severity;
  profiles: string[];
  envFiles: string[];
  projectDir?: string;
  config?: string;
  maxFileSizeMiB?: number;
  color: boolean;
  live: boolean;
  probe: boolean;
  probeOutside?: string;
  dockerHost?: string;
  target?: Target;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    command: '',
    paths: [],
    files: [],
    profiles: [],
    envFiles: [],
    color: !!process.stdout.isTTY && !process.env.NO_COLOR,
    live: false,
    probe: false,
  };
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = () => inline ?? value(i++, flag);
    switch (flag) {
      case '-f':
      case '--file':
        args.files.push(take());
        break;
      case '--format':
        args.format = take();
        break;
      case '--fail-on': {
        const s = take();
        if (!isSeverity(s) || s === 'off') throw new UsageError(`--fail-on takes error, warning, info or hint, not "${s}"`);
        args.failOn = s;
        break;
      }
      case '--profile':
        args.profiles.push(take());
        break;
      case '--env-file':
        args.envFiles.push(take());
        break;
      case '--project-directory':
        args.projectDir = take();
        break;
      case '--config':
        args.config = take();
        break;
      case '--max-file-size': {
        const mib = Number(take());
        if (!(mib > 0)) throw new UsageError('--max-file-size takes a positive number of MiB');
        args.maxFileSizeMiB = mib;
        break;
      }
      case '--no-color':
        args.color = false;
        break;
      case '--live':
        args.live = true;
        break;
      case '--probe':
        args.probe = true;
        break;
      case '--probe-outside':
        args.probeOutside = take();
        break;
      case '--docker-host':
        args.dockerHost = take();
        break;
      case '--target': {
        const t = take();
        if (!isTarget(t)) throw new UsageError(`--target takes compose or swarm, not "${t}"`);
        args.target = t;
        break;
      }
      case '-h':
      case '--help':
        args.command = 'help';
        break;
      case '--version':
        args.command = 'version';
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (!args.command) args.command = a;
        else args.paths.push(a);
    }
  }
  args.paths = args.paths.map(localPath);
  args.files = args.files.map(localPath);
  args.envFiles = args.envFiles.map(localPath);
  if (args.config) args.config = localPath(args.config);
  if (args.projectDir) args.projectDir = localPath(args.projectDir);
  return args;
}

/** A path argument; a `file:` URI (as editors copy them) becomes its local path. */
function localPath(arg: string): string {
  if (!/^file:/i.test(arg)) return arg;
  let url: URL;
  try {
    url = new URL(arg);
  } catch {
    throw new UsageError(`"${arg}" is not a valid file URI`);
  }
  if (url.hostname && url.hostname !== 'localhost') throw new UsageError(`"${arg}" names a file on another machine ("${url.hostname}"): give a local path`);
  try {
    return fileURLToPath(new URL(`file://${url.pathname}`));
  } catch (err) {
    throw new UsageError(`"${arg}" is not a local file path: ${(err as Error).message}`);
  }
}

function readConfig(args: Args, host: DiskHost, dir: string): Config {
  if (args.config && !host.exists(path.resolve(args.config))) throw new IoError(`cannot read config file ${args.config}`);
  const config = args.config ? readConfigFile(path.resolve(args.config), host) : loadConfig(dir, host);
  for (const p of config.problems) process.stderr.write(`compose-mesh: config: ${p}\n`);
  if (args.profiles.length) config.profiles = args.profiles;
  if (args.failOn) config.failOn = args.failOn;
  if (args.target) {
    config.target = args.target;
    config.targetChosen = true;
  }
  if (args.maxFileSizeMiB) config.maxFileSizeMiB = args.maxFileSizeMiB;
  host.maxFileMiB = config.maxFileSizeMiB;
  return config;
}

async function run(argv: string[]): Promise<number> {
  // Loaded only when asked for: it reads the editor's metrics store, nothing of the engine.
  if (argv[0] === 'metrics')
    return (await import('./metrics/cli.js')).runMetrics(
      argv.slice(1),
      (s: string) => process.stdout.write(s),
      (s: string) => process.stderr.write(s),
    );
  const args = parseArgs(argv);
  if (args.command === 'help' || args.command === '') {
    process.stdout.write(USAGE);
    return args.command === 'help' ? 0 : 2;
  }
  if (args.command === 'version') {
    process.stdout.write(`${COMPOSE_MESH_VERSION}\n`);
    return 0;
  }
  if (args.command === 'rules') {
    for (const r of RULES) process.stdout.write(`${r.id.padEnd(26)} ${r.severity.padEnd(8)} ${r.doc}\n`);
    return 0;
  }
  if (args.command !== 'validate' && args.command !== 'topology') throw new UsageError(`unknown command "${args.command}"`);
  const formats = args.command === 'validate' ? ['text', 'json', 'github', 'sarif'] : ['mermaid', 'svg', 'json'];
  const format = args.format ?? formats[0];
  if (!formats.includes(format)) throw new UsageError(`unknown format "${format}" for ${args.command} (${formats.join(', ')})`);
  const host = new DiskHost();
  const cwd = process.cwd();
  const config = readConfig(args, host, args.paths[0] ? path.resolve(args.paths[0]) : cwd);
  const inputs = projectInputs(args, host, config, cwd);
  if (args.command === 'topology') return topology(inputs, host, config, format);

  if (args.probe && !args.live) throw new UsageError('--probe goes with --live');
  if (args.probeOutside && !args.probe) throw new UsageError('--probe-outside goes with --probe');
  const live = args.live ? await import('./cli-live.js') : undefined;
  const endpoint = live && liveEndpoint(live, args.dockerHost);
  // With an engine at hand, images are inspected for their HEALTHCHECK as the editor does.
  if (live) host.images = new ImageFacts();
  // And the swarm's nodes, for placement constraints in stack mode.
  if (live) host.swarm = new EngineFacts();
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    let projectConfig = config;
    let result = validateProject(input, host, config);
    // A project the engine runs as a stack is checked for docker stack deploy, as the editor does after a deploy.
    if (live && endpoint && !config.targetChosen && config.target !== 'swarm' && (await live.deployedAsStack(endpoint, result.project.name))) {
      process.stderr.write(
        `compose-mesh: project "${result.project.name}" runs as a stack on ${endpoint.description}: checked for docker stack deploy (--target compose checks it for docker compose)\n`,
      );
      projectConfig = { ...config, target: 'swarm' };
      result = validateProject(input, host, projectConfig);
    }
    if (live && endpoint && (await live.learnFromEngine(host, endpoint))) result = validateProject(input, host, projectConfig);
    for (const failure of result.failures) process.stderr.write(`compose-mesh: internal: ${failure}\n`);
    const all = [...result.findings];
    if (live && endpoint) {
      let checked;
      try {
        checked = await live.validateLive(result, endpoint, projectConfig, { enabled: args.probe, outside: args.probeOutside });
      } catch (err) {
        throw new IoError((err as Error).message);
      }
      for (const note of checked.notes) process.stderr.write(`compose-mesh: ${note}\n`);
      all.push(...checked.findings);
    }
    for (const f of all) {
      const key = `${f.file.path}:${f.start}:${f.end}:${f.ruleId}:${f.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        findings.push(f);
      }
    }
  }
  switch (format) {
    case 'json':
      process.stdout.write(formatJson(findings, cwd));
      break;
    case 'github':
      process.stdout.write(formatGithub(findings, cwd));
      break;
    case 'sarif':
      process.stdout.write(formatSarif(findings, cwd, COMPOSE_MESH_VERSION));
      break;
    default:
      process.stdout.write(formatText(findings, cwd, args.color));
  }
  const threshold = SEVERITY_RANK[config.failOn];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

/** The projects named on the command line: a -f file set, and/or paths (default: the current directory). */
function projectInputs(args: Args, host: DiskHost, config: Config, cwd: string): ProjectInput[] {
  const inputs: ProjectInput[] = [];
  const common = { envFiles: args.envFiles.length ? args.envFiles.map((f) => path.resolve(f)) : undefined };
  if (args.files.length) {
    const files = args.files.map((f) => path.resolve(f));
    for (const f of files) if (!fs.existsSync(f)) throw new IoError(`no such file: ${path.relative(cwd, f)}`);
    inputs.push({ files, projectDir: args.projectDir ? path.resolve(args.projectDir) : undefined, ...common });
  }
  for (const p of args.paths.length || args.files.length ? args.paths : ['.']) {
    const target = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      throw new IoError(`no such file or directory: ${p}`);
    }
    const found = projectsForPath(target, host, config, stat.isDirectory());
    if (found.length === 0) throw new IoError(`no compose file in ${p} (looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml)`);
    inputs.push(...found.map((i) => ({ ...i, ...common })));
  }
  return inputs;
}

/** The contract picture of the first project: Mermaid, SVG or JSON on stdout. */
async function topology(inputs: ProjectInput[], host: DiskHost, config: Config, format: string): Promise<number> {
  const result = validateProject(inputs[0], host, config);
  if (!result.contract) throw new IoError(`project "${result.project.name}" has no network contract (network-contract.yaml beside the compose files)`);
  const picture = await drawTopology(result.project, result.contract, result.findings);
  process.stdout.write(
    format === 'svg' ? picture.svg : format === 'json' ? `${JSON.stringify({ ...picture.topology, layout: picture.layout }, null, 2)}\n` : picture.mermaid,
  );
  return picture.topology.violations.length ? 1 : 0;
}

class IoError extends Error {}

/** The engine for --live; one that cannot be resolved (an unknown docker context, an unsupported host) is an I/O error, not a crash. */
function liveEndpoint(live: typeof import('./cli-live.js'), dockerHost: string | undefined) {
  try {
    return live.resolveDockerEndpoint({ env: process.env, explicitHost: dockerHost, explicitFrom: '--docker-host' });
  } catch (err) {
    throw new IoError(`no Docker Engine for --live: ${(err as Error).message}`);
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`compose-mesh: ${err.message}\n\n${USAGE}`);
    } else if (err instanceof IoError) {
      process.stderr.write(`compose-mesh: ${err.message}\n`);
    } else {
      process.stderr.write(`compose-mesh: unexpected error: ${(err as Error).stack ?? err}\n`);
    }
    process.exitCode = 2;
  },
);
