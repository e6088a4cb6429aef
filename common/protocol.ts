/**
 * The custom protocol between the Compose Mesh client and language server, typed once for
 * both sides.
 */
import type { ImageHealthcheck } from './docker/image-health';
import type { SwarmNodeFacts } from './docker/swarm-nodes';
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { MeshLayout, Topology } from './topology';

export interface ValidateParams {
  /** URI of a compose file; its whole project is validated. */
  uri: string;
  /** Also check the running project in the Docker Engine (its findings stay in the Problems panel until the next Validate). */
  live?: boolean;
  /** With live: probe from inside the containers (the client asks only in trusted workspaces). */
  probe?: boolean;
}

export interface ValidateResult {
  /** Files of the project, as URIs, in load order. */
  files: string[];
  services: number;
  counts: { error: number; warning: number; info: number; hint: number };
  /** With live: what was checked, or why it could not be. */
  live?: { engine: string; findings: number; notes: string[]; error?: string };
}

export const ValidateRequest = new RequestType<ValidateParams, ValidateResult, void>('composeMesh/validate');

export interface ServiceStateParams {
  /** The compose project name (the `com.docker.compose.project` label). */
  project: string;
  service: string;
}

/**
 * Server → client: the live state of a service, which the client knows from the Docker Engine
 * (one line such as "running · healthy · 2 containers"), or null when it does not know.
 */
export const ServiceStateRequest = new RequestType<ServiceStateParams, string | null, void>('composeMesh/serviceState');

/**
 * Server → client: what the client's engine says of these images' HEALTHCHECK (`docker image
 * inspect`), so a service waited on for health is not reported when its image defines one.
 * Images the engine could not be asked about are left out of the answer.
 */
export const ImageHealthRequest = new RequestType<{ images: string[] }, Record<string, ImageHealthcheck>, void>('composeMesh/imageHealth');

/**
 * Server → client: the nodes of the swarm the client's engine manages (hostname, role, labels),
 * so placement constraints that no node satisfies are reported; null when it is no swarm manager.
 */
export const SwarmNodesRequest = new RequestType0<SwarmNodeFacts[] | null, void>('composeMesh/swarmNodes');

/** A compose project of the workspace as the health view and the start command need it. */
export interface DeclaredProject {
  name: string;
  dir: string;
  /** Compose files (paths, in -f order). */
  files: string[];
  profiles: string[];
  services: {
    name: string;
    uri?: string;
    line?: number;
    hasHealthcheck: boolean;
    enabled: boolean;
    profiles: string[];
    image?: string;
    build: boolean;
    ports: { hostIp: string; hostPort: number; protocol: string }[];
  }[];
  /** Error-level findings of the static check (the start refuses to run with any). */
  errors: number;
}

/** `target: 'swarm'` checks for `docker stack deploy` whatever the configuration says (before a deploy). */
export const DescribeProjectRequest = new RequestType<{ uri: string; profiles?: string[]; target?: 'compose' | 'swarm' }, DeclaredProject | null, void>(
  'composeMesh/describeProject',
);

export interface TopologyParams {
  uri: string;
}

/** The network contract as a picture; null when the project has no contract. */
export type TopologyResult = {
  topology: Topology;
  layout: MeshLayout;
  /** Standalone SVG for docs; `map` is the map alone for the panel; both from `layout`. */
  svg: string;
  map: string;
  mermaid: string;
  /** Project-relative paths of the picture → URIs to open. */
  files: Record<string, string>;
} | null;

export const TopologyRequest = new RequestType<TopologyParams, TopologyResult, void>('composeMesh/topology');

/** Settings the server reads (section `composeMesh`), mirrored in package.json. */
export interface ServerSettings {
  rules: Record<string, string>;
  fileSets: string[][];
  profiles: string[];
  /** Path of the network contract ('' for the convention). */
  contract: string;
  /** 'compose', 'swarm', or '' for what `.compose-mesh.yaml` says. */
  target: string;
  /** Size limit for compose files in MiB; null for `.compose-mesh.yaml`'s or the default. */
  maxFileSizeMiB: number | null;
  docker: { host: string };
  live: { probeOutside: string };
  /** Whether our completion, hover and links answer (diagnostics always do). */
  editorFeatures: EditorFeaturesSetting;
}

/** `auto` stands down while an extension with its own compose completion and hover is installed. */
export type EditorFeaturesSetting = 'auto' | 'on' | 'off';

/** Extensions that complete and describe compose files themselves (Docker DX, Container Tools, Docker). */
export const COMPOSE_EDITOR_PEERS = ['docker.docker', 'ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker'];

/** Client → server: which of COMPOSE_EDITOR_PEERS are installed, sent at start (`peers` in the initialization options) and whenever extensions change. */
export const EditorPeersNotification = new NotificationType<{ installed: string[] }>('composeMesh/editorPeers');

/**
 * Client → server: the project directories whose stack was deployed from this workspace to a
 * swarm manager. Their files are checked in stack mode unless `.compose-mesh.yaml` or the
 * `composeMesh.target` setting chooses a target. Sent at start and whenever the list changes.
 */
export const StackProjectsNotification = new NotificationType<{ dirs: string[] }>('composeMesh/stackProjects');

/** Whether our completion, hover and links answer, given the setting and the installed peers. */
export function editorFeaturesOn(setting: EditorFeaturesSetting | undefined, installedPeers: readonly string[]): boolean {
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return !installedPeers.some((id) => COMPOSE_EDITOR_PEERS.includes(id));
}

/**
 * Node options the language server runs with: a larger young generation, because a re-check
 * allocates a new tree per edit and the default one makes garbage collection the tail latency.
 * The benchmark runs with the same options.
 */
export const SERVER_EXEC_ARGV = ['--max-semi-space-size=32'];

/** Files checked without any setting (compose files and network contracts); `composeMesh.files` adds more. */
export const DEFAULT_COMPOSE_GLOBS = [
  '**/compose.yaml',
  '**/compose.yml',
  '**/compose.*.yaml',
  '**/compose.*.yml',
  '**/docker-compose.yaml',
  '**/docker-compose.yml',
  '**/docker-compose.*.yaml',
  '**/docker-compose.*.yml',
  '**/network-contract.yaml',
  '**/network-contract.yml',
];
