// A process's descendants. With CONFIG_PROC_CHILDREN the kernel lists each thread's children in
// /proc/<pid>/task/<tid>/children; without it (this machine's kernel) the only way is to read
// every process's parent from /proc/<pid>/stat. The tracker used by the sampler always scans:
// one readdir of /proc serves every participant at once, and each pid's parent is read only
// the first time the pid is seen, so a rescan costs one readdir plus the new pids.
import { existsSync, readdirSync } from 'node:fs';
import { emptyPidStat, parsePidStat } from './pid-stat.js';
import { readShared, shared } from './read-file.js';
import { procUnits } from './clock.js';

let childrenFiles: boolean | undefined;

/** Whether this kernel has /proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN). */
export function hasChildrenFiles(): boolean {
  childrenFiles ??= existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
  return childrenFiles;
}

const stat = emptyPidStat();

// Parse /proc/<pid>/stat into `stat`; false when the process is gone. procUnits() reads
// /proc/self/auxv into the shared buffer on its first call, so it runs before the stat read.
function readStat(pid: number): boolean {
  const { pageSize } = procUnits();
  const n = readShared(`/proc/${pid}/stat`);
  return n >= 0 && parsePidStat(shared.buf, n, pageSize, stat);
}

/** The parent of `pid`, or -1 when it is gone. */
export function readPpid(pid: number): number {
  return readStat(pid) ? stat.ppid : -1;
}

/** The start time of `pid` in clock ticks after boot (stat field 22), or -1 when it is gone. */
export function readStartTicks(pid: number): number {
  return readStat(pid) ? stat.starttime : -1;
}

/** Pids of every process now (thread-group leaders only, as /proc lists them). */
export function listPids(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    const c = name.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39) out.push(Number(name));
  }
  return out;
}

function childrenOf(pid: number): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tids) {
    const n = readShared(`/proc/${pid}/task/${tid}/children`);
    if (n <= 0) continue;
    for (const w of shared.buf.toString('latin1', 0, n).split(' ')) if (w) out.push(Number(w));
  }
  return out;
}

/** Every descendant of `root` now (not `root` itself), breadth first. */
export function descendants(root: number, useChildrenFiles = hasChildrenFiles()): number[] {
  if (useChildrenFiles) {
    const out: number[] = [];
    const queue = [root];
    for (let i = 0; i < queue.length; i++) for (const c of childrenOf(queue[i]!)) (out.push(c), queue.push(c));
    return out;
  }
  const kids = new Map<number, number[]>();
  for (const pid of listPids()) {
    const ppid = readPpid(pid);
    if (ppid < 0) continue;
    const list = kids.get(ppid);
    if (list) list.push(pid);
    else kids.set(ppid, [pid]);
  }
  const out: number[] = [];
  const queue = [root];
  for (let i = 0; i < queue.length; i++) for (const c of kids.get(queue[i]!) ?? []) (out.push(c), queue.push(c));
  return out;
}

/**
 * Incremental descendant discovery for many roots at once. `scan(owner)` is given the current
 * owner of each tracked pid (a participant index, or undefined) and returns the pids it found that
 * descend from a tracked pid, with their owner. A pid's parent is read once, when first seen, and
 * kept until the pid leaves /proc; a process reparented away later stays with its participant.
 * Pid reuse between two scans of a pid that was never tracked is not detected (pid_max is 32768
 * here; a reuse within one scan interval needs that many forks in between).
 */
export class TreeTracker {
  /** pid -> parent at first sight. */
  private parent = new Map<number, number>();
  /** pid -> the scan that last saw it. */
  private seenAt = new Map<number, number>();
  private scans = 0;

  /** Whether `pid` was in /proc at the last scan (the sampler forgets dead pids once they leave). */
  present(pid: number): boolean {
    return this.seenAt.get(pid) === this.scans;
  }

  /** New descendants of tracked pids: [pid, owner] pairs. */
  scan(ownerOf: (pid: number) => number | undefined): Array<[number, number]> {
    const gen = ++this.scans;
    const pids = listPids();
    for (const pid of pids) {
      this.seenAt.set(pid, gen);
      if (this.parent.has(pid)) continue;
      const ppid = readPpid(pid);
      if (ppid >= 0) this.parent.set(pid, ppid);
    }
    for (const [pid, at] of this.seenAt) if (at !== gen) (this.seenAt.delete(pid), this.parent.delete(pid));
    const found: Array<[number, number]> = [];
    const resolved = new Map<number, number>(); // pid -> owner, or -1 for none
    const resolve = (pid: number, depth: number): number => {
      const own = ownerOf(pid);
      if (own !== undefined) return own;
      const known = resolved.get(pid);
      if (known !== undefined) return known;
      const ppid = this.parent.get(pid);
      const r = ppid === undefined || ppid <= 1 || depth > 64 ? -1 : resolve(ppid, depth + 1);
      resolved.set(pid, r);
      if (r >= 0) found.push([pid, r]);
      return r;
    };
    for (const pid of pids) resolve(pid, 0);
    return found;
  }
}
