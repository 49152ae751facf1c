// Splits a text stream (a VM guest's serial console) into lines.
//
// The guest is not trusted: it can print megabytes without a newline. So each chunk is searched
// for '\n' on its own (the text already pending is never searched again, so a chunk costs time in
// proportion to its own length), and the pending partial line is bounded: once it holds `maxLine`
// characters and more arrive before a newline, what is pending is delivered as a line of its own
// (cut, not marked) and splitting carries on. Memory stays bounded by `maxLine` too.

/** The longest line delivered, and the most partial-line text kept: 64 Ki characters. */
export const MAX_LINE = 64 * 1024;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

// Why: qemu's console is hostile input; line splitting must cost O(chunk) per chunk and O(maxLine) memory.
export class LineSplitter {
  private pending = '';

  /** `onLine` gets each line without its '\n' (nor a '\r' before it); longer lines arrive cut into pieces of at most `maxLine`. */
  constructor(
    private readonly onLine: (line: string) => void,
    readonly maxLine: number = MAX_LINE,
  ) {
    if (!Number.isInteger(maxLine) || maxLine < 2) throw new RangeError(`maxLine must be an integer >= 2, got ${maxLine}`);
  }

  /** Characters of the partial line held (never more than maxLine). */
  get pendingLength(): number {
    return this.pending.length;
  }

  /** Feed the next chunk; complete lines (and pieces of overlong ones) are delivered before it returns. */
  push(chunk: string): void {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', from);
      if (nl < 0) break;
      this.append(chunk, from, nl);
      const line = this.pending;
      this.pending = '';
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      from = nl + 1;
    }
    this.append(chunk, from, chunk.length);
  }

  /** The stream ended: deliver the final partial line, if any. */
  end(): void {
    const line = this.pending;
    this.pending = '';
    if (line) this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  /** Append chunk[from, to) (no newline in it) to the pending line, delivering it in pieces whenever it is full. */
  private append(chunk: string, from: number, to: number): void {
    while (from < to) {
      let n = Math.min(to - from, this.maxLine - this.pending.length);
      // Do not cut between the two halves of a surrogate pair (pending is never empty here when n drops to 0).
      if (n > 0 && n < to - from && isHighSurrogate(chunk.charCodeAt(from + n - 1))) n--;
      if (n === 0) {
        const piece = this.pending;
        this.pending = '';
        this.onLine(piece);
        continue;
      }
      this.pending += chunk.slice(from, from + n);
      from += n;
    }
  }
}
