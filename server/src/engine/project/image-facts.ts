import type { ImageHealthcheck } from '../../../../common/docker/image-health';
import { EngineFacts } from './engine-facts';

/** The engine's answers about images' HEALTHCHECK, by image reference. */
export class ImageFacts extends EngineFacts<ImageHealthcheck> {}
