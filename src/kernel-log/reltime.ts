import { stripSpan, type LineSpan } from './line-prefix.js';
import { REL_DELTA, REL_MINUTE } from './line-times.js';

// `dmesg -H` (also -e, --time-format reltime) prints the clock only on the first line of a minute,
// `[Dec 5 19:42] text`, and on the lines after it the seconds since the line before, `[  +0.000012]
// text`. A line's time is therefore the last such header's minute (the gaps are not added up: the
// header's seconds were not printed, so the sum would mean nothing). parseKernelLog jumps over the
// lines outside reports, and the header of a report's minute may be among them: after a jump, the
// first delta line reads the lines jumped over back from their end to their last header. Each
// stretch is jumped over once, so this stays linear in the log.

/** The current minute of a `dmesg -H` log, for the lines that print only a delta. */
export class RelativeTimes {
  /** True from a jump until the next header or delta line: the lines jumped over may hold its minute. */
  private pending = false;
  private minute = '';
  private gapSrc = '';
  private gapFrom = 0;
  private gapTo = 0;
  private readonly scratch: LineSpan = { src: '', start: 0, end: 0, seconds: NaN, wall: '', rel: 0 };

  // Why: lines src[from, to) were not read; a header among them is the minute of what follows. Lines
  // read since the last jump held neither a header nor a delta, so the stretch grows over them.
  skipped(src: string, from: number, to: number): void {
    if (!this.pending || this.gapSrc !== src) this.gapFrom = from;
    this.gapSrc = src;
    this.gapTo = to;
    this.pending = true;
  }

  // Why: each stripped line with rel set, in order: a header sets the minute and a delta line takes it
  // as its wall time (over a container runtime's, as a line's own time always is; kept when unknown).
  apply(span: LineSpan): void {
    if (span.rel === REL_MINUTE) this.minute = span.wall;
    else if (this.pending) this.lookBack();
    if (span.rel === REL_DELTA && this.minute !== '') span.wall = this.minute;
    this.pending = false;
    this.gapSrc = '';
  }

  // Why: a new input: nothing of the last one's minute holds.
  reset(): void {
    this.minute = '';
    this.pending = false;
    this.gapSrc = '';
  }

  private lookBack(): void {
    const src = this.gapSrc;
    const from = this.gapFrom;
    const span = this.scratch;
    for (let end = this.gapTo; end > from; ) {
      const lineEnd = src.charCodeAt(end - 1) === 10 ? end - 1 : end;
      const nl = lineEnd > from ? src.lastIndexOf('\n', lineEnd - 1) : -1;
      const start = nl < from ? from : nl + 1;
      if (stripSpan(src, start, lineEnd, span) && span.rel === REL_MINUTE) {
        this.minute = span.wall;
        return;
      }
      end = start;
    }
  }
}
