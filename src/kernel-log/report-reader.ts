import type { OomEvent, OomTime } from './event.js';
import { attachReaped, matchKilled, matchReaped, matchSelection } from './kill-lines.js';
import { addMemcgCounter, addTaskRow, buildEvent, markRepeat, readBodyLine, ReportContext, startGroup, timeOf } from './report.js';
import { matchMemcgCounter, matchOomKillLine, matchPanic, matchTaskIn, matchTrigger } from './report-lines.js';
import { columnKeys, matchTaskHeader } from './task-table.js';

// The report half of the incremental parser (parser.ts reads the lines and hands this the ones that
// may matter): which report a line belongs to, what it adds, and when an event is complete.

const EMPTY: readonly OomEvent[] = Object.freeze([]);
/** Lines a report may go on without a recognised part before the parser stops reading every line. */
export const MAX_GAP = 400;
const RECENT = 8;
/** Lines that can start or end a kill all contain one of these; one regex test gates the matchers. */
const KILL_OR_INVOKED = /Kill|kill process|invoked oom-killer/;

/** The state of the report being read, and the events completed from it. */
export class ReportReader {
  protected ctx = new ReportContext();
  protected inReport = false;
  protected gap = 0;
  private readonly recent: OomEvent[] = [];
  private out: OomEvent[] | undefined;
  private seconds = NaN;
  private wall = '';

  constructor(private readonly maxTasks: number) {}

  // The current line's time, built only when something keeps it.
  private time(): OomTime | undefined {
    return timeOf(this.seconds, this.wall);
  }

  /** Moves the events completed so far onto `into` (the whole-text parser's list). */
  drainTo(into: OomEvent[]): void {
    if (this.out) for (const e of this.take()) into.push(e);
  }

  protected take(): readonly OomEvent[] {
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
  protected handle(text: string, seconds: number, wall: string, token = true): void {
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
  protected finishOpenReport(panic: string | undefined): boolean {
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
