import { readFileSync } from 'node:fs';

const CAP_SYS_RESOURCE = 24n;

// Why: an oom_score_adj below 0 (protecting a process from the oom-killer) needs CAP_SYS_RESOURCE,
// which a root process in a container or sandbox may lack; the runner says so before it starts.
export function canLowerOomScoreAdj(): boolean {
  try {
    const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return hex !== undefined && ((BigInt(`0x${hex}`) >> CAP_SYS_RESOURCE) & 1n) === 1n;
  } catch {
    return false;
  }
}
