import * as path from 'node:path';
import type { Finding } from '../diagnostic';
import type { Host } from '../project/host';
import type { Project } from '../project/model';
import { validateSchema } from '../spec/validate';
import { SourceFile } from '../text';
import { get } from '../yaml/nodes';
import { markQuotable } from '../quotable';
import { parseYaml } from '../yaml/parse';
import { Contract } from './model';
import { contractSpec } from './spec';

/** Contract files found by convention beside the compose files. */
export const CONTRACT_NAMES = ['network-contract.yaml', 'network-contract.yml'];
/** The key of a contract written inside a compose file. */
export const CONTRACT_KEY = 'x-network-contract';

export interface LoadedContract {
  contract?: Contract;
  findings: Finding[];
}

export function findContractFile(dir: string, host: Host): string | undefined {
  return CONTRACT_NAMES.map((n) => path.join(dir, n)).find((f) => host.exists(f));
}

/**
 * The project's network contract: the file named by the configuration, else a
 * `network-contract.yaml` beside the compose files, else an `x-network-contract` block.
 */
export function loadContract(project: Project, host: Host, configured?: string): LoadedContract {
  const findings: Finding[] = [];
  const file = configured ?? findContractFile(project.dir, host);
  let root;
  if (file) {
    const text = host.readFile(file);
    if (text === undefined) return { findings };
    const source = new SourceFile(file, text);
    const parsed = parseYaml(source);
    findings.push(...parsed.findings);
    root = parsed.documents[0];
    markQuotable(source, root, contractSpec);
  } else root = get(project.root, CONTRACT_KEY);
  if (!root) return { findings };
  validateSchema(root, (f) => findings.push({ ...f, ruleId: 'contract-schema', severity: 'error' }), contractSpec);
  return { contract: new Contract(root), findings };
}
