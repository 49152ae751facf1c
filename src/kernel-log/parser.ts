import { COARSE, hasAnchor } from './anchors.js';
import { ChunkLines, type OnSpan } from './chunk-lines.js';
import { eachEscapedPiece, isEscapedSummary } from './escaped-newlines.js';
import type { OomEvent } from './event.js';
import { hasToken, mayMatterByShape, TokenScanner } from './line-filter.js';
import { stripSpan, type LineSpan } from './line-prefix.js';
import { RelativeTimes } from './reltime.js';
import { ReportContext } from './report.js';
import { MAX_GAP, ReportReader } from './report-reader.js';
import { WrappedLines, type HeldLine } from './wrapped-lines.js';

// The incremental OOM report parser: feed it lines (or chunks) as they arrive, get each event back
// from the call that completed it. A kill is complete at its `Killed process` line, so a live reader
// of /dev/kmsg learns of it at once; the `oom_reaper` line that may follow, and a panic that ends the
// report, are added to that same event object afterwards (updated in place). A report that stops before
// any kill line (cut off, or a panic) becomes an event when the next report starts or at flush(). Memory
// is bounded: one report's context (task table capped at maxTasks rows), the last few events, one line.

/** Limits of the incremental parser. */
export interface KernelLogParserOptions {
  /** Task-table rows kept per report (default 100000); more are counted as truncated. */
  maxTasks?: number;
  /** Pasted text: join a line a mail client or terminal wrapped back onto its timed line
   *  (wrapped-lines.ts; events then come a line later). Default false: /dev/kmsg records are whole. */
  joinWrapped?: boolean;
}

/** Incremental parser: `pushLine`/`pushChunk` return the events each call completed. */
export class KernelLogParser extends ReportReader {
  private readonly span: LineSpan = { src: '', start: 0, end: 0, seconds: NaN, wall: '', rel: 0 };
  private readonly rel = new RelativeTimes();
  private readonly tokens = new TokenScanner();
  private readonly anchors = new TokenScanner(COARSE);
  private readonly chunks = new ChunkLines();
  private readonly wrapped: WrappedLines | undefined;

  constructor(options: KernelLogParserOptions = {}) {
    super(options.maxTasks ?? 100_000);
    if (options.joinWrapped) this.wrapped = new WrappedLines();
  }

  /** True inside a report, where every line may matter, or while a line waits for its rest. */
  get wantsEveryLine(): boolean {
    return this.inReport || this.wrapped?.held !== undefined;
  }

  // Why: the unit of input; one line of any supported format, with or without its newline.
  pushLine(raw: string): readonly OomEvent[] {
    this.pushSpan(raw, 0, raw.charCodeAt(raw.length - 1) === 10 ? raw.length - 1 : raw.length, false);
    return this.take();
  }

  // Why: input read in arbitrary pieces (a file, a pipe); a line split across chunks is joined, and
  // a "line" longer than any kernel line is dropped rather than buffered.
  pushChunk(chunk: string): readonly OomEvent[] {
    this.tokens.reset();
    this.anchors.reset();
    this.chunks.push(chunk, this.onChunkLine);
    return this.take();
  }

  private readonly onChunkLine: OnSpan = (src, start, end) => this.pushSpan(src, start, end, src.length !== end - start);

  /** One line src[start, end); `inText`: src is the whole input or the current chunk, read in order. */
  pushSpan(src: string, start: number, end: number, inText: boolean): void {
    const span = this.span;
    if (!stripSpan(src, start, end, span)) return;
    this.wrapped?.line(src, start, end, span);
    if (span.rel !== 0) this.rel.apply(span);
    const s = span.src;
    const own = inText && s === src;
    if (isEscapedSummary(s, span.start, span.end)) this.pushEscaped(s, span.start, span.end, own);
    else this.pushText(s, span.start, span.end, own);
  }

  // Each piece between rsyslog's `#012`s, as the line it was (escaped-newlines.ts). No closure in
  // pushSpan: one would give every line a context to allocate.
  private pushEscaped(s: string, start: number, end: number, own: boolean): void {
    eachEscapedPiece(s, start, end, (a, b) => this.pushText(s, a, b, own));
  }

  /** Kernel text s[start, end), the times in this.span; `own`: s is the text read in order. */
  private pushText(s: string, start: number, end: number, own: boolean): void {
    const { seconds, wall } = this.span;
    const wrapped = this.wrapped;
    const timed = seconds === seconds || wall !== '';
    if (wrapped) {
      const rest = wrapped.continues(s, start, end, !timed);
      if (rest === 'held') return;
      this.release();
      if (rest) return this.readJoined(rest);
      if (this.inReport) wrapped.widen();
    }
    if (!this.inReport) {
      if (own && !this.anchors.has(s, start, end)) return;
      const text = s.slice(start, end);
      if (hasAnchor(text)) this.read(text, seconds, wall, true, timed);
      return;
    }
    const token = own ? this.tokens.has(s, start, end) : hasToken(s, start, end);
    if (token || mayMatterByShape(this.ctx, s, start, end)) this.read(s.slice(start, end), seconds, wall, token, timed);
    else if (++this.gap > MAX_GAP) this.inReport = false;
    else if (wrapped && timed) wrapped.passOver(s, start, end, seconds, wall);
  }

  // A timed line of pasted text waits for the next, which may be its wrapped rest (wrapped-lines.ts).
  private read(text: string, seconds: number, wall: string, token: boolean, timed: boolean): void {
    if (this.wrapped && timed) this.wrapped.hold(text, seconds, wall, token);
    else this.handle(text, seconds, wall, token);
  }

  // A line the filter passed over, joined with its rest: read as if it had come whole.
  // Its first piece was counted in the gap; read now, it is not a gap line.
  private readJoined(line: HeldLine): void {
    const { text } = line;
    const token = hasToken(text, 0, text.length);
    if (!token && !mayMatterByShape(this.ctx, text, 0, text.length)) return;
    this.gap--;
    this.wrapped?.hold(text, line.seconds, line.wall, token);
  }

  private release(): void {
    const held = this.wrapped?.take();
    if (held) this.handle(held.text, held.seconds, held.wall, held.token);
  }

  // Why: the whole-text parser's skip: where the next line that may start a report is (-1: none).
  nextAnchor(src: string, from: number): number {
    return this.anchors.nextFrom(src, from);
  }

  // Why: the whole-text parser jumped over src[from, to) (see reltime.ts).
  skipped(src: string, from: number, to: number): void {
    this.rel.skipped(src, from, to);
  }

  // Why: end of input: the last unterminated line, and a report that never reached its kill line.
  flush(): readonly OomEvent[] {
    const last = this.chunks.rest();
    if (last !== undefined) this.pushSpan(last, 0, last.length, false);
    this.release();
    this.finishOpenReport(undefined);
    this.ctx = new ReportContext();
    this.inReport = false;
    this.rel.reset();
    return this.take();
  }
}
