import { EnvironmentError } from '../errors/environment-error.js';
import { readMemInfo } from '../proc/meminfo.js';
import { formatSize } from '../units/size.js';

// A guest's RAM is the host's memory once the guest touches it, and a VM exists to fill its RAM. So a
// VM may ask for at most what the host can give without itself running short: 90% of MemAvailable,
// less 256 MiB for qemu itself (its TCG translation cache, the initramfs), in whole 64 MiB steps.

const MiB = 2 ** 20;

// Why: the one rule for how large a VM this host can give now, for `vm run` and `doctor` alike.
export function largestVmBytes(memAvailableBytes = readMemInfo().memAvailable): number {
  return Math.max(0, Math.floor((memAvailableBytes * 0.9 - 256 * MiB) / (64 * MiB)) * 64 * MiB);
}

// Why: a VM larger than the host can give would push the host itself into reclaim or its own OOM.
export function checkVmFits(memBytes: number, memAvailableBytes = readMemInfo().memAvailable): void {
  const max = largestVmBytes(memAvailableBytes);
  if (memBytes > max) {
    throw new EnvironmentError(`a ${formatSize(memBytes)} VM does not fit on this host now: it can give at most ${formatSize(max)} (90% of MemAvailable ${formatSize(memAvailableBytes)}, less 256 MiB for qemu)`, 'ask for less with --mem');
  }
}
