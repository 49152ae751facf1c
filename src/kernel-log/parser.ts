import { COARSE, hasAnchor } from './anchors.js';
import { ChunkLines, type OnSpan } from './chunk-lines.js';
import { eachEscapedPiece, isEscapedSummary } from './escaped-newlines.js';
import type { OomEvent, OomTime } from './event.js';
import { hasToken, mayMatterByShape, TokenScanner } from './line-filter.js';
import { stripSpan, type LineSpan } from './line-prefix.js';
import { RelativeTimes } from './reltime.js';
import { addMemcgCounter, addTaskRow, buildEvent, markRepeat, readBodyLine, ReportContext, startGroup, timeOf } from './report.js';
import { attachReaped, matchKilled, matchReaped, matchSelection } from './kill-lines.js';
import { matchMemcgCounter, matchOomKillLine, matchPanic, matchTaskIn, matchTrigger } from './report-lines.js';
import { columnKeys, matchTaskHeader } from './task-table.js';

// The incremental OOM report parser: feed it lines (or chunks) as they arrive, get each event back
// from the call that completed it. A kill is complete at its `Killed process` line, so a live reader
// of /dev/kmsg learns of it at once; the `oom_reaper` line that may follow, and a panic that ends the
// report, are added to that same event object afterwards (updated in place). A report that stops before
// any kill line (cut off, or a panic) becomes an event when the next report starts or at flush(). Memory
// is bounded: one report's context (task table capped at maxTasks rows), the last few events, one line.

const EMPTY: readonly OomEvent[] = Object.freeze([]);
/** Lines a report may go on without a recognised part before the parser stops reading every line. */
const MAX_GAP = 400;
const RECENT = 8;
/** Lines that can start or end a kill all contain one of these; one regex test gates the matchers. */
const KILL_OR_INVOKED = /Kill|kill process|invoked oom-killer/;

/** Limits of the incremental parser. */
export interface KernelLogParserOptions {
  /** Task-table rows kept per report (default 100000); more are counted as truncated. */
  maxTasks?: number;
}

/** Incremental parser: `pushLine`/`pushChunk` return the events each call completed. */
export class KernelLogParser {
  private ctx = new ReportContext();
  private inReport = false;
  private gap = 0;
  private readonly recent: OomEvent[] = [];
  private readonly span: LineSpan = { src: '', start: 0, end: 0, seconds: NaN, wall: '', rel: 0 };
  private readonly rel = new RelativeTimes();
  private readonly tokens = new TokenScanner();
  private readonly anchors = new TokenScanner(COARSE);
  private out: OomEvent[] | undefined;
  private readonly chunks = new ChunkLines();
  private readonly maxTasks: number;
  private seconds = NaN;
  private wall = '';

  constructor(options: KernelLogParserOptions = {}) {
    this.maxTasks = options.maxTasks ?? 100_000;
  }

  /** True inside a report, where every line may matter; outside, only anchor lines do. */
  get wantsEveryLine(): boolean {
    return this.inReport;
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
    if (!this.inReport) {
      if (own && !this.anchors.has(s, start, end)) return;
      const text = s.slice(start, end);
      if (hasAnchor(text)) this.handle(text, seconds, wall);
      return;
    }
    const token = own ? this.tokens.has(s, start, end) : hasToken(s, start, end);
    if (token || mayMatterByShape(this.ctx, s, start, end)) this.handle(s.slice(start, end), seconds, wall, token);
    else if (++this.gap > MAX_GAP) this.inReport = false;
  }

  // Why: the whole-text parser jumped over src[from, to) (see reltime.ts).
  skipped(src: string, from: number, to: number): void {
    this.rel.skipped(src, from, to);
  }

  // Why: end of input: the last unterminated line, and a report that never reached its kill line.
  flush(): readonly OomEvent[] {
    const last = this.chunks.rest();
    if (last !== undefined) this.pushSpan(last, 0, last.length, false);
    this.finishOpenReport(undefined);
    this.ctx = new ReportContext();
    this.inReport = false;
    this.rel.reset();
    return this.take();
  }

  // The current line's time, built only when something keeps it.
  private time(): OomTime | undefined {
    return timeOf(this.seconds, this.wall);
  }

  /** Moves the events completed so far onto `into` (the whole-text parser's list). */
  drainTo(into: OomEvent[]): void {
    if (this.out) for (const e of this.take()) into.push(e);
  }

  private take(): readonly OomEvent[] {
    const out = this.out;
    this.out = undefined;
    return out ?? EMPTY;
  }

  private emit(event: OomEvent): void {
    (this.out ??= []).push(event);
    this.recent.push(event);
    if (this.recent.length > RECENT) this.recent.shift();
  }

  /** `token`: false when the line filter found none of its tokens (then no kill or cpuset line). */
  private handle(text: string, seconds: number, wall: string, token = true): void {
    this.seconds = seconds;
    this.wall = wall;
    const kill = token && KILL_OR_INVOKED.test(text);
    if (this.handleKillPhase(text, kill)) return;
    if (this.handleHeader(text, kill, token)) {
      this.gap = 0;
      return;
    }
    if (this.inReport && ++this.gap > MAX_GAP) this.inReport = false;
  }

  // Lines that end or follow a kill: they belong to the current report even after its kill.
  private handleKillPhase(text: string, kill: boolean): boolean {
    const trigger = kill ? matchTrigger(text) : undefined;
    if (trigger) {
      this.finishOpenReport(undefined);
      this.ctx = new ReportContext();
      this.ctx.trigger = trigger;
      this.ctx.touched = true;
      this.ctx.pending.time = this.time();
      this.inReport = true;
      this.gap = 0;
      return true;
    }
    const killed = kill ? matchKilled(text) : undefined;
    if (killed) {
      if (this.ctx.completed && !this.ctx.oomGroup) this.ctx = new ReportContext();
      const ctx = this.ctx;
      if (!ctx.constraint) {
        // No constraint line (before 4.19): a memcg report names its cgroup; any other report is global.
        if (killed.memcg || ctx.memcg?.path !== undefined) ctx.constraint = 'memcg';
        else if (killed.global || ctx.trigger) ctx.constraint = 'global';
      }
      this.emit(markRepeat(ctx, buildEvent(ctx, killed.victim, this.time())));
      ctx.completed = true;
      ctx.pending = {};
      this.inReport = false;
      return true;
    }
    const reaped = text.startsWith('oom_reaper') ? matchReaped(text) : undefined;
    if (reaped) return attachReaped(this.recent, reaped);
    const panic = matchPanic(text);
    if (panic !== undefined) {
      const last = this.recent.findLast((e) => !e.repeat);
      if (this.ctx.completed && last) {
        last.panic = true;
        last.panicMessage = panic;
      } else if (!this.finishOpenReport(panic)) {
        const event: OomEvent = { panic: true, panicMessage: panic };
        const time = this.time();
        if (time) event.time = time;
        this.emit(event);
      }
      this.ctx = new ReportContext();
      this.inReport = false;
      return true;
    }
    if (text.startsWith('Tasks in ') && /^Tasks in .* are going to be killed due to memory\.oom\.group set/.test(text)) {
      this.ctx.oomGroup = true;
      startGroup(this.ctx, this.ctx.completed ? this.recent.at(-1) : undefined); // the kill of this report
      return true;
    }
    return false;
  }

  // A report that ended without a `Killed process` line still says something: emit what it has.
  private finishOpenReport(panic: string | undefined): boolean {
    const ctx = this.ctx;
    if (ctx.completed || !ctx.touched) return false;
    const worthIt = ctx.hasPending() || ctx.trigger !== undefined || ctx.memcg?.path !== undefined || panic !== undefined;
    if (!worthIt) return false;
    const event = buildEvent(ctx, undefined, ctx.pending.time);
    if (!ctx.hasPending()) event.truncated = true;
    if (panic !== undefined) {
      event.panic = true;
      event.panicMessage = panic;
    }
    this.emit(event);
    ctx.completed = true;
    return true;
  }

  // The parts of a report before the kill. After a completed kill, any of them starts a new report.
  private begin(): ReportContext {
    if (this.ctx.completed) this.ctx = new ReportContext();
    this.ctx.touched = true;
    this.inReport = true;
    return this.ctx;
  }

  private handleHeader(text: string, kill: boolean, token: boolean): boolean {
    const c0 = text.charCodeAt(0);
    if (c0 === 91) return this.handleTableLine(text);
    if (kill) {
      const selection = matchSelection(text);
      if (selection) {
        // A second selection with nothing else read (`dmesg | grep "Kill process"`): the first was a kill.
        if (this.ctx.pending.selection && !this.ctx.completed && !this.ctx.trigger && !this.ctx.memInfo && !this.ctx.tasks) this.finishOpenReport(undefined);
        const ctx = this.begin();
        ctx.pending.selection = selection;
        ctx.pending.time = this.time() ?? ctx.pending.time;
        if (!ctx.constraint) ctx.constraint = selection.memcg || ctx.memcg?.path !== undefined ? 'memcg' : 'global';
        // What can follow the selection (the kill, the reaper, a panic) are all anchor lines.
        this.inReport = false;
        return true;
      }
    }
    const oomKill = c0 === 111 ? matchOomKillLine(text) : undefined;
    if (oomKill) {
      const ctx = this.begin();
      if (oomKill.constraint) ctx.constraint = oomKill.constraint;
      if (oomKill.cpuset !== undefined) ctx.cpuset = oomKill.cpuset;
      if (oomKill.oomMemcg !== undefined) ctx.memcgFields().path = oomKill.oomMemcg;
      if (oomKill.taskMemcg !== undefined) ctx.memcgFields().taskPath = oomKill.taskMemcg;
      ctx.pending.oomKill = oomKill;
      ctx.pending.time = this.time() ?? ctx.pending.time;
      return true;
    }
    const taskIn = c0 === 84 ? matchTaskIn(text) : undefined;
    if (taskIn) {
      const ctx = this.begin();
      const memcg = ctx.memcgFields();
      memcg.path = taskIn.path;
      memcg.taskPath = taskIn.taskPath;
      ctx.constraint ??= 'memcg';
      return true;
    }
    if (c0 === 109 || c0 === 115 || c0 === 107) {
      const counter = matchMemcgCounter(text);
      if (counter) {
        addMemcgCounter(this.begin().memcgFields(), counter.kind, counter.counter);
        return true;
      }
    }
    if (text.startsWith('Mem-Info:') || text.startsWith('Tasks state')) {
      const ctx = this.begin();
      if (c0 === 77) ctx.memInfoFields();
      return true;
    }
    if (!this.inReport) return false;
    return readBodyLine(this.ctx, text, token);
  }

  private handleTableLine(text: string): boolean {
    const header = matchTaskHeader(text);
    if (header) {
      const ctx = this.begin();
      ctx.taskColumns = header;
      ctx.taskKeys = columnKeys(header);
      ctx.tasks = [];
      return true;
    }
    return this.inReport && addTaskRow(this.ctx, text, this.maxTasks);
  }
}
