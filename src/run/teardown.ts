import type { Instance } from './instance.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Participants signalled and not yet gone at any one time. */
const IN_FLIGHT = 32;
/** How long a signalled participant holds its place: one that takes longer to go (a service shutting
 *  down, a process that ignores SIGTERM) no longer holds up the others. */
const HOLD_MS = 100;
/** How often the waiting stopper looks again; between two looks the harness samples and reads the kernel log. */
const LOOK_MS = 2;

// Why: stop politely first (a hog ends its hold and reports its final counts; a service can shut
// down), then SIGKILL whatever is still there after the grace period, and wait until all are gone.
export async function stopAll(all: readonly Instance[], graceMs: number): Promise<void> {
  const deadline = performance.now() + graceMs;
  await paced(all, 'SIGTERM');
  while (all.some((i) => i.running) && performance.now() < deadline) await sleep(10);
  await paced(all, 'SIGKILL');
  while (all.some((i) => i.running)) await sleep(10);
}

// The signals go out paced by the exits: at most IN_FLIGHT participants told and still running at a
// time. A process's exit (unmapping what it holds) is work for the CPUs; 1000 told at once, or in
// fixed waves faster than they could exit, were hundreds of runnable tasks, and the harness, its
// garbage collector's threads among them, waited for a CPU for up to a third of a second at a time
// (bench/scale.mjs; /proc/<tid>/schedstat, perf sched). Paced, they keep both CPUs busy all the same,
// and each new batch waits for the harness itself, which has handled the last batch's exits.
async function paced(all: readonly Instance[], signal: NodeJS.Signals): Promise<void> {
  const queue = all.filter((i) => i.running);
  let told: Array<{ i: Instance; at: number }> = [];
  for (let next = 0; next < queue.length; ) {
    const now = performance.now();
    told = told.filter((t) => t.i.running && now - t.at < HOLD_MS);
    while (told.length < IN_FLIGHT && next < queue.length) {
      const i = queue[next++] as Instance;
      i.stop(signal);
      told.push({ i, at: now });
    }
    if (next < queue.length) await sleep(LOOK_MS);
  }
}
