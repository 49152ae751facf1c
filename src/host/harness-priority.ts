import { optionalAddonFunction } from '../native/loader.js';

// A run of hundreds of participants is hundreds of runnable tasks at the harness's own priority, and
// the scheduler shares the CPUs among them all: the harness's thread waited up to a quarter of a
// second at a time for one, neither sampling nor reading the kernel log (bench/scale.mjs: its
// /proc/<tid>/schedstat showed 7 ms on a CPU in a 290 ms stall). So while a run goes on, the
// JavaScript thread runs at nice HARNESS_NICE with SCHED_RESET_ON_FORK, under which every process and
// thread it starts begins at nice 0: participants run exactly as they would have without the change.
// Only from nice 0 under SCHED_OTHER (any other setting was someone's choice, which children would no
// longer inherit), and only where the process may lower its nice (root, CAP_SYS_NICE, RLIMIT_NICE);
// otherwise nothing changes. Nice and the flag belong to one thread on Linux: V8's and libuv's other
// threads keep theirs. Runs in one thread share the raise; the last one to end puts the thread back.

/** The harness thread's nice value during a run. */
export const HARNESS_NICE = -10;
const SCHED_OTHER = 0;

interface ThreadSched {
  nice: number;
  policy: number;
  resetOnFork: boolean;
}
type Get = () => ThreadSched;
type Set = (nice: number, resetOnFork: boolean) => void;

/** What raiseHarnessPriority found: raised (now or by a run still going), or why it left it alone. */
export type HarnessPriority = 'raised' | 'not-permitted' | 'not-default' | 'no-addon';

let holders = 0;
/** The setter that raised the thread, kept to put it back. */
let raisedWith: Set | undefined;

// Why: the harness keeps a CPU when its participants flood the machine; call release() when the run ends.
export function raiseHarnessPriority(): { status: HarnessPriority; release(): void } {
  if (holders > 0) {
    holders++;
    return { status: 'raised', release: once(releaseOne) };
  }
  // no build: runs that start no hog are possible without one
  const get = optionalAddonFunction<Get>('threadSched');
  const set = optionalAddonFunction<Set>('setThreadSched');
  if (!get || !set) return { status: 'no-addon', release: () => {} };
  try {
    const before = get();
    if (before.nice !== 0 || before.policy !== SCHED_OTHER || before.resetOnFork) return { status: 'not-default', release: () => {} };
    set(HARNESS_NICE, true);
  } catch {
    // EACCES without the privilege to lower nice: nothing was changed (the nice value goes first).
    // Never a reason to fail a run: it goes on at the priority it has.
    return { status: 'not-permitted', release: () => {} };
  }
  raisedWith = set;
  holders = 1;
  return { status: 'raised', release: once(releaseOne) };
}

function releaseOne(): void {
  if (--holders > 0) return;
  if (raisedWith) tryRestore(raisedWith);
  raisedWith = undefined;
}

// Raising nice back to 0 is always allowed; clearing the flag needs CAP_SYS_NICE (without it, a
// thread that could lower its nice through RLIMIT_NICE keeps the flag, which at nice 0 changes nothing).
function tryRestore(set: Set): void {
  try {
    set(0, false);
  } catch {
    // nothing better to do: the thread keeps the higher priority until it ends
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) fn();
    done = true;
  };
}
