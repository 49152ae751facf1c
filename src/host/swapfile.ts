import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hostRecorder } from '../state/recorder.js';

/** A swapfile oomlab turned on, and the way to take it away again. */
export interface TempSwap {
  path: string;
  sizeBytes: number;
  remove(): Promise<void>;
}

function active(path: string): boolean {
  try {
    return readFileSync('/proc/swaps', 'utf8').split('\n').some((l) => l.split(/\s+/)[0] === path);
  } catch {
    return false;
  }
}

// Why: swap scenarios need real swap and many machines (CI runners, these) have none; the demo and
// the tests add a swapfile for the run and remove it afterwards, also when the run fails. It is noted
// (src/state) before swapon, so that `oomlab cleanup` turns it off if this process is SIGKILLed.
export async function addTempSwap(sizeBytes: number, dir = process.env.OOMLAB_SWAP_DIR ?? tmpdir()): Promise<TempSwap> {
  const folder = mkdtempSync(join(resolve(dir), 'oomlab-swap-'));
  const path = join(folder, 'swapfile');
  const recorder = hostRecorder();
  const swap: TempSwap = {
    path,
    sizeBytes,
    remove: async () => {
      // swapoff can fail for a moment (another swapoff or swapon on this machine holds the kernel's
      // swap lock, or the pages cannot come back in yet): retry, and never delete a file still in use.
      let last = '';
      for (let attempt = 0; attempt < 10 && active(path); attempt++) {
        const r = await execa('swapoff', [path], { reject: false });
        last = String(r.stderr).trim();
        if (active(path)) await new Promise((done) => setTimeout(done, 200 * (attempt + 1)));
      }
      if (active(path)) throw new Error(`could not turn off the swapfile ${path}: ${last || 'swapoff failed'} (turn it off with swapoff ${path}, then remove ${folder})`);
      rmSync(folder, { recursive: true, force: true });
      recorder.clearSwapfile(path);
    },
  };
  try {
    await execa('dd', ['if=/dev/zero', `of=${path}`, 'bs=1M', `count=${Math.ceil(sizeBytes / 2 ** 20)}`, 'status=none']);
    await execa('chmod', ['600', path]);
    await execa('mkswap', [path]);
    recorder.noteSwapfile(path);
    await execa('swapon', [path]);
  } catch (err) {
    await swap.remove();
    throw err;
  }
  return swap;
}
