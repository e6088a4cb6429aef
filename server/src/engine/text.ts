/** Source text with a line index, so offsets from the parser become LSP positions cheaply. */

export interface Position {
  line: number; // zero-based
  character: number; // zero-based UTF-16 code units, as LSP counts them
}

export interface Range {
  start: Position;
  end: Position;
}

export class SourceFile {
  private lineStarts: number[] | undefined;
  /**
   * Set by the loaders once the file parsed as the compose or contract YAML it was read as:
   * only then may its lines be printed beside findings (see quotable.ts).
   */
  quotable = false;

  constructor(
    /** Absolute path on disk (the file may exist only in an editor buffer). */
    readonly path: string,
    readonly text: string,
  ) {}

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const text = this.text;
      if (!text.includes('\r')) {
        // Most files: the native search finds each break far faster than a loop over characters.
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      } else {
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c === 10) starts.push(i + 1);
          else if (c === 13) {
            if (text.charCodeAt(i + 1) === 10) i++;
            starts.push(i + 1);
          }
        }
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  positionAt(offset: number): Position {
    const starts = this.starts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - starts[lo] };
  }

  offsetAt(pos: Position): number {
    const starts = this.starts();
    if (pos.line >= starts.length) return this.text.length;
    return Math.min(starts[pos.line] + pos.character, this.text.length);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The text of a zero-based line without its line break. */
  lineText(line: number): string {
    const starts = this.starts();
    if (line < 0 || line >= starts.length) return '';
    const end = line + 1 < starts.length ? starts[line + 1] : this.text.length;
    return this.text.slice(starts[line], end).replace(/\r?\n$|\r$/, '');
  }

  get lineCount(): number {
    return this.starts().length;
  }
}
