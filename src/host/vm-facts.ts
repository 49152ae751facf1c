// The machine a VM run booted, as its result records it (`host.vm`): what was asked for (RAM, swap
// size and kind) and what the guest's kernel held once the settings were written (every allow-listed
// vm.* sysctl, MGLRU), with zram's compressed and original data sizes at the end and at their peak.

/** zram's /sys/block/zram0/mm_stat, at the end of the run and the largest values seen during it. */
export interface ZramFacts {
  /** The compressor in use, and all the kernel lists (comp_algorithm). */
  algorithm?: string;
  algorithms: string[];
  origBytes: number;
  comprBytes: number;
  memUsedBytes: number;
  peakOrigBytes: number;
  peakComprBytes: number;
  /** The kernel's own mem_used_max. */
  peakMemUsedBytes: number;
}

/** `host.vm` of a result from `oomlab vm run`. */
export interface VmFacts {
  memBytes: number;
  swapBytes: number;
  swapKind: 'disk' | 'zram' | 'zswap' | 'none';
  /** /proc/sys/vm/<name> after the settings were written, by short name. */
  sysctl: Record<string, number>;
  /** MGLRU as /sys/kernel/mm/lru_gen/enabled read back; absent when the kernel has none. */
  lruGen?: 'on' | 'off';
  /** The guest's /proc/swaps rows (device, type, size KiB, used KiB, priority) as the command started. */
  swaps: string[];
  zram?: ZramFacts;
  zswap?: { enabled: boolean; compressor?: string; storedPages?: number; poolBytes?: number };
}
