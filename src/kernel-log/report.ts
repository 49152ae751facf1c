import type { MemcgCounter, OomConstraint, OomEvent, OomMemcg, OomMemInfo, OomTask, OomTime, OomTrigger, OomVictim } from './event.js';
import type { Selection } from './kill-lines.js';
import type { OomKillLine } from './report-lines.js';
import { readTaskRow, type ColumnKeys } from './task-table.js';
import { readMemInfoLine } from './mem-info.js';
import { matchCpuLine } from './report-lines.js';

// What one report has said so far, between `invoked oom-killer` and the kill. A report is a run of
// lines; every kill line turns the context into an event (a memory.oom.group kill prints several).

/** The kill a report announced but has not yet confirmed with a `Killed process` line. */
interface Pending {
  selection?: Selection;
  oomKill?: OomKillLine;
  time?: OomTime;
}

/** Everything a report has said so far. */
export class ReportContext {
  trigger?: OomTrigger;
  constraint?: OomConstraint;
  kernel?: string;
  cpuset?: string;
  memcg?: OomMemcg;
  taskColumns?: string[];
  taskKeys?: ColumnKeys;
  tasks?: OomTask[];
  tasksTruncated = false;
  memInfo?: OomMemInfo;
  /** Mem-Info's unit-less page counters come first; the first line in kB ends them. */
  inCounters = { on: false };
  pageSize: { kb?: number } = {};
  oomGroup = false;
  /** Since the `Tasks in ... memory.oom.group` line: the pids its kill lines named (see markRepeat). */
  groupPids?: Set<number>;
  pending: Pending = {};
  /** True once a kill completed: the next report part starts a new report. */
  completed = false;
  /** True when anything at all was read into this context. */
  touched = false;

  memcgFields(): OomMemcg {
    this.touched = true;
    return (this.memcg ??= {});
  }

  memInfoFields(): OomMemInfo {
    this.touched = true;
    this.inCounters.on = true;
    return (this.memInfo ??= {});
  }

  hasPending(): boolean {
    return this.pending.selection !== undefined || this.pending.oomKill?.pid !== undefined;
  }
}

// Why: one place decides how the parts of a report combine into an event, for a confirmed kill
// (`killed` given) and for a report that stopped at the selection or the oom-kill line.
export function buildEvent(ctx: ReportContext, killed: OomVictim | undefined, time: OomTime | undefined): OomEvent {
  const event: OomEvent = {};
  if (ctx.trigger) event.trigger = ctx.trigger;
  const { selection, oomKill } = ctx.pending;
  if (ctx.constraint) event.constraint = ctx.constraint;
  if (ctx.kernel) event.kernel = ctx.kernel;
  if (ctx.cpuset !== undefined) event.cpuset = ctx.cpuset;
  if (ctx.memcg) event.memcg = { ...ctx.memcg };
  const victim = assembleVictim(killed, selection, oomKill);
  if (victim) event.victim = victim;
  if (ctx.taskColumns) event.taskColumns = ctx.taskColumns;
  if (ctx.tasks) event.tasks = ctx.tasks;
  if (ctx.tasksTruncated) event.tasksTruncated = true;
  if (ctx.memInfo) event.memInfo = ctx.memInfo;
  notePageSize(event, ctx.pageSize.kb);
  if (time && (time.kernelSeconds !== undefined || time.wall !== undefined)) event.time = time;
  if (ctx.oomGroup) event.oomGroup = true;
  return event;
}

function assembleVictim(killed: OomVictim | undefined, selection: Selection | undefined, oomKill: OomKillLine | undefined): OomVictim | undefined {
  let victim: OomVictim | undefined = killed ? { ...killed } : undefined;
  if (!victim && selection) victim = { pid: selection.pid, name: selection.name, score: selection.score };
  else if (victim && selection) {
    if (selection.pid === victim.pid) victim.score = selection.score;
    else victim.selected = { pid: selection.pid, name: selection.name, score: selection.score };
  }
  if (oomKill?.pid !== undefined) {
    if (!victim) victim = { pid: oomKill.pid, name: oomKill.task ?? '' };
    if (victim.pid === oomKill.pid && victim.uid === undefined && oomKill.uid !== undefined) victim.uid = oomKill.uid;
  }
  return victim;
}

const PAGE_SIZES = [4, 8, 16, 64];

// Page counts need a page size to mean anything: the buddy lists say it outright; otherwise the
// victim's kB figures against its row's page counts; otherwise 4 kB (x86, arm64 default) is assumed.
function notePageSize(event: OomEvent, buddyKb: number | undefined): void {
  if (buddyKb !== undefined && PAGE_SIZES.includes(buddyKb)) {
    event.pageSizeKb = buddyKb;
    event.pageSizeFrom = 'buddy-lists';
    return;
  }
  if (!event.tasks) return;
  const v = event.victim;
  const row = v?.pid === undefined ? undefined : event.tasks.find((t) => t.pid === v.pid);
  if (v && row) {
    let kb: number | undefined;
    let pages: number | undefined;
    if (v.anonRssKb !== undefined && row.rssAnon) [kb, pages] = [v.anonRssKb, row.rssAnon];
    else if (v.anonRssKb !== undefined && row.rss) [kb, pages] = [v.anonRssKb + (v.fileRssKb ?? 0) + (v.shmemRssKb ?? 0), row.rss];
    if (kb !== undefined && pages) {
      const ratio = kb / pages;
      const size = PAGE_SIZES.find((s) => Math.abs(ratio - s) / s < 0.1);
      if (size !== undefined) {
        event.pageSizeKb = size;
        event.pageSizeFrom = 'victim-rss';
        return;
      }
    }
  }
  event.pageSizeKb = 4;
  event.pageSizeFrom = 'assumed';
}

// Why: lines that only mean something inside a report (the CPU line, the old cpuset line, Mem-Info)
// add to its context; true when the line was one of them. `token`: false when the line filter saw no
// `mems_allowed=` in it (see line-filter.ts).
export function readBodyLine(ctx: ReportContext, text: string, token = true): boolean {
  if (ctx.completed) return false;
  const cpu = text.startsWith('CPU') || text.startsWith('Pid:') ? matchCpuLine(text) : undefined;
  if (!cpu && (text.startsWith('CPU') || text.endsWith('per-cpu:'))) return true; // per-cpu page lists: long on big machines
  if (cpu) {
    if (ctx.trigger && ctx.trigger.pid === undefined) ctx.trigger.pid = cpu.pid;
    if (cpu.kernel) ctx.kernel = cpu.kernel;
    return true;
  }
  if (token && ctx.cpuset === undefined && text.includes(' mems_allowed=')) {
    const m = /^.* cpuset=(\S*) mems_allowed=/.exec(text);
    if (m) {
      ctx.cpuset = m[1] ?? '';
      return true;
    }
  }
  // Only after `Mem-Info:`: the block's lines have no marker of their own.
  if (ctx.memInfo && readMemInfoLine(text, ctx.memInfo, ctx.pageSize, ctx.inCounters)) return true;
  return false;
}

// Why: a memcg report's `memory:`, `memory+swap:`, `swap:` and `kmem:` lines, each into its field.
export function addMemcgCounter(memcg: OomMemcg, kind: string, counter: MemcgCounter): void {
  if (kind === 'memory') Object.assign(memcg, counter);
  else if (kind === 'memory+swap') memcg.memsw = counter;
  else if (kind === 'swap') memcg.swap = counter;
  else memcg.kmem = counter;
}

// Why: an event's time from a line's, built only when something keeps it.
export function timeOf(seconds: number, wall: string): OomTime | undefined {
  if (Number.isNaN(seconds) && wall === '') return undefined;
  const time: OomTime = {};
  if (!Number.isNaN(seconds)) time.kernelSeconds = seconds;
  if (wall !== '') time.wall = wall;
  return time;
}

/** Pids remembered per group pass: memory stays bounded on a hostile log (past it, no repeat is seen). */
const MAX_GROUP_PIDS = 100_000;

// Why: the `Tasks in ... memory.oom.group` line starts the group pass; the kill before it (the chosen
// victim) is among the pids it will name again.
export function startGroup(ctx: ReportContext, last: OomEvent | undefined): void {
  const pid = last?.victim?.pid;
  ctx.groupPids = new Set(pid === undefined ? [] : [pid]);
}

// Why: the group pass kills every member, the chosen victim again among them (and, on 4.19 to 6.10,
// each thread of a member under its pid): a second line for a pid is the same death
// (OomEvent.repeat), not another kill.
export function markRepeat(ctx: ReportContext, event: OomEvent): OomEvent {
  const pid = event.victim?.pid;
  const seen = ctx.groupPids;
  if (pid === undefined || !seen) return event;
  if (seen.has(pid)) event.repeat = true;
  else if (seen.size < MAX_GROUP_PIDS) seen.add(pid);
  return event;
}

// Why: a row of the current report's table, under its header; past maxTasks rows only counted.
// False when the line is not one (no header yet, the report over, or not a row of this header).
export function addTaskRow(ctx: ReportContext, text: string, maxTasks: number): boolean {
  if (ctx.completed || !ctx.taskKeys || !ctx.tasks) return false;
  if (ctx.tasks.length >= maxTasks) {
    if (text.indexOf(']') < 0) return false;
    ctx.tasksTruncated = true;
    return true;
  }
  const task = readTaskRow(text, ctx.taskKeys);
  if (!task) return false;
  ctx.tasks.push(task);
  return true;
}
