import { composeFile } from './compose';
import { fieldAt, type Spec } from './types';

/**
 * The Compose release that first reads each field added after 2.26 (the oldest Compose we
 * support), so a hover can say why an older `docker compose` rejects a file the specification
 * allows. Fields are named as `fieldAt` names them. Source: the Compose release notes, as
 * summarised in the field notes; a field missing here was already read by 2.26.
 */
const FIRST_READ_BY: Readonly<Record<string, string>> = {
  'services.*.gpus': '2.30',
  'services.*.post_start': '2.30',
  'services.*.pre_stop': '2.30',
  'services.*.devices.[].source': '2.30',
  'services.*.devices.[].target': '2.30',
  'services.*.devices.[].permissions': '2.30',
  'services.*.env_file.[].format': '2.30',
  'services.*.develop.watch.[].exec': '2.32',
  'services.*.label_file': '2.32',
  'networks.*.enable_ipv4': '2.33',
  'services.*.networks.*.gw_priority': '2.33',
  'services.*.provider': '2.35',
  'services.*.volumes.[].image': '2.35',
  'services.*.networks.*.interface_name': '2.36',
  models: '2.38',
  'services.*.models': '2.38',
  'services.*.use_api_socket': '2.38',
  'services.*.build.provenance': '2.39',
  'services.*.build.sbom': '2.39',
  'services.*.develop.watch.[].initial_sync': '2.40',
  'services.*.build.no_cache_filter': '5.0',
  'services.*.pre_start': '5.3',
};

/** The Compose version that first reads the key at a path of a compose file, when it is newer than 2.26. */
export function composeVersionAt(root: Spec, path: readonly string[]): string | undefined {
  const field = root === composeFile ? fieldAt(root, path) : undefined;
  return field !== undefined && Object.prototype.hasOwnProperty.call(FIRST_READ_BY, field) ? FIRST_READ_BY[field] : undefined;
}
