import { MAX_LINE } from './line-prefix.js';

/** Splits input read in arbitrary pieces (a file, a pipe) into lines, holding at most one partial line. */
export class ChunkLines {
  private partial = '';
  private overlong = false;

  // Why: a line split across chunks is joined; a "line" longer than any kernel line is dropped rather
  // than buffered (it reaches onLine as an empty line).
  push(chunk: string, onLine: (line: string) => void): void {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', pos);
      if (nl < 0) break;
      const piece = chunk.slice(pos, nl);
      pos = nl + 1;
      let whole = piece;
      if (this.partial !== '' || this.overlong) {
        whole = this.overlong ? '' : this.partial + piece;
        this.partial = '';
        this.overlong = false;
      }
      onLine(whole);
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
