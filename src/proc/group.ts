// A set of sampled processes reported as one: a participant's process tree, or the pids of a
// cgroup. Each tick it sums its live members into `latest`, raises its peaks and appends to its
// series. Counters of members that died (faults, CPU) are kept, so the sums never go backwards.
import type { PidProbe, PidSample } from './pid-probe.js';
import { BoundedSeries } from './bounded-series.js';

/** A tree's (or cgroup's pids') summed sizes at one tick. Bytes; times in ms since start. */
export interface TreeSample {
  t: number;
  /** Live processes summed. */
  pids: number;
  vsz: number;
  rss: number;
  anon: number;
  fileShmem: number;
  swap: number;
  minflt: number;
  majflt: number;
  cpuSeconds: number;
}

/** Peaks of a group. `rss`/`vsz`/`swap`/`anon` are maxima of the sampled sums; the VmHWM fields catch what happened between samples. */
export interface GroupPeak {
  rss: number;
  vsz: number;
  swap: number;
  anon: number;
  /** Largest VmHWM (or sampled RSS) of any single member: a peak no sample may have seen. */
  hwm: number;
  hwmPid: number;
  /** Largest VmPeak of any member. */
  vmPeak: number;
  /** Sum over every member ever seen of its own peak RSS: an upper bound of the tree's peak. */
  hwmSum: number;
  /** max(rss, hwm): the best lower bound of the group's true RSS peak. */
  best: number;
}

/** A member that disappeared, with its last sample taken while it was alive. */
export interface GoneEvent {
  group: string;
  kind: GroupKind;
  pid: number;
  comm: string;
  /** When the sampler noticed (ms since start); death was between last.t and this. */
  at: number;
  last: PidSample;
}

/** What a group stands for. */
type GroupKind = 'participant' | 'cgroup';

/** Series columns of a group. */
const GROUP_COLUMNS = ['t', 'rss', 'anon', 'vsz', 'swap', 'majflt', 'cpu'] as const;
export type GroupColumn = (typeof GROUP_COLUMNS)[number];

const MAX_GONE_KEPT = 1024;

/** The sampler's per-group state. */
export class Group {
  /** Set when a member was read this tick (or membership changed): only then is a row due. */
  dirty = true;
  /** Live members (an array: the per-tick sum iterates it without an iterator object). */
  members: PidProbe[] = [];
  readonly gone: GoneEvent[] = [];
  goneCount = 0;
  readonly latest: TreeSample = { t: 0, pids: 0, vsz: 0, rss: 0, anon: 0, fileShmem: 0, swap: 0, minflt: 0, majflt: 0, cpuSeconds: 0 };
  readonly peak: GroupPeak = { rss: 0, vsz: 0, swap: 0, anon: 0, hwm: 0, hwmPid: 0, vmPeak: 0, hwmSum: 0, best: 0 };
  readonly series: BoundedSeries<GroupColumn>;
  private dead = { minflt: 0, majflt: 0, cpu: 0, maxRss: 0 };

  constructor(
    readonly name: string,
    readonly kind: GroupKind,
    readonly root: number | undefined,
    maxSamples: number,
  ) {
    this.series = new BoundedSeries(GROUP_COLUMNS, maxSamples);
  }

  /** Add a live member. */
  add(probe: PidProbe): void {
    if (!this.members.includes(probe)) this.members.push(probe);
    this.dirty = true;
  }

  /** Drop a member; when it died, keep its counters and return the gone event. */
  drop(probe: PidProbe, at: number, died: boolean): GoneEvent | undefined {
    const i = this.members.indexOf(probe);
    if (i < 0) return undefined;
    this.members.splice(i, 1);
    this.dirty = true;
    const s = probe.sample;
    if (!died) return undefined;
    this.dead.minflt += s.minflt;
    this.dead.majflt += s.majflt;
    this.dead.cpu += s.cpuSeconds;
    this.dead.maxRss += probe.maxRss;
    const ev: GoneEvent = { group: this.name, kind: this.kind, pid: s.pid, comm: s.comm, at, last: { ...s } };
    this.goneCount++;
    if (this.gone.length < MAX_GONE_KEPT) this.gone.push(ev);
    return ev;
  }

  /**
   * Sum the live members at time `t`, raise the peaks, append to the series — when a member was
   * read since the last call (`dirty`); otherwise nothing changed and no row is added, so a
   * backed-off idle tree costs nothing and its series holds only fresh readings.
   */
  aggregate(t: number): void {
    if (!this.dirty) return;
    this.dirty = false;
    const l = this.latest;
    const p = this.peak;
    l.t = t;
    const members = this.members;
    l.pids = members.length;
    l.vsz = l.rss = l.anon = l.fileShmem = l.swap = 0;
    l.minflt = this.dead.minflt;
    l.majflt = this.dead.majflt;
    l.cpuSeconds = this.dead.cpu;
    let hwmSum = this.dead.maxRss;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      const s = m.sample;
      l.vsz += s.vsz;
      l.rss += s.rss;
      l.anon += s.anon;
      l.fileShmem += s.fileShmem;
      l.swap += s.swap;
      l.minflt += s.minflt;
      l.majflt += s.majflt;
      l.cpuSeconds += s.cpuSeconds;
      hwmSum += m.maxRss;
      if (m.maxRss > p.hwm) (p.hwm = m.maxRss), (p.hwmPid = s.pid);
      if (s.vmPeak > p.vmPeak) p.vmPeak = s.vmPeak;
    }
    if (l.rss > p.rss) p.rss = l.rss;
    if (l.vsz > p.vsz) p.vsz = l.vsz;
    if (l.swap > p.swap) p.swap = l.swap;
    if (l.anon > p.anon) p.anon = l.anon;
    if (hwmSum > p.hwmSum) p.hwmSum = hwmSum;
    p.best = Math.max(p.rss, p.hwm);
    const row = this.series.begin();
    if (row < 0) return;
    const sr = this.series;
    sr.set(0, row, t);
    sr.set(1, row, l.rss);
    sr.set(2, row, l.anon);
    sr.set(3, row, l.vsz);
    sr.set(4, row, l.swap);
    sr.set(5, row, l.majflt);
    sr.set(6, row, l.cpuSeconds);
  }
}
