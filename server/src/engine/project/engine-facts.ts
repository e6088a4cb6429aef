/** How long an answer (or a question left unanswered) stands before the engine is asked again: a build, pull or node update may change it. */
const FRESH_MS = 60_000;
/** Questions asked in one round, so a hostile file naming thousands of images cannot flood the engine. */
const MAX_QUESTIONS_PER_ROUND = 100;

/**
 * The engine's answers, kept between checks: the engine is asynchronous and the checks are not,
 * so a check reads what is known and notes what it wanted; whoever owns an engine connection
 * asks for those and checks again when something new is learned.
 */
export class EngineFacts<A> {
  private readonly known = new Map<string, { answer?: A; at: number }>();
  private readonly wanted = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  lookup(key: string): A | undefined {
    const known = this.known.get(key);
    if ((!known || this.now() - known.at >= FRESH_MS) && this.wanted.size < MAX_QUESTIONS_PER_ROUND) this.wanted.add(key);
    return known?.answer;
  }

  /** The keys checks asked about with no fresh answer; they count as asked from now on. */
  takeWanted(): string[] {
    const keys = [...this.wanted];
    this.wanted.clear();
    for (const key of keys) this.known.set(key, { answer: this.known.get(key)?.answer, at: this.now() });
    return keys;
  }

  /** Records the engine's answers; true when one differs from what checks read before. */
  learn(answers: Readonly<Record<string, A>>): boolean {
    let changed = false;
    for (const [key, answer] of Object.entries(answers)) {
      if (JSON.stringify(this.known.get(key)?.answer) !== JSON.stringify(answer)) changed = true;
      this.known.set(key, { answer, at: this.now() });
    }
    return changed;
  }
}
