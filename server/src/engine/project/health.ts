import { get, text, truthy, type YNode } from '../yaml/nodes';

/** Whether a service declares a usable healthcheck in the project. */
export function healthcheckState(service: YNode): 'defined' | 'disabled' | 'absent' {
  const hc = get(service, 'healthcheck');
  if (!hc) return 'absent';
  const test = get(hc, 'test');
  if (truthy(get(hc, 'disable')) || (test?.kind === 'seq' && text(test.items[0]) === 'NONE')) return 'disabled';
  return 'defined';
}
