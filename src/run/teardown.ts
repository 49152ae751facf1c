import type { Instance } from './instance.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Why: stop politely first (a hog ends its hold and reports its final counts; a service can shut
// down), then SIGKILL whatever is still there after the grace period, and wait until all are gone.
export async function stopAll(all: readonly Instance[], graceMs: number): Promise<void> {
  for (const i of all) i.stop('SIGTERM');
  const deadline = performance.now() + graceMs;
  while (all.some((i) => i.running) && performance.now() < deadline) await sleep(10);
  for (const i of all) i.stop('SIGKILL');
  while (all.some((i) => i.running)) await sleep(10);
}
