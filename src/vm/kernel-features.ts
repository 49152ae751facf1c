import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EnvironmentError } from '../errors/environment-error.js';
import { COMPRESSORS } from '../scenario/machine.js';
import type { GuestMachineConfig } from './guest-machine.js';
import type { VmKernel } from './kernel.js';
import { moduleAvailable } from './modules.js';

// What a guest kernel can do for a machine setting, known on the host before a VM boots: from the
// kernel's config file (config-<version> beside the bzImage, as a Debian package unpacks it, or in
// /boot) and its modules tree. Without a config file the guest finds out itself and fails the boot
// with the same kind of line. Debian's cloud kernel has zram and MGLRU but no zswap; the generic one
// (linux-image-amd64; scripts/fetch-vm-kernel.sh --generic) has all three.

/** A kernel's memory features. `config` false: unknown (no config file), the guest checks. */
export interface KernelFeatures {
  config: boolean;
  zram: boolean;
  zswap: boolean;
  lruGen: boolean;
  /** Compressors (crypto modules or built in) a zram device or zswap can use. */
  compressors: string[];
  /** zram's and zswap's default compressors (CONFIG_ZRAM_DEF_COMP, CONFIG_ZSWAP_COMPRESSOR_DEFAULT). */
  zramDefault?: string;
  zswapDefault?: string;
}

/** A compressor's crypto module file name (normalized). */
const MODULE_OF = (algo: string): string => algo.replace(/-/g, '_');

// Why: one look at a kernel's features for the checks below and for `say which are available`.
export function kernelFeatures(kernel: VmKernel): KernelFeatures {
  const file = [join(dirname(kernel.path), `config-${kernel.version}`), `/boot/config-${kernel.version}`].find(existsSync);
  const config = file ? readFileSync(file, 'utf8') : '';
  const set = (name: string): boolean => new RegExp(`^CONFIG_${name}=[ym]$`, 'm').test(config);
  const compressors = COMPRESSORS.filter((a) => moduleAvailable(kernel.modulesDir, MODULE_OF(a)));
  const def = /^CONFIG_ZRAM_DEF_COMP="([\w-]+)"$/m.exec(config)?.[1];
  const zswapDef = /^CONFIG_ZSWAP_COMPRESSOR_DEFAULT="([\w-]+)"$/m.exec(config)?.[1];
  return {
    config: file !== undefined,
    zram: file ? set('ZRAM') : moduleAvailable(kernel.modulesDir, 'zram'),
    zswap: file ? set('ZSWAP') : true,
    lruGen: file ? set('LRU_GEN') : true,
    compressors,
    ...(def ? { zramDefault: def } : {}),
    ...(zswapDef ? { zswapDefault: zswapDef } : {}),
  };
}

// Why: a setting the kernel cannot honour is exit 3 before a VM boots; returns the modules it needs.
export function machineModules(kernel: VmKernel, m: GuestMachineConfig): string[] {
  const f = kernelFeatures(kernel);
  const hint = 'the generic Debian kernel has it: scripts/fetch-vm-kernel.sh --generic, then --kernel .cache/vm-kernel-generic/boot/vmlinuz-*';
  if (m.swapKind === 'zswap' && !f.zswap) throw new EnvironmentError(`--swap-kind zswap: the VM kernel ${kernel.version} has no zswap (CONFIG_ZSWAP is not set)`, hint);
  if (m.swapKind === 'zram' && !f.zram) throw new EnvironmentError(`--swap-kind zram: the VM kernel ${kernel.version} has no zram`, hint);
  if (m.lruGen !== undefined && !f.lruGen) throw new EnvironmentError(`--lru-gen: the VM kernel ${kernel.version} has no MGLRU (CONFIG_LRU_GEN is not set)`);
  const compressing = m.swapKind === 'zram' || m.swapKind === 'zswap';
  const algo = m.zramAlgo ?? (m.swapKind === 'zram' ? f.zramDefault : m.swapKind === 'zswap' ? f.zswapDefault : undefined);
  if (compressing && m.zramAlgo !== undefined && !f.compressors.includes(m.zramAlgo)) {
    throw new EnvironmentError(`--zram-algo ${m.zramAlgo}: the VM kernel ${kernel.version} has no such compressor (it has ${f.compressors.join(', ') || 'none'})`);
  }
  const modules = m.swapKind === 'zram' ? ['zram'] : [];
  if (compressing && algo && f.compressors.includes(algo)) modules.push(MODULE_OF(algo));
  return modules;
}
