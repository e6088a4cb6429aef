import type Docker from 'dockerode';

/** An image's HEALTHCHECK on the engine: defined, none (or `HEALTHCHECK NONE`), or no such image there. */
export type ImageHealthcheck = 'defined' | 'none' | 'missing';

/** Images inspected at once: enough to be quick, few enough not to flood a remote engine. */
const PARALLEL = 8;

/**
 * What `docker image inspect` says of each image's HEALTHCHECK (the image's own or one it
 * inherits from its base). An image the engine could not be asked about is left out.
 */
export async function inspectImageHealth(docker: Docker, images: readonly string[]): Promise<Record<string, ImageHealthcheck>> {
  const answers: Record<string, ImageHealthcheck> = {};
  const queue = [...new Set(images)];
  const worker = async () => {
    for (let image = queue.shift(); image !== undefined; image = queue.shift()) {
      try {
        const info = await docker.getImage(image).inspect();
        const test = info.Config?.Healthcheck?.Test ?? [];
        answers[image] = test.length === 0 || test[0] === 'NONE' ? 'none' : 'defined';
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) answers[image] = 'missing';
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  return answers;
}
