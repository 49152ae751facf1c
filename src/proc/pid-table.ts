import type { Group, GoneEvent } from './group.js';
import type { SampledPid } from './detail-pass.js';
import { PidProbe } from './pid-probe.js';
import type { JoinQueue } from './join-queue.js';

// Which pids the sampler reads and in which groups each counts: a pid may be in a participant's tree
// and in a cgroup at once, and is read once per tick whatever the number of its groups. A pid leaves
// when it is gone (reap) or has left every group it was in (leave).

/** The sampled pids, in the order they are read. */
export class PidTable {
  /** Every sampled pid, in reading order. */
  entries: SampledPid[] = [];
  readonly byPid = new Map<number, SampledPid>();
  /** The list changed since the native thread was last told (see Sampler's native backend). */
  changed = false;

  // Why: a pid found in a tree or a cgroup is probed once and counted in each of its groups.
  join(pid: number, g: Group, opts: { now: number; tick: number; native: boolean }): void {
    let e = this.byPid.get(pid);
    if (!e) {
      const probe = new PidProbe(pid, opts.now);
      if (!probe.alive) return;
      if (opts.native) probe.useNative();
      probe.due = opts.tick;
      e = { probe, groups: [] };
      this.byPid.set(pid, e);
      this.entries.push(e);
      this.changed = true;
    }
    this.attach(e, g);
  }

  // Why: a cgroup's members follow its cgroup.procs: a pid that left stops counting there, a known pid
  // counts there at once, a new one waits in `queue` for its probe.
  follow(g: Group, listed: readonly number[], now: number, queue: JoinQueue): void {
    const keep = new Set(listed);
    for (const m of [...g.members]) if (!keep.has(m.sample.pid)) this.leave(m, g, now);
    for (const pid of listed) {
      const e = this.byPid.get(pid);
      if (!e) queue.add(pid, g, undefined);
      else this.attach(e, g);
    }
  }

  // Why: a live pid that left a cgroup (moved out) stops counting there, and is read no more once in no group.
  leave(probe: PidProbe, g: Group, now: number): void {
    g.drop(probe, now, false);
    const e = this.byPid.get(probe.sample.pid);
    if (!e) return;
    e.groups = e.groups.filter((x) => x !== g);
    if (e.groups.length === 0) {
      this.forget(e);
      this.entries = this.entries.filter((x) => x !== e);
    }
  }

  // Why: a vanished pid leaves every group with its last sample (onGone hears of each), then the table
  // (in one pass: a teardown reaps hundreds in one tick).
  reap(t: number, onGone: ((ev: GoneEvent) => void) | undefined): void {
    const gone = this.entries.filter((x) => !x.probe.alive);
    if (gone.length === 0) return;
    for (const e of gone) {
      for (const g of e.groups) {
        const ev = g.drop(e.probe, t, true);
        if (ev && onGone) onGone(ev);
      }
      this.forget(e);
    }
    const out = new Set(gone);
    this.entries = this.entries.filter((x) => !out.has(x));
  }

  // Why: every descriptor is closed at once when the sampler closes.
  clear(): void {
    for (const e of this.entries) e.probe.close();
    this.entries = [];
    this.byPid.clear();
  }

  // A probed pid counts in one more group (once).
  private attach(e: SampledPid, g: Group): void {
    if (!e.groups.includes(g)) (e.groups.push(g), g.add(e.probe));
  }

  // Out of the map; the caller takes it out of `entries`.
  private forget(e: SampledPid): void {
    e.probe.close();
    this.changed = true;
    this.byPid.delete(e.probe.sample.pid);
  }
}
