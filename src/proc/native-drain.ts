// Applying the native thread's records (src/proc/native-sampler.ts) to the sampler's pids and groups,
// one thread tick at a time. Why a tick at a time: the event loop drains every `drainMs`, several
// thread ticks at once, and a group must still get one series row per thread tick in which a member
// changed, at that tick's time, with the dead gone from it by then, as if JavaScript had woken for
// each tick. Nothing is allocated per record or per drain.
import { markDirty } from './detail-pass.js';
import type { GoneEvent, Group } from './group.js';
import type { NativeRecord, NativeSampler } from './native-sampler.js';
import type { PidTable } from './pid-table.js';

/** What a drain writes into: the sampler's table and groups, and its clock origin. */
interface DrainTarget {
  table: PidTable;
  /** Every group (kept up to date by the sampler). */
  groups: readonly Group[];
  onGone: ((ev: GoneEvent) => void) | undefined;
}

// Why: the native backend's half of a sampler tick, apart from the sampler's own schedule.
export class NativeDrain {
  private t0 = 0;
  /** The thread tick being applied (ms since t0), whether a group has a row due in it, whether a pid died in it. */
  private tickT = NaN;
  private row = false;
  private dead = false;

  constructor(
    private readonly native: NativeSampler,
    private readonly target: DrainTarget,
  ) {}

  // Why: every record since the last drain, applied and aggregated tick by tick; t0 is the sampler's origin.
  drain(t0: number): void {
    this.t0 = t0;
    this.tickT = NaN;
    this.native.drain(this.onRecord);
    this.endTick();
  }

  // A bound field, not a closure per drain.
  private readonly onRecord = (r: NativeRecord): void => {
    if (r.kind === 'tick') {
      this.endTick();
      this.tickT = r.t - this.t0;
      return;
    }
    const e = this.target.table.byPid.get(r.pid);
    if (!e || !e.probe.alive) return;
    const t = r.t - this.t0;
    // As with the idle back-off, a group gets a series row only when a member's reading changed.
    const res = r.kind === 'gone' ? (e.probe.close(), -1) : e.probe.applyNative(r, t);
    if (res === 0) return;
    markDirty(e);
    this.row = true;
    if (res < 0) this.dead = true;
    if (Number.isNaN(this.tickT)) this.tickT = t;
  };

  /** The end of one thread tick's records: the dead leave their groups, then each changed group gets its row. */
  private endTick(): void {
    if (!this.row) return;
    const t = this.tickT;
    if (this.dead) this.target.table.reap(t, this.target.onGone);
    const groups = this.target.groups;
    for (let i = 0; i < groups.length; i++) groups[i]!.aggregate(t);
    this.row = this.dead = false;
  }
}
