import type { VmFacts } from '../host/vm-facts.js';
import { formatSize } from '../units/size.js';
import { stripControl } from './escape.js';

/** The sysctls a machine line shows even at their defaults (the rest only when set). */
const ALWAYS = ['swappiness', 'overcommit_memory', 'min_free_kbytes', 'watermark_scale_factor'];
/** And under strict overcommit (vm.overcommit_memory=2), what sets the commit limit and the reserves. */
const STRICT = ['overcommit_ratio', 'overcommit_kbytes', 'admin_reserve_kbytes', 'user_reserve_kbytes'];

// Why: what machine a VM result ran on, in the lines a person compares (the JSON has every sysctl).
export function formatMachine(vm: VmFacts, set: string[] = []): string {
  const swap = vm.swapKind === 'none' ? 'no swap' : `${formatSize(vm.swapBytes)} ${vm.swapKind} swap`;
  const strict = vm.sysctl.overcommit_memory === 2;
  const sysctls = [...new Set([...ALWAYS, ...(strict ? STRICT : []), ...set])].filter((k) => vm.sysctl[k] !== undefined).map((k) => `vm.${k}=${vm.sysctl[k]}`);
  const lines = [`machine: ${formatSize(vm.memBytes)} RAM, ${swap}${vm.lruGen ? `, MGLRU ${vm.lruGen}` : ''}; ${sysctls.join(' ')}`];
  if (strict) lines.push(`strict overcommit: participants ran without CAP_SYS_ADMIN, so the commit vm.admin_reserve_kbytes keeps back was the harness's alone`);
  if (vm.zram) {
    const z = vm.zram;
    lines.push(`zram: ${z.algorithm ?? '?'} (the kernel offers ${z.algorithms.join(', ') || 'none'}); data ${formatSize(z.origBytes)} in ${formatSize(z.comprBytes)} at the end, peak ${formatSize(z.peakOrigBytes)} in ${formatSize(z.peakComprBytes)} (memory used at most ${formatSize(z.peakMemUsedBytes)})`);
  }
  if (vm.zswap) lines.push(`zswap: ${vm.zswap.enabled ? 'enabled' : 'disabled'}${vm.zswap.compressor ? `, ${vm.zswap.compressor}` : ''}${vm.zswap.poolBytes !== undefined ? `, pool ${formatSize(vm.zswap.poolBytes)} at the end` : ''}`);
  for (const s of vm.swaps) lines.push(`swap device: ${s}`);
  return stripControl(lines.join('\n'));
}
