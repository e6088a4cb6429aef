/**
 * Typed events for the parts of the client that run outside the editor API too (the watcher,
 * the engine connection; tests and the bench drive them in plain Node): a subscription is a
 * function call with a typed listener, and what it returns undoes it.
 */
export interface Subscription {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Subscription;

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    // A wrapper per subscription: the same function may subscribe twice and unsubscribe once.
    const own = (value: T) => listener(value);
    this.listeners.add(own);
    return { dispose: () => this.listeners.delete(own) };
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** Resolves with the next value of an event. */
export function nextEvent<T>(event: Event<T>, accept: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const sub = event((v) => {
      if (!accept(v)) return;
      sub.dispose();
      resolve(v);
    });
  });
}
