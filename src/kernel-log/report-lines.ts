import type { MemcgCounter, OomConstraint, OomReaped, OomTrigger, OomVictim } from './event.js';

// Matchers for the one-line parts of an OOM report. Each takes the kernel text of one line (wrapper
// already stripped) and returns what it found, or undefined. Process names are free text chosen by
// any user (spaces, parentheses, commas), so names are taken greedily up to the fixed text that
// follows them, never with a "no parentheses" class.

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
    else if (key === 'oom_adj') setInt(trigger, 'oomAdj', value);
    else if (key === 'oom_score_adj') setInt(trigger, 'oomScoreAdj', value);
  }
  return trigger;
}

const CPU_LINE = /^(?:CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: |Pid: (\d+), comm: )/;
const KERNEL_RELEASE = /(?:tainted|Tainted: [^\d]*?)\s+(\d+\.\d+[^\s#]*)/;

// Why: `CPU: 1 PID: 15299 Comm: python3 Not tainted 6.18.44 #1` gives the trigger's pid and the kernel.
export function matchCpuLine(text: string): { pid: number; kernel?: string } | undefined {
  const m = CPU_LINE.exec(text);
  if (!m) return undefined;
  const k = KERNEL_RELEASE.exec(text);
  const kernel = k?.[1];
  return kernel ? { pid: Number(m[1] ?? m[2]), kernel } : { pid: Number(m[1] ?? m[2]) };
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
  if (c?.[1] && CONSTRAINTS[c[1]]) out.constraint = CONSTRAINTS[c[1]];
  const cpuset = /,cpuset=(.*?),mems_allowed=/.exec(text);
  if (cpuset?.[1] !== undefined) out.cpuset = cpuset[1];
  const memcg = /,oom_memcg=(.*?),task_memcg=/.exec(text);
  if (memcg?.[1] !== undefined) out.oomMemcg = memcg[1];
  const taskMemcg = /,task_memcg=(.*?),task=/.exec(text);
  if (taskMemcg?.[1] !== undefined) out.taskMemcg = taskMemcg[1];
  const task = /,task=(.*),pid=(\d+),uid=(\d+)\s*$/.exec(text);
  if (task) {
    out.task = task[1] ?? '';
    out.pid = Number(task[2]);
    out.uid = Number(task[3]);
  }
  return out;
}

const TASK_IN = /^Task in (.*) killed as a result of limit of (.*?)\s*$/;

// Why: cgroup v1 kernels before 4.19 name the victim's cgroup and the limited one this way.
export function matchTaskIn(text: string): { taskPath: string; path: string } | undefined {
  const m = TASK_IN.exec(text);
  return m ? { taskPath: m[1] ?? '', path: m[2] ?? '' } : undefined;
}

const COUNTER = /^(memory|memory\+swap|swap|kmem): usage (\d+)kB, limit (\d+)kB, failcnt (\d+)/;

// Why: a memcg report's `memory: usage ...kB, limit ...kB, failcnt N` lines say what ran out.
export function matchMemcgCounter(text: string): { kind: string; counter: MemcgCounter } | undefined {
  const m = COUNTER.exec(text);
  if (!m) return undefined;
  return { kind: m[1] ?? '', counter: { usageKb: Number(m[2]), limitKb: Number(m[3]), failcnt: Number(m[4]) } };
}

const SELECT = /(?:^|: )Kill process (\d+) \((.*)\) score (-?\d+) or sacrifice child/;

/** The old (before 4.19... and RHEL) selection line, with where it came from. */
export interface Selection {
  pid: number;
  name: string;
  score: number;
  memcg: boolean;
}

// Why: `Out of memory: Kill process N (x) score S or sacrifice child` is the only badness figure a
// report ever prints, and on old kernels it is the last line of the report.
export function matchSelection(text: string): Selection | undefined {
  const m = SELECT.exec(text);
  if (!m) return undefined;
  return { pid: Number(m[1]), name: m[2] ?? '', score: Number(m[3]), memcg: text.startsWith('Memory cgroup out of memory') };
}

const KILLED = /(?:^|: )Killed process (\d+),? (?:UID \d+, )?\((.*)\)(?: (total-vm:.*|vsz:.*))?$/;
const KV = /([A-Za-z_-]+):(-?\d+)(kB)?/g;

// Why: `Killed process N (x) total-vm:..kB, anon-rss:..kB, ...` is the kill itself and its sizes.
export function matchKilled(text: string): { victim: OomVictim; memcg: boolean; global: boolean } | undefined {
  if (text.indexOf('Killed process ') < 0) return undefined;
  const m = KILLED.exec(text);
  if (!m) return undefined;
  const victim: OomVictim = { pid: Number(m[1]), name: m[2] ?? '' };
  const rest = m[3];
  if (rest) {
    for (const kv of rest.matchAll(KV)) {
      const value = Number(kv[2]);
      switch (kv[1]) {
        case 'total-vm':
        case 'vsz':
          victim.totalVmKb = value;
          break;
        case 'anon-rss':
          victim.anonRssKb = value;
          break;
        case 'file-rss':
          victim.fileRssKb = value;
          break;
        case 'shmem-rss':
          victim.shmemRssKb = value;
          break;
        case 'UID':
          victim.uid = value;
          break;
        case 'pgtables':
          victim.pgtablesKb = value;
          break;
        case 'oom_score_adj':
          victim.oomScoreAdj = value;
          break;
      }
    }
  }
  return { victim, memcg: text.startsWith('Memory cgroup out of memory'), global: text.startsWith('Out of memory') };
}

const REAPED = /^oom_reaper: reaped process (\d+) \((.*)\), now (.*)$/;

// Why: the reaper's line says the victim's memory was actually given back, and how much was left.
export function matchReaped(text: string): OomReaped | undefined {
  const m = REAPED.exec(text);
  if (!m) return undefined;
  const reaped: OomReaped = { pid: Number(m[1]), name: m[2] ?? '' };
  for (const kv of (m[3] ?? '').matchAll(KV)) {
    const value = Number(kv[2]);
    if (kv[1] === 'anon-rss') reaped.anonRssKb = value;
    else if (kv[1] === 'file-rss') reaped.fileRssKb = value;
    else if (kv[1] === 'shmem-rss') reaped.shmemRssKb = value;
  }
  return reaped;
}

const PANIC = /Kernel panic - not syncing: ((?:Out of memory|System is deadlocked on memory).*?)\s*$/;

// Why: with panic_on_oom (or nothing left to kill) the report ends in a panic instead of a kill.
export function matchPanic(text: string): string | undefined {
  if (!text.startsWith('Kernel panic')) return undefined;
  return PANIC.exec(text)?.[1];
}

function setInt<K extends 'order' | 'oomAdj' | 'oomScoreAdj'>(target: OomTrigger, key: K, value: string): void {
  if (/^-?\d+$/.test(value)) target[key] = Number(value);
}
