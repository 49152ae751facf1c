import type { VmFacts, ZramFacts } from '../host/vm-facts.js';
import type { GuestMachineConfig } from './guest-machine.js';

// Why: the guest's /oomlab/machine.txt (guest-machine.ts) into `host.vm`. The text is the guest's, so
// only known keys with plain numbers are taken, and at most a few hundred lines are read.
export function machineFacts(text: string, asked: GuestMachineConfig & { memBytes: number }): VmFacts {
  const sysctl: Record<string, number> = {};
  const swaps: string[] = [];
  const out: VmFacts = { memBytes: asked.memBytes, swapBytes: asked.swapKind === 'none' ? 0 : asked.swapBytes, swapKind: asked.swapKind, sysctl, swaps };
  let zram: Partial<ZramFacts> | undefined;
  const zswap: NonNullable<VmFacts['zswap']> = { enabled: false };
  let sawZswap = false;
  for (const line of text.split('\n').slice(0, 500)) {
    const [key, ...rest] = line.trim().split(/\s+/);
    const nums = rest.map(Number);
    if (key === 'sysctl' && rest.length === 2 && /^[\w-]{1,40}$/.test(rest[0]!) && /^\d{1,20}$/.test(rest[1]!)) sysctl[rest[0]!] = Number(rest[1]);
    else if (key === 'lru_gen' && /^0x[0-9a-f]+$/i.test(rest[0] ?? '')) out.lruGen = Number.parseInt(rest[0]!, 16) ? 'on' : 'off';
    else if (key === 'swaps' && rest[0] !== 'Filename' && rest.length >= 3) swaps.push(rest.join(' ').slice(0, 200));
    else if (key === 'zram_algorithms') {
      zram ??= {};
      zram.algorithms = rest.map((a) => a.replace(/^\[|\]$/g, '')).filter((a) => /^[\w-]{1,20}$/.test(a));
      const chosen = rest.find((a) => /^\[[\w-]{1,20}\]$/.test(a));
      if (chosen) zram.algorithm = chosen.slice(1, -1);
    } else if (key === 'zram_end' && nums.length >= 5 && nums.every(Number.isSafeInteger)) {
      zram ??= {};
      [zram.origBytes, zram.comprBytes, zram.memUsedBytes] = nums as [number, number, number];
      zram.peakMemUsedBytes = nums[4]!;
    } else if (key === 'zram_peak' && nums.length === 2 && nums.every(Number.isSafeInteger)) {
      zram ??= {};
      [zram.peakOrigBytes, zram.peakComprBytes] = nums as [number, number];
    } else if (key === 'zswap_enabled') {
      sawZswap = true;
      zswap.enabled = rest[0] === 'Y';
    } else if (key === 'zswap_compressor' && /^[\w-]{1,20}$/.test(rest[0] ?? '')) zswap.compressor = rest[0]!;
    else if (key === 'zswap_stored_pages' && Number.isSafeInteger(nums[0])) zswap.storedPages = nums[0]!;
    else if (key === 'zswap_pool_total_size' && Number.isSafeInteger(nums[0])) zswap.poolBytes = nums[0]!;
  }
  if (zram && asked.swapKind === 'zram') {
    out.zram = {
      algorithms: zram.algorithms ?? [],
      ...(zram.algorithm ? { algorithm: zram.algorithm } : {}),
      origBytes: zram.origBytes ?? 0,
      comprBytes: zram.comprBytes ?? 0,
      memUsedBytes: zram.memUsedBytes ?? 0,
      // The loop samples every 100 ms; the end state can be above what it last saw.
      peakOrigBytes: Math.max(zram.peakOrigBytes ?? 0, zram.origBytes ?? 0),
      peakComprBytes: Math.max(zram.peakComprBytes ?? 0, zram.comprBytes ?? 0),
      peakMemUsedBytes: zram.peakMemUsedBytes ?? 0,
    };
  }
  if (sawZswap && asked.swapKind === 'zswap') out.zswap = zswap;
  return out;
}
