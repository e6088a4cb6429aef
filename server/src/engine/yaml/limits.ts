/**
 * Nesting bounds. Every walk over a compose tree (conversion, interpolation, the schema, merges,
 * rules) recurses once per level, so a hostile file nested a few thousand levels deep would
 * overflow the stack. Real compose files nest about ten levels; beyond MAX_NESTING the tree is
 * cut (one finding says where) and every later walk stays shallow.
 */
export const MAX_NESTING = 100;

/**
 * Beyond this the file is not handed to the full YAML library at all: it recurses per level
 * too, and past a few thousand levels it fails with a stack overflow whose place depends on the
 * stack already in use (the same file would give different findings).
 */
export const MAX_LIBRARY_NESTING = 1000;

/**
 * The first offset where the nesting could exceed `limit`, or -1. It over-estimates (indentation
 * columns plus entry dashes plus open flow brackets, quotes and comments skipped) and reads each
 * character once.
 */
export function nestingBeyond(text: string, limit: number): number {
  let flow = 0;
  let lineStart = true;
  let block = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      block = 0;
      if (quote === '') continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (lineStart) {
      if (c === ' ' || ((c === '-' || c === '?') && /\s/.test(text[i + 1] ?? ' '))) {
        block++;
        if (block + flow > limit) return i;
        continue;
      }
      lineStart = false;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]))) quote = c;
    else if (c === '[' || c === '{') {
      if (++flow + block > limit) return i;
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return -1;
}
