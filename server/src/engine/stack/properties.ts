/**
 * What `docker stack deploy` does with Compose properties, as docker CLI 28 does it (its loader
 * validates each file against the Compose file format 3.x schema before merging). Verified by
 * deploying to a real swarm: the quoted words are what the CLI prints.
 */

/** What to write instead, for properties that have a stack-mode counterpart. */
const INSTEAD: Record<string, string> = {
  cpus: 'deploy.resources.limits.cpus',
  mem_limit: 'deploy.resources.limits.memory',
  memswap_limit: 'deploy.resources.limits.memory',
  mem_reservation: 'deploy.resources.reservations.memory',
  pids_limit: 'deploy.resources.limits.pids',
  cpu_shares: 'deploy.resources',
  cpu_quota: 'deploy.resources',
  cpuset: 'deploy.resources',
  scale: 'deploy.replicas',
  restart: 'deploy.restart_policy',
  profiles: 'a separate file in the file set',
  extends: 'the merged output of `docker compose config`',
  volumes_from: 'a named volume in the top-level "volumes"',
  volume_driver: 'a named volume with its "driver" in the top-level "volumes"',
  build: 'an image built and pushed beforehand ("image")',
  container_name: 'the service name (tasks are named STACK_SERVICE.N.ID)',
};

export function instead(property: string): string {
  const alt = INSTEAD[property];
  return alt ? ` Use ${alt}.` : '';
}

/** Service properties the 3.x schema does not know: the whole deploy is refused. */
export const REJECTED_SERVICE_PROPERTIES: ReadonlySet<string> = new Set([
  'annotations',
  'attach',
  'blkio_config',
  'cgroup',
  'cpu_count',
  'cpu_percent',
  'cpu_period',
  'cpu_rt_period',
  'cpu_rt_runtime',
  'cpus',
  'develop',
  'device_cgroup_rules',
  'dns_opt',
  'gpus',
  'group_add',
  'label_file',
  'mem_reservation',
  'mem_swappiness',
  'models',
  'oom_kill_disable',
  'pids_limit',
  'platform',
  'post_start',
  'pre_start',
  'pre_stop',
  'profiles',
  'provider',
  'pull_policy',
  'pull_refresh_after',
  'runtime',
  'scale',
  'storage_opt',
  'use_api_socket',
  'uts',
]);

/** Service properties the CLI refuses before validating ("Configuration contains forbidden properties"). */
export const FORBIDDEN_SERVICE_PROPERTIES: ReadonlySet<string> = new Set([
  'extends',
  'volume_driver',
  'volumes_from',
  'cpu_quota',
  'cpu_shares',
  'cpuset',
  'mem_limit',
  'memswap_limit',
]);

/** Top-level keys the 3.x schema does not know. */
export const REJECTED_TOP_LEVEL: ReadonlySet<string> = new Set(['name', 'include', 'models']);

/** Network properties the 3.x schema does not know. */
export const REJECTED_NETWORK_PROPERTIES: ReadonlySet<string> = new Set(['enable_ipv4', 'enable_ipv6']);

/** Service properties deployed without effect ("Ignoring unsupported options: …"). */
export const IGNORED_SERVICE_PROPERTIES: ReadonlySet<string> = new Set([
  'build',
  'cgroup_parent',
  'devices',
  'domainname',
  'external_links',
  'ipc',
  'links',
  'mac_address',
  'network_mode',
  'pid',
  'privileged',
  'restart',
  'security_opt',
  'shm_size',
  'userns_mode',
]);

/** Service properties deployed without effect with the CLI's own explanation ("Ignoring deprecated options"). */
export const DEPRECATED_SERVICE_PROPERTIES: ReadonlyMap<string, string> = new Map([
  ['container_name', 'Setting the container name is not supported.'],
  ['expose', "Exposing ports is unnecessary - services on the same network can access each other's containers on any port."],
]);
