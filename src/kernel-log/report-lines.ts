import type { MemcgCounter, OomConstraint, OomTrigger } from './event.js';
import { between, digitsBefore, LINE_BREAK, lastLineBreak } from './line-scan.js';

// Matchers for the one-line parts of an OOM report. Each takes the kernel text of one line (wrapper
// already stripped) and returns what it found, or undefined. Process names are free text chosen by
// any user (spaces, parentheses, commas), so names are taken greedily up to the fixed text that
// follows them, never with a "no parentheses" class. The kill lines themselves are in kill-lines.ts.
//
// A log is untrusted input, and a line can be 8 KB of anything, so every matcher here is linear in the
// line's length: no pattern rescans the rest of the line from many start positions or tries every split
// of a run of spaces (lazy `(.*?)` before `\s*$`, `(.*)` before a suffix that may be missing, a
// quantified run that a second quantifier over the same characters can share). Where a regex would do
// that, the line is cut with indexOf/lastIndexOf/trimEnd instead, giving exactly what the regex gave:
// the regex `.` does not cross a line break (\n \r \u2028 \u2029), so neither does a value here.

const INVOKED = ' invoked oom-killer: ';

// Why: the first line of every report names the allocating task and how it asked for memory.
export function matchTrigger(text: string): OomTrigger | undefined {
  const at = text.indexOf(INVOKED);
  if (at < 0) return undefined;
  const trigger: OomTrigger = { name: text.slice(0, at) };
  for (const part of text.slice(at + INVOKED.length).split(/,\s+/)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1).trim();
    if (key === 'gfp_mask') {
      trigger.gfpMask = value;
      const open = value.indexOf('(');
      if (open > 0 && value.endsWith(')') && value.length > open + 2) trigger.gfpFlags = value.slice(open + 1, -1).split('|');
    } else if (key === 'order') setInt(trigger, 'order', value);
    else if (key === 'oom_adj' || key === 'oomkilladj') setInt(trigger, 'oomAdj', value); // oomkilladj: 2.6.30 and before
    else if (key === 'oom_score_adj') setInt(trigger, 'oomScoreAdj', value);
  }
  return trigger;
}

const CPU_LINE = /^(?:CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: |Pid: (\d+), comm: )/;

// Why: `CPU: 1 PID: 15299 Comm: python3 Not tainted 6.18.44 #1` gives the trigger's pid and the kernel.
export function matchCpuLine(text: string): { pid: number; kernel?: string } | undefined {
  const m = CPU_LINE.exec(text);
  if (!m) return undefined;
  const kernel = kernelRelease(text);
  return kernel ? { pid: Number(m[1] ?? m[2]), kernel } : { pid: Number(m[1] ?? m[2]) };
}

const TAINT_WORD = /tainted|Tainted: /g;
const SPACED_RELEASE = /\s+(\d+\.\d+[^\s#]*)/y;
const RELEASE = /\d+\.\d+[^\s#]*/y;
const DIGIT = /\d/g;
const SPACE = /\s/;

// The release after `Not tainted` or after the flags of `Tainted: G   W   O`: what
// /(?:tainted|Tainted: [^\d]*?)\s+(\d+\.\d+[^\s#]*)/ finds, without its rescans. After `Tainted: ` the
// release can only start at the first digit (the flags have none), so every `Tainted: ` before the same
// digit has the same answer: each digit is looked for, and tried, once.
function kernelRelease(text: string): string | undefined {
  let digit = -1;
  let tried = -1;
  TAINT_WORD.lastIndex = 0;
  for (let m = TAINT_WORD.exec(text); m; m = TAINT_WORD.exec(text)) {
    const after = m.index + m[0].length;
    if (m[0] === 'tainted') {
      SPACED_RELEASE.lastIndex = after;
      const release = SPACED_RELEASE.exec(text)?.[1];
      if (release) return release;
      continue;
    }
    if (digit < after) {
      DIGIT.lastIndex = after;
      digit = DIGIT.exec(text)?.index ?? text.length;
    }
    if (digit === tried || digit === after || digit >= text.length || !SPACE.test(text[digit - 1] ?? '')) continue;
    tried = digit;
    RELEASE.lastIndex = digit;
    const release = RELEASE.exec(text)?.[0];
    if (release) return release;
  }
  return undefined;
}

const CONSTRAINTS: Record<string, OomConstraint> = {
  CONSTRAINT_NONE: 'global',
  CONSTRAINT_MEMCG: 'memcg',
  CONSTRAINT_CPUSET: 'cpuset',
  CONSTRAINT_MEMORY_POLICY: 'mempolicy',
};

/** The one-line summary that kernels since 4.19 print before the kill. */
export interface OomKillLine {
  constraint?: OomConstraint;
  cpuset?: string;
  oomMemcg?: string;
  taskMemcg?: string;
  task?: string;
  pid?: number;
  uid?: number;
}

// Why: `oom-kill:constraint=...,oom_memcg=...,task_memcg=...,task=x,pid=N,uid=N` states the scope
// and both cgroups outright; paths may hold commas, so each value runs up to the next known key.
export function matchOomKillLine(text: string): OomKillLine | undefined {
  if (!text.startsWith('oom-kill:')) return undefined;
  const out: OomKillLine = {};
  const c = /constraint=(\w+)/.exec(text);
  if (c?.[1] && Object.hasOwn(CONSTRAINTS, c[1])) out.constraint = CONSTRAINTS[c[1]]; // own keys only: not `constructor`
  const cpuset = between(text, ',cpuset=', ',mems_allowed=');
  if (cpuset !== undefined) out.cpuset = cpuset;
  const memcg = between(text, ',oom_memcg=', ',task_memcg=');
  if (memcg !== undefined) out.oomMemcg = memcg;
  // The kernel prints `oom_memcg=` for a memcg OOM and `global_oom` otherwise, whatever the constraint
  // field says: a 5.0 linux-next printed CONSTRAINT_NONE for memcg OOMs (test/fixtures/README.md).
  if (memcg !== undefined && out.constraint === 'global') out.constraint = 'memcg';
  const taskMemcg = between(text, ',task_memcg=', ',task=');
  if (taskMemcg !== undefined) out.taskMemcg = taskMemcg;
  const task = taskPidUid(text);
  if (task) {
    out.task = task.task;
    out.pid = task.pid;
    out.uid = task.uid;
  }
  return out;
}

// What /,task=(.*),pid=(\d+),uid=(\d+)\s*$/ captures, read from the end of the line: the pid and uid
// are its last two fields, so they fix where the name ends (a name may itself hold `,pid=`), and the
// name starts at the first `,task=` after the last line break before it.
function taskPidUid(text: string): { task: string; pid: number; uid: number } | undefined {
  const end = text.trimEnd().length;
  const uidAt = digitsBefore(text, end);
  if (uidAt === end || uidAt < 5 || !text.startsWith(',uid=', uidAt - 5)) return undefined;
  const pidEnd = uidAt - 5;
  const pidAt = digitsBefore(text, pidEnd);
  if (pidAt === pidEnd || pidAt < 5 || !text.startsWith(',pid=', pidAt - 5)) return undefined;
  const nameEnd = pidAt - 5;
  const at = text.indexOf(',task=', lastLineBreak(text, 0, nameEnd) + 1);
  if (at < 0 || at + 6 > nameEnd) return undefined;
  return { task: text.slice(at + 6, nameEnd), pid: Number(text.slice(pidAt, pidEnd)), uid: Number(text.slice(uidAt, end)) };
}

const TASK_IN = 'Task in ';
const LIMIT_OF = ' killed as a result of limit of ';

// Why: cgroup v1 kernels before 4.19 name the victim's cgroup and the limited one this way. As
// /^Task in (.*) killed as a result of limit of (.*?)\s*$/ did: the victim's path runs to the last
// ` killed as a result of limit of `, the limited one from there to the end, trailing spaces dropped.
export function matchTaskIn(text: string): { taskPath: string; path: string } | undefined {
  if (!text.startsWith(TASK_IN)) return undefined;
  const at = text.lastIndexOf(LIMIT_OF);
  if (at < TASK_IN.length) return undefined;
  const taskPath = text.slice(TASK_IN.length, at);
  const path = text.slice(at + LIMIT_OF.length).trimEnd();
  if (LINE_BREAK.test(taskPath) || LINE_BREAK.test(path)) return undefined;
  return { taskPath, path };
}

const COUNTER = /^(memory|memory\+swap|swap|kmem): usage (\d+)kB, limit (\d+)kB, failcnt (\d+)/;

// Why: a memcg report's `memory: usage ...kB, limit ...kB, failcnt N` lines say what ran out.
export function matchMemcgCounter(text: string): { kind: string; counter: MemcgCounter } | undefined {
  const m = COUNTER.exec(text);
  if (!m) return undefined;
  return { kind: m[1] ?? '', counter: { usageKb: Number(m[2]), limitKb: Number(m[3]), failcnt: Number(m[4]) } };
}

const NOT_SYNCING = 'Kernel panic - not syncing: ';

// Why: with panic_on_oom (or nothing left to kill) the report ends in a panic instead of a kill. What
// /Kernel panic - not syncing: ((?:Out of memory|System is deadlocked on memory).*?)\s*$/ found: the
// message runs to the end of the line, trailing spaces dropped, from the first such cause after the
// last line break before that end.
export function matchPanic(text: string): string | undefined {
  if (!text.startsWith('Kernel panic')) return undefined;
  const end = text.trimEnd().length;
  for (let at = text.indexOf(NOT_SYNCING, lastLineBreak(text, 0, end) + 1); at >= 0; at = text.indexOf(NOT_SYNCING, at + 1)) {
    const cause = at + NOT_SYNCING.length;
    if (text.startsWith('Out of memory', cause) || text.startsWith('System is deadlocked on memory', cause)) return text.slice(cause, end);
  }
  return undefined;
}

function setInt<K extends 'order' | 'oomAdj' | 'oomScoreAdj'>(target: OomTrigger, key: K, value: string): void {
  if (/^-?\d+$/.test(value)) target[key] = Number(value);
}
