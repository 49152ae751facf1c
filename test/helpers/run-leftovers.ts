import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// What a harness (by pid) may have left on this machine, seen from /proc only, independently of src/:
// the processes that carry its OOMLAB_HARNESS marker (its participants and everything they forked),
// the swapfiles on, and the host settings a run could change.

/** A process that carries a harness's marker. */
export interface MarkedProcess {
  pid: number;
  ppid: number;
  comm: string;
  state: string;
  /** The program it runs (/proc/<pid>/exe): a hog takes its participant's name as comm, not its file's. */
  exe?: string;
}

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
};

// Why: a hog is known by its program, whatever name (comm) it took.
export function exeOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

// Why: the processes started by harness `pid` (any start time), zombies excluded: they hold nothing.
export function markedProcesses(harnessPid: number): MarkedProcess[] {
  const out: MarkedProcess[] = [];
  const marker = `OOMLAB_HARNESS=${harnessPid}:`;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const env = read(`/proc/${name}/environ`);
    if (!env || !env.split('\0').some((e) => e.startsWith(marker))) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest[0] === 'Z' || rest[0] === 'X') continue;
    out.push({ pid: Number(name), ppid: Number(rest[1]), state: rest[0]!, comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), exe: exeOf(Number(name)) });
  }
  return out;
}

// Why: a swapfile a run turned on and left on shows here.
export function activeSwaps(): string[] {
  return (read('/proc/swaps') ?? '').split('\n').slice(1).map((l) => l.split(/\s+/)[0]!).filter(Boolean).sort();
}

/** The host settings a run may change (vm.swappiness with --allow-host-swappiness on v2), and their neighbours. */
export const WATCHED_SYSCTLS = ['vm/swappiness', 'vm/overcommit_memory', 'vm/overcommit_ratio', 'vm/panic_on_oom', 'vm/oom_kill_allocating_task', 'vm/min_free_kbytes'];

// Why: one snapshot to compare before and after.
export function sysctls(): Record<string, string> {
  return Object.fromEntries(WATCHED_SYSCTLS.map((k) => [k, (read(`/proc/sys/${k}`) ?? '?').trim()]));
}
