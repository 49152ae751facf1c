import { MAX_LINE } from './line-prefix.js';

/** Receives one line as src[start, end), without its newline. */
export type OnSpan = (src: string, start: number, end: number) => void;

/** Splits input read in arbitrary pieces (a file, a pipe) into lines, holding at most one partial line. */
export class ChunkLines {
  private partial = '';
  private overlong = false;

  // Why: a line split across chunks is joined; a "line" longer than any kernel line is dropped rather
  // than buffered (it reaches onLine as an empty line). Whole lines are handed over in place, as spans
  // of the chunk, so no line is copied out of it.
  push(chunk: string, onLine: OnSpan): void {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', pos);
      if (nl < 0) break;
      if (this.partial !== '' || this.overlong) {
        const whole = this.overlong ? '' : this.partial + chunk.slice(pos, nl);
        this.partial = '';
        this.overlong = false;
        onLine(whole, 0, whole.length);
      } else onLine(chunk, pos, nl);
      pos = nl + 1;
    }
    if (pos < chunk.length && !this.overlong) {
      this.partial += chunk.slice(pos);
      if (this.partial.length > MAX_LINE) {
        this.partial = '';
        this.overlong = true;
      }
    }
  }

  // Why: at the end of input the last line may have no newline; it is handed over once, and the state reset.
  rest(): string | undefined {
    const last = this.partial !== '' && !this.overlong ? this.partial : undefined;
    this.partial = '';
    this.overlong = false;
    return last;
  }
}
