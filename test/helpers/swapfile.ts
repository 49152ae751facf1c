import { execa } from 'execa';
import { addTempSwap, type TempSwap } from '../../src/host/swapfile.js';
import { toolReason } from './tools.js';

const active = new Set<TempSwap>();

// Why: swap tests need real swap, and the host has none; the test adds a swapfile and takes it away.
export async function addTestSwap(sizeBytes: number): Promise<TempSwap> {
  const swap = await addTempSwap(sizeBytes);
  active.add(swap);
  return swap;
}

// Why: afterEach/afterAll call this so a failed test leaves no swap on.
export async function removeAllTestSwaps(): Promise<void> {
  for (const s of [...active]) {
    active.delete(s);
    await s.remove();
  }
}

// Why: a test that needs swap says why it skips where swapon cannot work.
export async function swapSkipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root (swapon)';
  const r = await execa('sh', ['-c', 'command -v swapon && command -v mkswap'], { reject: false });
  return r.exitCode === 0 ? undefined : toolReason('swap');
}
