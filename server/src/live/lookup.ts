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

/**
 * Whether a name resolves inside a container, and the command that said so; undefined when no
 * tool could run. `certain` is false when a failed lookup got no answer at all (cut off by its
 * time limit: the engine forwards what it does not know upstream, which can be slow or unreachable).
 */
export async function lookup(
  docker: Docker,
  from: LiveContainer,
  name: string,
  problems: string[],
): Promise<{ resolved: boolean; tool: string; certain: boolean } | undefined> {
  for (const { cmd } of LOOKUPS) {
    const args = cmd(name);
    const r = await execIn(docker, from.id, args);
    if (MISSING.has(r.code)) continue;
    const tool = args.slice(2).join(' ');
    if (r.code === 0) return { resolved: true, tool, certain: true };
    // No answer (a time-out, no server) is not "no such name": callers report a missing name only when certain.
    return { resolved: false, tool, certain: (r.code === 1 || r.code === 2) && (NO_SUCH_NAME.test(r.output) || r.output.trim() === '') };
  }
  // Every lookup runs under `timeout`: when that is what the image lacks, naming the lookups would be false.
  // `timeout` alone never runs anything (busybox exits 1, coreutils 125): only a missing one exits 126/127.
  const noTimeout = MISSING.has((await execIn(docker, from.id, ['timeout'])).code);
  const lacks = noTimeout ? 'has no timeout, which bounds every probe' : `has none of ${LOOKUPS.map((l) => l.tool).join(', ')}`;
  problems.push(`"${from.name}" ${lacks}: its name probes were skipped`);
  return undefined;
}
