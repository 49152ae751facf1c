import { InputError, showValue } from '../errors/input-error.js';
import { parseSize } from '../units/size.js';

// The machine a VM run boots: RAM, swap (which kind, how large), memory sysctls and MGLRU. Only a VM
// can have these set for one run (a host's sysctls belong to its owner), so `oomlab vm run` applies
// them in the guest before the scenario starts and `oomlab run` on a host ignores a scenario's `vm:`
// block. Each sysctl is on an allow-list with the range the kernel (6.1) accepts for it, so a typo
// is one line on the host, not a guest that fails to boot. Values are whole numbers (every vm.* key
// here is one); the result records what the kernel holds after they were written.

/** How the guest swaps: a virtio disk, a zram device, a disk with zswap in front, or not at all. */
export const SWAP_KINDS = ['disk', 'zram', 'zswap', 'none'] as const;
export type SwapKind = (typeof SWAP_KINDS)[number];

/** Compressors a zram device or zswap may use (those the kernel has are found at boot). */
export const COMPRESSORS = ['lzo', 'lzo-rle', 'lz4', 'lz4hc', 'zstd', 'deflate', '842'] as const;

const INT_MAX = 2 ** 31 - 1;
const ULONG_MAX = Number.MAX_SAFE_INTEGER;

/** vm.* keys a run may set, each with the inclusive range /proc/sys/vm/<name> accepts on Linux 6.1. */
export const VM_SYSCTLS: Readonly<Record<string, readonly [number, number]>> = {
  swappiness: [0, 200],
  overcommit_memory: [0, 2],
  overcommit_ratio: [0, INT_MAX],
  overcommit_kbytes: [0, ULONG_MAX],
  min_free_kbytes: [0, INT_MAX],
  watermark_scale_factor: [1, 3000],
  watermark_boost_factor: [0, INT_MAX],
  'page-cluster': [0, 31],
  panic_on_oom: [0, 2],
  oom_kill_allocating_task: [0, INT_MAX],
  vfs_cache_pressure: [0, INT_MAX],
  admin_reserve_kbytes: [0, ULONG_MAX],
  user_reserve_kbytes: [0, ULONG_MAX],
  dirty_ratio: [0, 100],
  dirty_background_ratio: [0, 100],
};

/** A VM's machine, as a scenario's `vm:` block or the flags give it (every part optional). */
export interface MachineSettings {
  memBytes?: number;
  swapBytes?: number;
  swapKind?: SwapKind;
  /** Compressor of the zram device (or of zswap). */
  zramAlgo?: string;
  lruGen?: 'on' | 'off';
  /** By short name (`swappiness`, `page-cluster`), value as a whole number. */
  sysctl?: Record<string, number>;
}

// Why: `vm.swappiness`, `swappiness` and `vm/swappiness` all name /proc/sys/vm/swappiness; anything off the list is refused.
export function sysctlName(key: string, field: string): string {
  const name = key.replace(/^vm[./]/, '');
  if (!Object.hasOwn(VM_SYSCTLS, name)) {
    throw new InputError(field, `a vm.* sysctl oomlab can set (${Object.keys(VM_SYSCTLS).map((k) => `vm.${k}`).join(', ')})`, showValue(key));
  }
  return name;
}

// Why: a value the kernel would refuse (EINVAL) is caught before a VM boots, with the key's range.
export function sysctlValue(name: string, value: unknown, field: string): number {
  const [min, max] = VM_SYSCTLS[name]!;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError(field, `a whole number from ${min} to ${max === ULONG_MAX ? 'ULONG_MAX' : max} for vm.${name}`, showValue(value));
  }
  return n;
}

// Why: `--sysctl vm.NAME=VALUE`, one flag, checked.
export function parseSysctlFlag(text: string): [string, number] {
  const m = /^([\w./-]+)=(.*)$/.exec(text);
  if (!m) throw new InputError('--sysctl', 'vm.NAME=VALUE (e.g. vm.swappiness=10)', showValue(text));
  const name = sysctlName(m[1]!, '--sysctl');
  return [name, sysctlValue(name, m[2]!, `--sysctl vm.${name}`)];
}

// Why: one checker per machine setting, shared by the flags, the `vm:` block and `--matrix`.
export function swapKindOf(value: unknown, field: string): SwapKind {
  if (typeof value === 'string' && (SWAP_KINDS as readonly string[]).includes(value)) return value as SwapKind;
  throw new InputError(field, 'disk, zram, zswap or none', showValue(value));
}

// Why: MGLRU is on or off (YAML's booleans too).
export function lruGenOf(value: unknown, field: string): 'on' | 'off' {
  if (value === 'on' || value === true) return 'on';
  if (value === 'off' || value === false) return 'off';
  throw new InputError(field, 'on or off', showValue(value));
}

// Why: a compressor name is checked here; whether the guest kernel has it, on the host before boot (kernel-features.ts).
export function compressorOf(value: unknown, field: string): string {
  if (typeof value === 'string' && (COMPRESSORS as readonly string[]).includes(value)) return value;
  throw new InputError(field, `a compressor: ${COMPRESSORS.join(', ')}`, showValue(value));
}

// Why: a VM smaller than 128 MiB does not boot node.
export function vmMemOf(value: unknown, field: string): number {
  const bytes = parseSize(value, field);
  if (bytes < 128 * 2 ** 20) throw new InputError(field, 'at least 128M of VM RAM', showValue(value));
  return bytes;
}

// Why: 0 is no swap; anything else is a real device of at least 1 MiB.
export function vmSwapOf(value: unknown, field: string): number {
  const bytes = parseSize(value, field);
  if (bytes > 0 && bytes < 2 ** 20) throw new InputError(field, '0 or a swap of at least 1M', showValue(value));
  return bytes;
}

// Why: later settings (flags over a file, a matrix value over both) replace earlier ones key by key.
export function mergeMachine(...layers: Array<MachineSettings | undefined>): MachineSettings {
  const out: MachineSettings = {};
  for (const m of layers) {
    if (!m) continue;
    const { sysctl, ...rest } = m;
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
    if (sysctl) out.sysctl = { ...out.sysctl, ...sysctl };
  }
  return out;
}
