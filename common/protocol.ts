/**
 * The custom protocol between the Compose Mesh client and language server, typed once for
 * both sides.
 */
import { RequestType } from 'vscode-languageserver-protocol';

export interface ValidateParams {
  /** URI of a compose file; its whole project is validated. */
  uri: string;
}

export interface ValidateResult {
  /** Files of the project, as URIs, in load order. */
  files: string[];
  services: number;
  counts: { error: number; warning: number; info: number; hint: number };
}

export const ValidateRequest = new RequestType<ValidateParams, ValidateResult, void>('composeMesh/validate');

/** Settings the server reads (section `composeMesh`), mirrored in package.json. */
export interface ServerSettings {
  rules: Record<string, string>;
  fileSets: string[][];
  profiles: string[];
  /** Path of the network contract ('' for the convention). */
  contract: string;
}

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
