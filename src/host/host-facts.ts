import { readFileSync } from 'node:fs';
import { hostname, release } from 'node:os';
import { readMemInfo } from '../proc/meminfo.js';
import type { VmFacts } from './vm-facts.js';

const readNumber = (path: string): number => {
  try {
    return Number(readFileSync(path, 'utf8').trim());
  } catch {
    return NaN;
  }
};

/** Facts about the machine a run happened on, as its result records them. */
export interface RunHostFacts {
  /** The machine's host name, so results of many machines can be told apart (`oomlab merge`); absent when
   *  none is set (the kernel's `(none)`) and in results written before it was recorded. */
  hostname?: string;
  kernel: string;
  cgroupVersion: 1 | 2 | 'none';
  memTotalBytes: number;
  memAvailableBytes: number;
  swapTotalBytes: number;
  overcommitMemory: number;
  swappiness: number;
  inVm: boolean;
  /** The machine `oomlab vm run` booted (set on the host from the guest's record); absent otherwise. */
  vm?: VmFacts;
}

// Why: a result is only comparable with another when it says which machine and settings made it.
export function readHostFacts(cgroupVersion: RunHostFacts['cgroupVersion']): RunHostFacts {
  const m = readMemInfo();
  return {
    ...readHostname(),
    kernel: release(),
    cgroupVersion,
    memTotalBytes: m.memTotal,
    memAvailableBytes: m.memAvailable,
    swapTotalBytes: m.swapTotal,
    overcommitMemory: readNumber('/proc/sys/vm/overcommit_memory'),
    swappiness: readNumber('/proc/sys/vm/swappiness'),
    inVm: detectVm(),
  };
}

// Why: a host name that was never set (the kernel's default `(none)`, as in oomlab's own VM) names no
// machine; leaving it out lets a reader fall back to something that does (a file name).
export function readHostname(name: string = hostname()): { hostname?: string } {
  return name === '' || name === '(none)' ? {} : { hostname: name };
}

// Why: `global: true` is only allowed in a throwaway VM. oomlab's own VM says so on the kernel command
// line (oomlab.vm=1), which a host cannot have by accident; a hypervisor flag alone is not enough,
// since cloud machines are VMs that people care about.
export function detectVm(): boolean {
  try {
    return /(^|\s)oomlab\.vm=1(\s|$)/.test(readFileSync('/proc/cmdline', 'utf8'));
  } catch {
    return false;
  }
}
