import { addonExport } from '../../src/native/loader.js';

// The harness thread's priority as the addon reads it, and a process's as /proc shows it: what the
// harness-priority tests compare.

/** A thread's nice value, policy and SCHED_RESET_ON_FORK flag. */
export type Sched = { nice: number; policy: number; resetOnFork: boolean };

// Why: the calling thread's priority, read by the addon (native/thread-sched.c).
export const threadSched = (): Sched => addonExport<() => Sched>('threadSched')();

// Why: tests set the thread's priority directly to put it back, or to start from another one.
export const setThreadSched = (nice: number, resetOnFork: boolean): void => addonExport<(n: number, r: boolean) => void>('setThreadSched')(nice, resetOnFork);

// Why: a process's nice value and policy from its /proc/<pid>/stat text (fields 19 and 41; comm may hold spaces).
export function schedOfStat(stat: string): { nice: number; policy: number } {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { nice: Number(f[16]), policy: Number(f[38]) };
}
