import type { Instance } from './instance.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Participants signalled per wave; between two waves the harness samples and reads the kernel log. */
const WAVE = 64;

// Why: stop politely first (a hog ends its hold and reports its final counts; a service can shut
// down), then SIGKILL whatever is still there after the grace period, and wait until all are gone.
// The signals go out in waves: 1000 processes told at once all exit at once, and the kernel's work
// of tearing them down kept the harness off the CPU for up to a second (bench/scale.mjs).
export async function stopAll(all: readonly Instance[], graceMs: number): Promise<void> {
  const deadline = performance.now() + graceMs;
  await inWaves(all, 'SIGTERM');
  while (all.some((i) => i.running) && performance.now() < deadline) await sleep(10);
  await inWaves(all, 'SIGKILL');
  while (all.some((i) => i.running)) await sleep(10);
}

async function inWaves(all: readonly Instance[], signal: NodeJS.Signals): Promise<void> {
  for (let at = 0; at < all.length; at += WAVE) {
    if (at) await sleep(5);
    for (const i of all.slice(at, at + WAVE)) i.stop(signal);
  }
}
