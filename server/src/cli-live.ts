/**
 * The live half of the CLI (`--live`): the Docker Engine client and what it brings (dockerode,
 * ssh2, HTTP). Bundled as its own file and loaded only when asked for, so `validate` without
 * `--live` neither reads nor compiles it.
 */
export { resolveDockerEndpoint } from '../../common/docker/endpoint';
export { deployedAsStack, learnFromEngine, validateLive } from './live/validate-live';
