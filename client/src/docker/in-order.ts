/**
 * Reads `items` with at most `limit` reads in flight, and hands each answer to `use` in the
 * items' own order (a sliding window): the engine answers several inspects at once, while
 * whoever consumes the answers sees the same sequence as a one-by-one loop would give. The
 * first failed read rejects; reads still in flight are left to finish unobserved. Once `wanted()`
 * is false (the answers would come too late), no read is started and no answer handed on.
 */
export async function readInOrder<T, R>(
  items: readonly T[],
  limit: number,
  read: (item: T) => Promise<R>,
  use: (answer: R, item: T) => void,
  wanted: () => boolean = () => true,
): Promise<void> {
  const reads: Promise<R>[] = [];
  const start = (i: number) => {
    reads[i] = read(items[i]);
    // A read after a failed one is never awaited: its own failure must not surface as unhandled.
    reads[i].catch(() => undefined);
  };
  for (let i = 0; i < Math.min(limit, items.length); i++) start(i);
  for (let i = 0; i < items.length; i++) {
    const answer = await reads[i];
    if (!wanted()) return;
    if (i + limit < items.length) start(i + limit);
    use(answer, items[i]);
  }
}
