import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A swapfile oomlab turned on, and the way to take it away again. */
export interface TempSwap {
  path: string;
  sizeBytes: number;
  remove(): Promise<void>;
}

// Why: swap scenarios need real swap and many machines (CI runners, these) have none; the demo and
// the tests add a swapfile for the run and remove it afterwards, also when the run fails.
export async function addTempSwap(sizeBytes: number, dir = process.env.OOMLAB_SWAP_DIR ?? tmpdir()): Promise<TempSwap> {
  const folder = mkdtempSync(join(dir, 'oomlab-swap-'));
  const path = join(folder, 'swapfile');
  const swap: TempSwap = {
    path,
    sizeBytes,
    remove: async () => {
      await execa('swapoff', [path], { reject: false });
      rmSync(folder, { recursive: true, force: true });
    },
  };
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
