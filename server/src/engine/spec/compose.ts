import { any, arr, bool, dict, int, num, obj, oneOf, scalar, str, type ObjectSpec } from './types';

/**
 * The Compose Specification as a structural model (see types.ts). Kept in step with the
 * specification by hand; `npm run spec:diff -- <compose-spec.json>` lists every key the
 * canonical JSON schema knows and this model does not (and the reverse). See the README.
 */

const NAME = { re: /^[a-zA-Z0-9._-]+$/, what: 'letters, digits, ".", "_" and "-"' };
/** The same names, where the schema lets other names through unchecked. */
const OPEN_NAME = { ...NAME, open: true };
/** Keys of user-chosen mappings: any non-empty text (`.+` closed, `^.+$` open, as the schema writes them). */
const NON_EMPTY = { re: /.+/, what: 'non-empty names' };
const OPEN_NON_EMPTY = { re: /^.+$/, what: 'non-empty names', open: true };
const CLOSED_NON_EMPTY = { re: /^.+$/, what: 'non-empty names' };

const listOfStrings = (doc?: string) => arr(str(), doc, true);
const stringOrList = (doc?: string) => oneOf(doc, str(), listOfStrings());
const listOrDict = (doc?: string) => oneOf(doc, dict(scalar(['string', 'number', 'boolean', 'null']), undefined, NON_EMPTY), arr(str(), undefined, true));
const command = (doc?: string) => oneOf(doc, scalar(['null']), str(), arr(str()));
const duration = (doc?: string) => str(doc);

const extraHosts = (doc?: string) => oneOf(doc, dict(oneOf(undefined, str(), arr(str())), undefined, NON_EMPTY), arr(str(), undefined, true));

const ulimits = dict(
  oneOf(undefined, int(), obj({ soft: int('Soft limit.'), hard: int('Hard limit.') }, undefined, { required: ['soft', 'hard'] })),
  'Resource limits (ulimits) for processes in the container.',
  { re: /^[a-z]+$/, what: 'lower-case letters', open: true },
);

const serviceConfigOrSecret = (what: string) =>
  arr(
    oneOf(
      undefined,
      str(`Name of a top-level ${what}.`),
      obj({
        source: str(`Name of the top-level ${what}.`),
        target: str('Path (or name) inside the container.'),
        uid: str('Owner UID of the mounted file.'),
        gid: str('Owner GID of the mounted file.'),
        mode: num('File mode, in octal.'),
      }),
    ),
    `${what[0].toUpperCase()}${what.slice(1)}s this service can read.`,
  );

const serviceHook = obj(
  {
    command: command('Command to run.'),
    user: str('User to run the command as.'),
    privileged: bool('Run the command with extended privileges.'),
    working_dir: str('Working directory of the command.'),
    environment: listOrDict('Environment of the command.'),
  },
  'A command run inside the container at a point of its lifecycle.',
  { required: ['command'] },
);

const preStartHook = obj(
  {
    command: command("Command to run (the image's own when left out)."),
    image: str("Image of the short-lived container (default: the service's image)."),
    user: str('User to run the command as.'),
    privileged: bool('Run the command with extended privileges.'),
    working_dir: str('Working directory of the command.'),
    environment: listOrDict("Environment of the command, over the service's own."),
    per_replica: bool('Run once per replica instead of once for the service.'),
  },
  'A command run in its own container before the service container starts.',
);

const deviceRequest = (doc: string, opts: Partial<ObjectSpec>) =>
  obj(
    {
      capabilities: listOfStrings('Capabilities the device must have (gpu, compute, utility…).'),
      count: scalar(['string', 'integer'], 'How many devices ("all" for every one).'),
      device_ids: listOfStrings('Specific device IDs.'),
      driver: str('Device driver, e.g. nvidia.'),
      options: listOrDict('Driver-specific options.'),
    },
    doc,
    opts,
  );

const blkioLimit = obj({ path: str('Device path.'), rate: int('Bytes or operations per second.') }, undefined, { extensions: false });
const blkioWeight = obj({ path: str('Device path.'), weight: int('Relative weight, 10 to 1000.') }, undefined, { extensions: false });

const healthcheck = obj(
  {
    disable: bool("Disable the image's health check."),
    interval: duration('Time between two checks (default 30s).'),
    retries: num('Consecutive failures before the container is unhealthy (default 3).'),
    test: oneOf('The check: a string run by the shell, or a list starting with CMD, CMD-SHELL or NONE.', str(), arr(str())),
    timeout: duration('How long one check may run (default 30s).'),
    start_period: duration('Grace period during which failures do not count (default 0s).'),
    start_interval: duration('Time between checks during the start period.'),
  },
  'How Docker decides whether the container is healthy.',
);

const restartPolicy = {
  re: /^(no|always|unless-stopped|on-failure(:\d+)?)$/,
  expected: '"no", "always", "on-failure", "on-failure:<max retries>" or "unless-stopped"',
  because: 'the schema takes any text, but the engine refuses to create the container ("invalid restart policy")',
};

const build = oneOf(
  "How to build the service's image: a context path, or the full build options.",
  str('Path or URL of the build context.'),
  obj({
    context: str('Path or URL of the build context.'),
    dockerfile: str('Dockerfile to use, relative to the context.'),
    dockerfile_inline: str('Dockerfile content given inline.'),
    entitlements: arr(str(), 'Extra privileged entitlements for the build.'),
    args: listOrDict('Build arguments (ARG values).'),
    ssh: listOrDict('SSH agent sockets or keys for the build.'),
    labels: listOrDict('Labels of the built image.'),
    cache_from: arr(str(), 'Sources for cache resolution.'),
    cache_to: arr(str(), 'Cache export destinations.'),
    no_cache: bool('Build without cache.'),
    no_cache_filter: stringOrList('Stages to build without cache.'),
    additional_contexts: listOrDict('Named extra build contexts.'),
    network: str('Network for RUN steps during the build.'),
    provenance: scalar(['boolean', 'string'], 'Provenance attestation for the built image.'),
    sbom: scalar(['boolean', 'string'], 'SBOM attestation for the built image.'),
    pull: bool('Always try to pull newer base images.'),
    target: str('Stage of a multi-stage Dockerfile to build.'),
    shm_size: int('Size of /dev/shm for the build.'),
    extra_hosts: extraHosts('Host name mappings during the build.'),
    isolation: str('Isolation technology for the build.'),
    privileged: bool('Build with extended privileges.'),
    secrets: serviceConfigOrSecret('secret'),
    tags: arr(str(), 'Extra tags for the built image.'),
    ulimits,
    platforms: arr(str(), 'Target platforms, e.g. linux/amd64.'),
  }),
);

const portObject = obj({
  name: str('Human-readable name of the port.'),
  mode: str('"host" or "ingress".', { values: ['host', 'ingress'] }),
  host_ip: str('Host address to bind.'),
  target: int('Port inside the container.'),
  published: scalar(['string', 'integer'], 'Port (or range) on the host.'),
  protocol: str('tcp or udp.', { values: ['tcp', 'udp'] }),
  app_protocol: str('Application protocol (http, grpc…).'),
});

const volumeMount = obj(
  {
    type: str('bind, volume, tmpfs, cluster, npipe or image.', { enum: ['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'] }),
    source: str('Host path, volume name or image.'),
    target: str('Path inside the container.'),
    read_only: bool('Mount read-only.'),
    consistency: str('Consistency requirements (platform specific).'),
    bind: obj({
      propagation: str('Bind propagation mode.'),
      create_host_path: bool('Create the host path when missing.'),
      recursive: str('Recursive bind mode.', { enum: ['enabled', 'disabled', 'writable', 'readonly'] }),
      selinux: str('SELinux relabelling: z (shared) or Z (private).', { enum: ['z', 'Z'] }),
    }),
    volume: obj({
      labels: listOrDict('Labels of the created volume.'),
      nocopy: bool('Do not copy image data into a new volume.'),
      subpath: str('Sub-path of the volume to mount.'),
    }),
    tmpfs: obj({
      size: oneOf('Size of the tmpfs.', scalar(['integer'], undefined, { min: 0 }), str()),
      mode: num('File mode of the tmpfs, in octal.'),
    }),
    image: obj({ subpath: str('Sub-path of the image to mount.') }),
  },
  undefined,
  { required: ['type'] },
);

const serviceNetworks = oneOf(
  'Networks the service joins.',
  listOfStrings(),
  dict(
    oneOf(
      undefined,
      obj({
        aliases: listOfStrings('Extra host names of the service on this network.'),
        interface_name: str('Interface name in the container.'),
        ipv4_address: str('Static IPv4 address.'),
        ipv6_address: str('Static IPv6 address.'),
        link_local_ips: listOfStrings('Link-local addresses.'),
        mac_address: str('MAC address on this network.'),
        driver_opts: dict(scalar(['string', 'number']), 'Driver options for this attachment.', OPEN_NON_EMPTY),
        priority: scalar(['number'], 'Order in which networks are connected.'),
        gw_priority: scalar(['number'], 'Which network provides the default gateway.'),
      }),
      scalar(['null']),
    ),
    undefined,
    NAME,
  ),
);

const dependsOn = oneOf(
  'Services that must start before this one.',
  listOfStrings(),
  dict(
    obj(
      {
        restart: bool('Restart this service when the dependency is updated.'),
        required: scalar(['boolean'], 'Fail when the dependency is not enabled (default true).'),
        condition: str('What to wait for.', { enum: ['service_started', 'service_healthy', 'service_completed_successfully'] }),
      },
      undefined,
      { required: ['condition'] },
    ),
    undefined,
    NAME,
  ),
);

const deploy = obj(
  {
    mode: str('replicated or global.', { values: ['replicated', 'global'] }),
    endpoint_mode: str('vip or dnsrr.'),
    replicas: int('Number of containers.'),
    labels: listOrDict('Labels of the service.'),
    rollback_config: updateConfig('How a failed update is rolled back.'),
    update_config: updateConfig('How the service is updated.'),
    resources: obj({
      limits: obj({ cpus: num('CPU limit.'), memory: str('Memory limit, e.g. 512m.'), pids: int('PID limit.') }),
      reservations: obj({
        cpus: num('Reserved CPUs.'),
        memory: str('Reserved memory.'),
        generic_resources: arr(obj({ discrete_resource_spec: obj({ kind: str(), value: num() }) }), 'User-defined resources.'),
        devices: arr(deviceRequest('A device reservation.', { required: ['capabilities'] }), 'Devices to reserve.'),
      }),
    }),
    restart_policy: obj({
      condition: str('none, on-failure or any.'),
      delay: duration('Wait between restarts.'),
      max_attempts: int('Restarts before giving up.'),
      window: duration('How long to wait before deciding a restart succeeded.'),
    }),
    placement: obj({
      constraints: arr(str(), 'Node constraints.'),
      preferences: arr(obj({ spread: str() }), 'Placement preferences.'),
      max_replicas_per_node: int('Replica cap per node.'),
    }),
  },
  'Deployment and resource settings.',
  { nullable: true },
);

function updateConfig(doc: string): ObjectSpec {
  return obj(
    {
      parallelism: int('Containers changed at a time.'),
      delay: duration('Wait between groups.'),
      failure_action: str('continue, pause or rollback.'),
      monitor: duration('How long each task is watched for failure.'),
      max_failure_ratio: num('Failure rate tolerated.'),
      order: str('stop-first or start-first.', { enum: ['start-first', 'stop-first'] }),
    },
    doc,
  );
}

const develop = obj(
  {
    watch: arr(
      obj(
        {
          ignore: stringOrList('Patterns not watched.'),
          include: stringOrList('Patterns watched.'),
          path: str('Path to watch.'),
          action: str('What a change triggers.', { enum: ['rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec'] }),
          target: str('Path in the container for sync actions.'),
          exec: serviceHook,
          initial_sync: scalar(['boolean'], 'Sync the files once before watching starts (sync actions).'),
        },
        undefined,
        { required: ['path', 'action'] },
      ),
      'Files `docker compose watch` follows, and what it does on change.',
    ),
  },
  'Development workflow settings.',
  { nullable: true },
);

export const service: ObjectSpec = obj(
  {
    develop,
    deploy,
    annotations: listOrDict('OCI annotations of the container.'),
    attach: bool("Attach to the service's logs in `up`."),
    build,
    blkio_config: obj(
      {
        device_read_bps: arr(blkioLimit),
        device_read_iops: arr(blkioLimit),
        device_write_bps: arr(blkioLimit),
        device_write_iops: arr(blkioLimit),
        weight: int('Block IO weight, 10 to 1000.'),
        weight_device: arr(blkioWeight),
      },
      'Block IO limits.',
      { extensions: false },
    ),
    cap_add: arr(str(), 'Linux capabilities to add.', true),
    cap_drop: arr(str(), 'Linux capabilities to drop.', true),
    cgroup: str('cgroup namespace: host or private.', { enum: ['host', 'private'] }),
    cgroup_parent: str('Parent cgroup.'),
    command: command("Overrides the image's CMD."),
    configs: serviceConfigOrSecret('config'),
    container_name: str('Fixed container name (the service can then run only one container).', {
      pattern: { re: /[a-zA-Z0-9][a-zA-Z0-9_.-]+/, expected: 'a name of at least two letters, digits, "_", "." or "-", starting with a letter or digit' },
    }),
    cpu_count: oneOf('Usable CPUs.', str(), scalar(['integer'], undefined, { min: 0 })),
    cpu_percent: oneOf('Usable CPU percentage.', str(), scalar(['integer'], undefined, { min: 0, max: 100 })),
    cpu_shares: num('Relative CPU weight.'),
    cpu_quota: num('CFS quota.'),
    cpu_period: num('CFS period.'),
    cpu_rt_period: num('Real-time period.'),
    cpu_rt_runtime: num('Real-time runtime.'),
    cpus: num('CPUs the container may use (fractions allowed).'),
    cpuset: str('CPUs the container may run on, e.g. 0-3.'),
    credential_spec: obj({ config: str(), file: str(), registry: str() }, 'Managed service account credential spec.'),
    depends_on: dependsOn,
    device_cgroup_rules: listOfStrings('Device cgroup rules.'),
    devices: arr(
      oneOf(undefined, str(), obj({ source: str(), target: str(), permissions: str() }, undefined, { required: ['source'] })),
      'Host devices mapped into the container.',
    ),
    dns: stringOrList('DNS servers.'),
    dns_opt: arr(str(), 'DNS resolver options.', true),
    dns_search: stringOrList('DNS search domains.'),
    domainname: str('Domain name of the container.'),
    entrypoint: command("Overrides the image's ENTRYPOINT."),
    env_file: oneOf(
      'Files of environment variables.',
      str(),
      arr(oneOf(undefined, str(), obj({ path: str(), format: str(), required: bool() }, undefined, { required: ['path'], extensions: false }))),
    ),
    label_file: oneOf('Files of labels.', str(), arr(str())),
    environment: listOrDict('Environment variables of the container.'),
    expose: arr(scalar(['string', 'number']), 'Ports reachable from other services (not published).', true),
    extends: oneOf(
      'Inherit the configuration of another service.',
      str(),
      obj({ service: str('Service to extend.'), file: str('File that defines it.') }, undefined, { required: ['service'], extensions: false }),
    ),
    provider: obj(
      {
        type: str('Provider that manages this service.'),
        options: dict(oneOf(undefined, scalar(['string', 'number', 'boolean']), arr(scalar(['string', 'number', 'boolean']))), undefined, OPEN_NON_EMPTY),
      },
      'A service managed by an external provider.',
      { required: ['type'] },
    ),
    external_links: arr(str(), 'Links to containers outside the project.', true),
    extra_hosts: extraHosts('Extra /etc/hosts entries.'),
    gpus: oneOf('GPUs for the container.', str(undefined, { enum: ['all'] }), arr(deviceRequest('A GPU request.', { extensions: false, additional: any() }))),
    group_add: arr(scalar(['string', 'number']), 'Extra groups of the container user.', true),
    healthcheck,
    hostname: str('Host name of the container.'),
    image: str('Image to run: repository[:tag][@digest].'),
    init: bool('Run an init process that reaps zombies and forwards signals.'),
    ipc: str('IPC namespace mode.'),
    isolation: str('Isolation technology.'),
    labels: listOrDict('Container labels.'),
    links: arr(str(), 'Legacy links to other services (SERVICE[:ALIAS]).', true),
    logging: obj({ driver: str('Logging driver.'), options: dict(scalar(['string', 'number', 'null']), undefined, OPEN_NON_EMPTY) }, 'Logging settings.'),
    mac_address: str('MAC address.'),
    mem_limit: num('Memory limit, e.g. 512m.'),
    mem_reservation: scalar(['string', 'integer'], 'Memory reservation.'),
    mem_swappiness: int('Swappiness, 0 to 100.'),
    memswap_limit: num('Memory plus swap limit (-1: unlimited).'),
    network_mode: str('bridge, host, none, service:NAME or container:NAME.', { values: ['bridge', 'host', 'none'] }),
    models: oneOf(
      'AI models the service uses.',
      listOfStrings(),
      dict(oneOf(undefined, obj({ endpoint_var: str(), model_var: str() }), scalar(['null'])), undefined, OPEN_NAME),
    ),
    networks: serviceNetworks,
    oom_kill_disable: bool('Disable the OOM killer.'),
    oom_score_adj: oneOf('OOM score adjustment, -1000 to 1000.', str(), scalar(['integer'], undefined, { min: -1000, max: 1000 })),
    pid: scalar(['string', 'null'], 'PID namespace mode.'),
    pids_limit: num('PID limit (-1: unlimited).'),
    platform: str('Platform, e.g. linux/amd64.'),
    ports: arr(oneOf(undefined, scalar(['number']), str(), portObject), 'Published ports: [HOST_IP:][HOST:]CONTAINER[/PROTOCOL].', true),
    pre_start: arr(preStartHook, 'Commands run to completion, each in its own short-lived container, before the service container starts.'),
    post_start: arr(serviceHook, 'Commands run after the container starts.'),
    pre_stop: arr(serviceHook, 'Commands run before the container stops.'),
    privileged: bool('Give the container extended privileges.'),
    profiles: listOfStrings('Profiles that enable this service.'),
    pull_policy: str('When to pull the image.', {
      values: ['always', 'never', 'missing', 'build', 'daily', 'weekly'],
      pattern: {
        re: /always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+/,
        expected: 'always, never, missing, build, if_not_present, daily, weekly or every_<duration>',
      },
    }),
    pull_refresh_after: str('When to refresh the image.'),
    read_only: bool('Mount the root filesystem read-only.'),
    restart: str('Restart policy.', { pattern: restartPolicy, values: ['no', 'always', 'on-failure', 'unless-stopped'] }),
    runtime: str('OCI runtime.'),
    scale: int('Number of containers.'),
    security_opt: arr(str(), 'Security options.', true),
    shm_size: num('Size of /dev/shm.'),
    secrets: serviceConfigOrSecret('secret'),
    sysctls: listOrDict('Kernel parameters.'),
    stdin_open: bool('Keep STDIN open.'),
    stop_grace_period: duration('Time to stop before SIGKILL.'),
    stop_signal: str('Signal that stops the container.'),
    storage_opt: obj({}, 'Storage driver options.', { additional: any(), extensions: false }),
    tmpfs: stringOrList('tmpfs mounts.'),
    tty: bool('Allocate a TTY.'),
    ulimits,
    use_api_socket: scalar(['boolean'], 'Mount the Docker API socket and credentials.'),
    user: str('User (name or UID[:GID]) of the container process.'),
    uts: str('UTS namespace mode.'),
    userns_mode: str('User namespace mode.'),
    volumes: arr(oneOf(undefined, str(), volumeMount), 'Mounts: SOURCE:TARGET[:MODE] or the long form.', true),
    volumes_from: arr(str(), 'Mount the volumes of another service or container.', true),
    working_dir: str('Working directory of the command.'),
  },
  'A service: one or more containers from the same image and settings.',
);

const externalFlag = (what: string, opts: Partial<ObjectSpec> = {}) =>
  oneOf(`The ${what} exists already and is not created by Compose.`, scalar(['boolean', 'string']), obj({ name: str() }, undefined, opts));
/** The schema leaves the object form of `external` open for secrets and configs. */
const OPEN_OBJECT: Partial<ObjectSpec> = { extensions: false, additional: any() };

export const network: ObjectSpec = obj(
  {
    name: str('Name of the network in the engine.'),
    driver: str('Network driver (bridge, overlay…).', { values: ['bridge', 'overlay', 'host', 'macvlan', 'ipvlan', 'none'] }),
    driver_opts: dict(scalar(['string', 'number']), 'Driver options.', OPEN_NON_EMPTY),
    ipam: obj({
      driver: str('IPAM driver.'),
      config: arr(
        obj({
          subnet: str('Subnet, in CIDR form.'),
          ip_range: str('Range containers get addresses from.'),
          gateway: str('Gateway address.'),
          aux_addresses: dict(str(), undefined, CLOSED_NON_EMPTY),
        }),
      ),
      options: dict(str(), undefined, CLOSED_NON_EMPTY),
    }),
    external: externalFlag('network'),
    internal: bool('Isolate the network from the outside world.'),
    enable_ipv4: bool('Enable IPv4.'),
    enable_ipv6: bool('Enable IPv6.'),
    attachable: bool('Let standalone containers attach.'),
    labels: listOrDict('Network labels.'),
  },
  'A network services can join.',
  { nullable: true },
);

export const volume: ObjectSpec = obj(
  {
    name: str('Name of the volume in the engine.'),
    driver: str('Volume driver.', { values: ['local'] }),
    driver_opts: dict(scalar(['string', 'number']), 'Driver options.', OPEN_NON_EMPTY),
    external: externalFlag('volume'),
    labels: listOrDict('Volume labels.'),
  },
  'A named volume.',
  { nullable: true },
);

export const secret: ObjectSpec = obj(
  {
    name: str('Name of the secret in the engine.'),
    environment: str('Environment variable holding the secret.'),
    file: str('File holding the secret.'),
    external: externalFlag('secret', OPEN_OBJECT),
    labels: listOrDict('Labels.'),
    driver: str('Secret driver.'),
    driver_opts: dict(scalar(['string', 'number']), undefined, OPEN_NON_EMPTY),
    template_driver: str('Template driver.'),
  },
  'A secret services can read.',
);

export const config: ObjectSpec = obj(
  {
    name: str('Name of the config in the engine.'),
    content: str('Inline content.'),
    environment: str('Environment variable holding the content.'),
    file: str('File holding the content.'),
    external: externalFlag('config', OPEN_OBJECT),
    labels: listOrDict('Labels.'),
    template_driver: str('Template driver.'),
  },
  'A configuration file services can read.',
);

const model = obj(
  {
    name: str('Name of the model.'),
    model: str('Model to run.'),
    context_size: scalar(['integer'], 'Context window size.'),
    runtime_flags: arr(str(), 'Flags for the inference engine.'),
  },
  'An AI model the application uses.',
  { required: ['model'] },
);

const include = oneOf(
  'A Compose file (or project) to include.',
  str(),
  obj(
    {
      path: stringOrList('Compose file(s) to include.'),
      env_file: stringOrList('Env files for interpolating the included files.'),
      project_directory: str('Directory relative paths of the included files resolve from.'),
    },
    undefined,
    { extensions: false, unknownKeysIgnored: 'Compose (2.26 and 2.40.3 alike) decodes include entries without rejecting unknown keys' },
  ),
);

export const composeFile: ObjectSpec = obj(
  {
    version: str('Obsolete: ignored by Compose v2.'),
    name: str('Project name (used unless one is given on the command line).'),
    include: arr(include, 'Other Compose projects to include.'),
    services: dict(service, 'The services of the application.', NAME),
    models: dict(model, 'AI models of the application.', OPEN_NAME),
    networks: dict(network, 'Networks of the application.', OPEN_NAME),
    volumes: dict(volume, 'Named volumes of the application.', NAME),
    secrets: dict(secret, 'Secrets of the application.', NAME),
    configs: dict(config, 'Configs of the application.', NAME),
  },
  'A Compose file.',
);
