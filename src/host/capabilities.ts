import { readFileSync } from 'node:fs';

const CAP_SYS_RESOURCE = 24;
/** CAP_SYS_ADMIN's number (linux/capability.h). */
export const CAP_SYS_ADMIN = 21;

// Why: the effective set, read once per question; false when /proc says nothing we can read.
function holds(cap: number): boolean {
  try {
    const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return hex !== undefined && ((BigInt(`0x${hex}`) >> BigInt(cap)) & 1n) === 1n;
  } catch {
    return false;
  }
}

// Why: an oom_score_adj below 0 (protecting a process from the oom-killer) needs CAP_SYS_RESOURCE,
// which a root process in a container or sandbox may lack; the runner says so before it starts.
export function canLowerOomScoreAdj(): boolean {
  return holds(CAP_SYS_RESOURCE);
}

// Why: only a process holding CAP_SYS_ADMIN may use the commit vm.admin_reserve_kbytes keeps back
// under strict overcommit (and only one holding CAP_SETPCAP, which root has with it, may drop it).
export function holdsSysAdmin(): boolean {
  return holds(CAP_SYS_ADMIN);
}
