/**
 * The differential campaign: mutants of the valid corpus go through our engine and through
 * `docker compose config --quiet`; agreement means the runtime rejects and we report an error,
 * or the runtime accepts and we report none. Used by the test suite (a quick seeded campaign)
 * and by `npm run bench` (a long one).
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/diagnostic';
import { DiskHost } from '../../server/src/engine/project/host';
import { validateProject } from '../../server/src/engine/validate';
import { mutate, type Mutant } from './mutate';
import { seeded } from '../seeded-random';

/** Rules that deliberately check more than `docker compose config`: their errors do not count. */
export const BEYOND_RUNTIME: Record<string, string> = {
  'contract-*': 'network contracts are ours; the runtime has none',
};

/**
 * Disagreements we know and keep, each with its reason. `we` is our verdict on the mutant;
 * `match` tests the runtime's message (when it rejects) or our findings' rule ids (when we do).
 */
export const RECORDED: { we: 'error' | 'accept'; match: RegExp; reason: string }[] = [
  {
    we: 'error',
    match: /^schema: .*"restart"/,
    reason: 'docker compose config takes any restart text; the engine then refuses to create the container',
  },
  {
    we: 'error',
    match: /^missing-path: (?!.*env_file)/,
    reason: 'docker compose config looks only for env files; up fails on a missing build context, Dockerfile, secret or config file',
  },
];

export interface Outcome {
  base: string;
  mutant: Mutant;
  runtime: { accepts: boolean; message: string };
  ours: { errors: string[] };
  agree: boolean;
  recorded?: string;
}

export function haveCompose(): boolean {
  return spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
}

/** The valid projects the mutants come from: each copied once to a scratch directory. */
function bases(root: string, scratch: string): { name: string; dir: string; file: string }[] {
  const dirs = [...fs.readdirSync(path.join(root, 'test', 'corpus')).map((d) => path.join('test', 'corpus', d)), path.join('examples', 'tiered')];
  return dirs.map((rel) => {
    const dir = path.join(scratch, rel.replaceAll(path.sep, '_'));
    fs.cpSync(path.join(root, rel), dir, { recursive: true });
    return { name: rel, dir, file: path.join(dir, 'compose.yaml') };
  });
}

function runtimeVerdict(file: string): Promise<{ accepts: boolean; message: string }> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      ['compose', '-f', file, 'config', '--quiet'],
      { cwd: path.dirname(file), env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 },
      (err, _out, stderr) => {
        const message = stderr
          .split('\n')
          .filter((l) => l && !/level=warning/.test(l))
          .join(' ')
          .trim();
        resolve({ accepts: !err, message });
      },
    );
  });
}

const beyond = (f: Finding) => Object.keys(BEYOND_RUNTIME).some((id) => (id.endsWith('*') ? f.ruleId.startsWith(id.slice(0, -1)) : f.ruleId === id));

function ourVerdict(file: string, host: DiskHost): string[] {
  const { findings, failures } = validateProject({ files: [file] }, host, defaultConfig());
  if (failures.length) return failures.map((f) => `failure: ${f}`);
  return findings.filter((f) => f.severity === 'error' && !beyond(f)).map((f) => `${f.ruleId}: ${f.message}`);
}

/** Runs `count` mutants from `seed`, at most `parallel` compose processes at once. */
export async function campaign(root: string, seed: number, count: number, parallel = 3): Promise<Outcome[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-differential-'));
  try {
    const projects = bases(root, scratch);
    const host = new DiskHost({ PATH: process.env.PATH });
    const rng = seeded(seed);
    const jobs: { base: (typeof projects)[number]; mutant: Mutant; file: string }[] = [];
    for (let i = 0; jobs.length < count && i < count * 4; i++) {
      const base = projects[Math.floor(rng() * projects.length)];
      const mutant = mutate(fs.readFileSync(base.file, 'utf8'), rng);
      if (!mutant) continue;
      const file = path.join(base.dir, `mutant-${jobs.length}.yaml`);
      fs.writeFileSync(file, mutant.text);
      jobs.push({ base, mutant, file });
    }
    const outcomes: Outcome[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const i = next++;
        const { base, mutant, file } = jobs[i];
        const runtime = await runtimeVerdict(file);
        const errors = ourVerdict(file, host);
        const agree = runtime.accepts === (errors.length === 0);
        const recorded = agree
          ? undefined
          : RECORDED.find((r) => (r.we === 'error' ? errors.length > 0 && errors.every((e) => r.match.test(e)) : r.match.test(runtime.message)))?.reason;
        outcomes[i] = { base: base.name, mutant, runtime, ours: { errors }, agree, recorded };
        fs.rmSync(file, { force: true });
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return outcomes;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** One line per disagreement, for a failing test or the bench's report. */
export function describe(o: Outcome): string {
  const ours = o.ours.errors.length ? `we report ${o.ours.errors[0]}` : 'we report no error';
  const theirs = o.runtime.accepts ? 'docker compose config accepts it' : `docker compose config: ${o.runtime.message}`;
  return `${o.base} [${o.mutant.kind}] ${o.mutant.description}: ${ours}; ${theirs}`;
}
