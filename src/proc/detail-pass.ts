import type { Group } from './group.js';
import type { PidProbe } from './pid-probe.js';

// The detail pass of a tick: stat+status (faults, CPU, swap, VmHWM; ~30 us per pid, against ~3 us
// for statm) for pids whose sizes just changed, fairly from a moving start and at most `perTick` of
// them, plus a few in rotation so that no pid's detail is older than `maxAgeMs`.

/** One sampled pid and the groups it counts in. */
export interface SampledPid {
  probe: PidProbe;
  groups: Group[];
}

// Why: a pid read this tick changes its groups' next series row.
export function markDirty(e: SampledPid): void {
  for (let j = 0; j < e.groups.length; j++) e.groups[j]!.dirty = true;
}

/** The detail pass's state across ticks: where the changed and the rotation scans resume. */
export class DetailPass {
  private changedCursor = 0;
  private rotationCredit = 0;
  private detailCursor = 0;

  constructor(
    private readonly perTick: number,
    private readonly maxAgeMs: number,
    private readonly intervalMs: number,
  ) {}

  /** stat+status for changed pids and a few in rotation; true if one died. */
  run(entries: readonly SampledPid[], t: number, tick: number): boolean {
    const len = entries.length;
    let dead = false;
    let budget = this.perTick;
    for (let k = 0; k < len && budget > 0; k++) {
      const i = (this.changedCursor + k) % len;
      const p = entries[i]!.probe;
      if (!p.alive || !p.changed || p.freshTick !== tick) continue;
      budget--;
      markDirty(entries[i]!);
      if (budget === 0) this.changedCursor = (i + 1) % len;
      if (!p.readDetail(t)) dead = true;
    }
    // Fractional credit: 200 pids at 10 ms / 1000 ms is 2 per tick; 1 pid is one every 100th tick.
    this.rotationCredit = Math.min(this.rotationCredit + (len * this.intervalMs) / this.maxAgeMs, len);
    let rotation = Math.floor(this.rotationCredit);
    this.rotationCredit -= rotation;
    for (let k = 0; k < len && rotation > 0; k++) {
      if (this.detailCursor >= len) this.detailCursor = 0;
      const e = entries[this.detailCursor++]!;
      const p = e.probe;
      if (!p.alive || p.sample.detailT === t) continue;
      rotation--;
      markDirty(e);
      if (!p.readDetail(t)) dead = true;
    }
    return dead;
  }
}
