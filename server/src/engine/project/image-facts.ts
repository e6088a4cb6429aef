import type { ImageHealthcheck } from '../../../../common/docker/image-health';

/** How long an answer (or a question left unanswered) stands before the engine is asked again: a build or pull may change it. */
const FRESH_MS = 60_000;
/** Images asked about in one round, so a hostile file naming thousands cannot flood the engine. */
export const MAX_IMAGES_PER_ROUND = 100;

/**
 * The engine's answers about images, kept between checks: the engine is asynchronous and the
 * checks are not, so a check reads what is known and notes what it wanted; whoever owns an
 * engine connection asks for those and checks again when something new is learned.
 */
export class ImageFacts {
  private readonly known = new Map<string, { answer?: ImageHealthcheck; at: number }>();
  private readonly wanted = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  lookup(image: string): ImageHealthcheck | undefined {
    const known = this.known.get(image);
    if ((!known || this.now() - known.at >= FRESH_MS) && this.wanted.size < MAX_IMAGES_PER_ROUND) this.wanted.add(image);
    return known?.answer;
  }

  /** The images checks asked about with no fresh answer; they count as asked from now on. */
  takeWanted(): string[] {
    const images = [...this.wanted];
    this.wanted.clear();
    for (const image of images) this.known.set(image, { answer: this.known.get(image)?.answer, at: this.now() });
    return images;
  }

  /** Records the engine's answers; true when one differs from what checks read before. */
  learn(answers: Readonly<Record<string, ImageHealthcheck>>): boolean {
    let changed = false;
    for (const [image, answer] of Object.entries(answers)) {
      if (this.known.get(image)?.answer !== answer) changed = true;
      this.known.set(image, { answer, at: this.now() });
    }
    return changed;
  }
}
