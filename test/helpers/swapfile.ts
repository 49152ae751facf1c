import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A swapfile a test turned on. */
export interface TestSwap {
  path: string;
  sizeBytes: number;
  remove(): Promise<void>;
}

const active = new Set<TestSwap>();

// Why: swap tests need real swap, and the host has none; the test adds a swapfile and takes it away.
export async function addTestSwap(sizeBytes: number): Promise<TestSwap> {
  const dir = mkdtempSync(join(process.env.OOMLAB_SWAP_DIR ?? tmpdir(), 'oomlab-swap-'));
  const path = join(dir, 'swapfile');
  const swap: TestSwap = {
    path,
    sizeBytes,
    remove: async () => {
      active.delete(swap);
      await execa('swapoff', [path], { reject: false });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  active.add(swap);
  try {
    await execa('dd', ['if=/dev/zero', `of=${path}`, 'bs=1M', `count=${Math.ceil(sizeBytes / 2 ** 20)}`, 'status=none']);
    await execa('chmod', ['600', path]);
    await execa('mkswap', [path]);
    await execa('swapon', [path]);
  } catch (err) {
    await swap.remove();
    throw err;
  }
  return swap;
}

// Why: afterEach/afterAll call this so a failed test leaves no swap on.
export async function removeAllTestSwaps(): Promise<void> {
  for (const s of [...active]) await s.remove();
}

// Why: a test that needs swap says why it skips where swapon cannot work.
export async function swapSkipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root (swapon)';
  const r = await execa('sh', ['-c', 'command -v swapon && command -v mkswap'], { reject: false });
  return r.exitCode === 0 ? undefined : 'needs swapon and mkswap (util-linux)';
}
