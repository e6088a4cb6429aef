import type Docker from 'dockerode';
import { execIn } from './exec';
import type { LiveContainer } from './state';

/**
 * The ways to look a name up inside a container, tried in order until the image has the tool.
 * nslookup gets the fully qualified name (a trailing dot): with a dotted `hostname:` such as
 * `aar-ui.devonboarder.local`, busybox nslookup otherwise tries only `traefik.devonboarder.local`
 * and reports a service name that resolves fine as missing. getent follows the resolver (the
 * engine sets `ndots:0`, so the name is tried as written first).
 */
const LOOKUPS: { tool: string; cmd: (name: string) => string[] }[] = [
  { tool: 'nslookup', cmd: (name) => ['timeout', '5', 'nslookup', `${name}.`] },
  { tool: 'getent', cmd: (name) => ['timeout', '5', 'getent', 'hosts', name] },
];

/** Exit codes of a command that could not run: not found (127), not executable (126). */
const MISSING = new Set([126, 127]);

/** What a resolver says when the name does not exist (busybox nslookup exits 1, getent 2). */
const NO_SUCH_NAME = /can't find|NXDOMAIN|not found|no answer/i;

/** What a lookup found: whether the name resolves, the command that said so, and how sure it is. */
export interface LookupResult {
  resolved: boolean;
  tool: string;
  /**
   * False when a failed lookup got no answer at all (cut off by its time limit: the engine
   * forwards what it does not know upstream, which can be slow or unreachable).
   */
  certain: boolean;
}

/**
 * Name lookups inside containers for one run of probes. The first lookup from a container finds
 * the tool its image has; every later one (there is one per probe, several at once) uses that
 * tool alone, so a container without a lookup tool costs its failed execs once, not per probe,
 * and says so once.
 */
export class Resolver {
  /** Per container id: the index in LOOKUPS of the tool it has, or undefined for none. */
  private readonly tools = new Map<string, Promise<number | undefined>>();

  constructor(
    private readonly docker: Docker,
    private readonly problems: string[],
  ) {}

  /** Whether `name` resolves inside the container; undefined when no tool could run there. */
  async lookup(from: LiveContainer, name: string): Promise<LookupResult | undefined> {
    const known = this.tools.get(from.id);
    if (known) {
      const index = await known;
      if (index === undefined) return undefined;
      const args = LOOKUPS[index].cmd(name);
      return this.judge(args, await execIn(this.docker, from.id, args));
    }
    const first = this.discover(from, name);
    this.tools.set(
      from.id,
      first.then((r) => r.index),
    );
    return (await first).result;
  }

  /** Tries each tool in turn until one runs: its index and its answer. */
  private async discover(from: LiveContainer, name: string): Promise<{ index: number | undefined; result: LookupResult | undefined }> {
    for (let index = 0; index < LOOKUPS.length; index++) {
      const args = LOOKUPS[index].cmd(name);
      const r = await execIn(this.docker, from.id, args);
      if (!MISSING.has(r.code)) return { index, result: this.judge(args, r) };
    }
    // Every lookup runs under `timeout`: when that is what the image lacks, naming the lookups would be false.
    // `timeout` alone never runs anything (busybox exits 1, coreutils 125): only a missing one exits 126/127.
    const noTimeout = MISSING.has((await execIn(this.docker, from.id, ['timeout'])).code);
    const lacks = noTimeout ? 'has no timeout, which bounds every probe' : `has none of ${LOOKUPS.map((l) => l.tool).join(', ')}`;
    this.problems.push(`"${from.name}" ${lacks}: its name probes were skipped`);
    return { index: undefined, result: undefined };
  }

  private judge(args: string[], r: { code: number; output: string }): LookupResult {
    const tool = args.slice(2).join(' ');
    if (r.code === 0) return { resolved: true, tool, certain: true };
    // No answer (a time-out, no server) is not "no such name": callers report a missing name only when certain.
    return { resolved: false, tool, certain: (r.code === 1 || r.code === 2) && (NO_SUCH_NAME.test(r.output) || r.output.trim() === '') };
  }
}
