import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSwapImage } from '../../src/vm/swap-image.js';
import { commandOnPath } from '../helpers/commands.js';
import { needs } from '../helpers/skips.js';
import { toolReason } from '../helpers/tools.js';

// The VM's swap disk gets its header on the host (src/vm/swap-image.ts, no mkswap needed): the kernel's
// own swapon must accept it. The guest sees the sparse file as a disk, so here it is a loop device too
// (swapon refuses a swap *file* with holes, not a device), turned on for a moment and off in finally.
const tools = ['swapon', 'swapoff', 'losetup'];
const skip = process.geteuid?.() !== 0 ? 'needs root (losetup, swapon)' : tools.every((t) => commandOnPath(t)) ? undefined : toolReason('losetup');

describe.skipIf(skip)(needs(skip, 'the swap image'), () => {
  it('is accepted by swapon as a disk, with all its pages but the header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oomlab-swap-image-'));
    const path = join(dir, 'swap.img');
    writeSwapImage(path, 64 * 2 ** 20);
    const loop = execFileSync('losetup', ['--find', '--show', path], { encoding: 'utf8' }).trim();
    try {
      execFileSync('swapon', [loop]);
      try {
        const line = readFileSync('/proc/swaps', 'utf8').split('\n').find((l) => l.startsWith(`${loop} `));
        expect(line?.split(/\s+/).slice(1, 3)).toEqual(['partition', String(64 * 1024 - 4)]); // KiB: every page but the header
      } finally {
        execFileSync('swapoff', [loop]);
      }
    } finally {
      execFileSync('losetup', ['--detach', loop]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
