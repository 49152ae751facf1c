// The sampler: every participant's process tree, every pid of each cgroup, each cgroup's own
// counters and the host, every `intervalMs`.
//
// Cost model (the 200 x 10 ms budget): per tick, one statm pread per pid (VSZ, RSS, anon,
// file+shmem: ~3 us each here); stat+status (faults, CPU, swap, VmHWM: ~30 us per pid) only for
// pids whose sizes changed since the last tick (up to `detailPerTick`) plus a few more in
// rotation so none is older than `detailMaxAgeMs`; the host's three files; and every
// `treeScanMs` one readdir of /proc to find new descendants. VmHWM is a high-water mark, so a
// late read still catches the peak.
// Even statm for every pid every tick is ~9% of a core at 200 pids x 10 ms on this VM (the
// syscalls alone), so by default an idle pid backs off (`idleBackoffMs`): while its sizes stay the same
// it is read every 2nd, 4th, ... tick, up to 100 ms apart, and every tick again from the first change.
// Memory of a process that is not running changes only by reclaim, swap-out or a kill; the first two
// show at its next read, a kill's size comes from the kernel's report. Descriptors stay open and all
// parsing is on one shared Buffer, so a steady tick allocates next to nothing. A new pid waits for a
// tick with time to spare (join-queue.ts).
//
// Native backend (`backend: 'native'`): a thread in the addon reads statm every tick for every pid,
// and stat and status (the detail) in rotation and on change (src/proc/native-sampler.ts); the timer
// below wakes every `drainMs` (default max(intervalMs, 50): fewer wake-ups of the event loop) and
// drains the thread's records into the same PidProbes and Groups tick by tick, so each group still
// gets a series row per thread tick in which a member changed, at that tick's time; then it does the
// tree scan, cgroups and the host. The achieved interval reported is the thread's.
//
// Timing: ticks are scheduled with setTimeout to absolute deadlines (start + k * interval), so
// lateness does not accumulate; a tick that overruns skips the deadlines it missed (counted in
// stats().missed) instead of bursting. The gaps actually achieved are kept for p50/p99.
import { CgroupProbe, type CgroupSource } from './cgroup-probe.js';
import { DetailPass, markDirty } from './detail-pass.js';
import { GapStats } from './gap-stats.js';
import { Group, type GoneEvent } from './group.js';
import { HostProbe, type HostColumn, type HostSample } from './host.js';
import { JoinQueue } from './join-queue.js';
import { NativeDrain } from './native-drain.js';
import { NativeSampler } from './native-sampler.js';
import { PidTable } from './pid-table.js';
import { TreeTracker } from './process-tree.js';
import { groupNow, groupReport, type CgroupReport, type GroupPeek, type GroupReport, type SamplerOptions, type SamplerReport, type SamplerStats } from './sampler-types.js';
import type { SeriesColumns } from './bounded-series.js';

/** Samples participants' process trees, cgroups and the host on a drift-free timer. */
export class Sampler {
  private readonly interval: number;
  private readonly detailPass: DetailPass;
  private readonly maxStride: number;
  private readonly hostEvery: number;
  private readonly treeScanMs: number;
  private readonly maxSamples: number;
  private readonly onGone: ((ev: GoneEvent) => void) | undefined;
  private readonly participants = new Map<string, Group>();
  private readonly ownerIdx: Group[] = [];
  private readonly cgroups = new Map<string, { probe: CgroupProbe; procs: Group }>();
  private readonly host: HostProbe | undefined;
  private readonly tracker = new TreeTracker();
  private readonly pending = new JoinQueue();
  private rooted = 0; // participants whose descendants are followed; with none, no tree scan
  private readonly gaps = new GapStats();
  private readonly table = new PidTable();
  /** pid -> participant index, for live and dead pids until they leave /proc. */
  private readonly owner = new Map<number, number>();
  private t0 = performance.now();
  private cpu0 = process.cpuUsage();
  private next = 0;
  private lastTickStart = NaN;
  private lastScan = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private ticks = 0;
  private missed = 0;
  private treeScans = 0;
  private tickTotal = 0;
  private tickMax = 0;
  private stoppedAt: number | undefined;
  private readonly native: NativeSampler | undefined;
  private readonly timerMs: number; // the JS timer's period: intervalMs, or the native backend's drainMs
  private readonly drainer: NativeDrain | undefined;
  /** Every group, participants' and cgroups' pids, for the drain's per-tick rows. */
  private readonly groupList: Group[] = [];

  constructor(opts: SamplerOptions) {
    if (!(opts.intervalMs >= 1)) throw new RangeError(`intervalMs must be >= 1, got ${opts.intervalMs}`);
    this.interval = opts.intervalMs;
    const detailPerTick = Math.max(0, opts.detailPerTick ?? 32);
    const detailMaxAgeMs = Math.max(opts.intervalMs, opts.detailMaxAgeMs ?? 1000);
    this.detailPass = new DetailPass(detailPerTick, detailMaxAgeMs, opts.intervalMs);
    if (opts.strict && opts.idleBackoffMs) throw new RangeError(`idleBackoffMs must be 0 (or unset) with strict, got ${opts.idleBackoffMs}`);
    const backoff = opts.idleBackoffMs ?? (opts.strict ? 0 : 100);
    this.maxStride = Math.max(1, 2 ** Math.floor(Math.log2(Math.max(1, backoff / opts.intervalMs))));
    this.treeScanMs = opts.treeScanMs ?? Math.max(opts.intervalMs, 100);
    this.maxSamples = opts.maxSamples ?? 4096;
    this.onGone = opts.onGone;
    if (opts.backend !== undefined && opts.backend !== 'js' && opts.backend !== 'native') throw new RangeError(`backend must be 'js' or 'native', got ${String(opts.backend)}`);
    // Strict: the cheaper backend for every pid every tick (bench/sampler.mjs, issue 16) unless one is named.
    const backend = opts.backend ?? (opts.strict ? 'native' : 'js');
    const drainMs = opts.drainMs ?? Math.max(opts.intervalMs, 50);
    const drainMax = Math.max(1000, opts.intervalMs);
    if (!(drainMs >= opts.intervalMs && drainMs <= drainMax)) throw new RangeError(`drainMs must be from intervalMs (${opts.intervalMs}) to ${drainMax}, got ${drainMs}`);
    this.timerMs = backend === 'native' ? drainMs : opts.intervalMs;
    this.hostEvery = Math.max(1, Math.round((opts.hostIntervalMs ?? Math.max(opts.intervalMs, 50)) / this.timerMs));
    this.host = opts.host === false ? undefined : new HostProbe(this.maxSamples);
    if (backend === 'native') {
      // changesOnly: an unchanged reading would add nothing (no series row, same sums), so it is not even drained.
      this.native = new NativeSampler({ intervalMs: opts.intervalMs, detailMaxAgeMs, detailPerTick, changesOnly: true });
      this.drainer = new NativeDrain(this.native, { table: this.table, groups: this.groupList, onGone: this.onGone });
    }
  }

  /** Milliseconds since the sampler was created or started. */
  now(): number {
    return performance.now() - this.t0;
  }

  /** Follow `rootPid` and all its descendants as participant `name`; `leaf`: it starts none (a hog),
   *  so no tree scan is done for it. The pid is probed at the next tick (see join-queue.ts). */
  addParticipant(name: string, rootPid: number, leaf = false): void {
    if (this.participants.has(name)) throw new Error(`participant ${name} is already sampled`);
    const g = new Group(name, 'participant', rootPid, this.maxSamples);
    this.participants.set(name, g);
    this.ownerIdx.push(g);
    this.groupList.push(g);
    if (!leaf) this.rooted++;
    this.pending.add(rootPid, g, leaf ? undefined : this.ownerIdx.length - 1);
  }

  /** Sample a cgroup's counters each tick, and its pids when `source.pids` is given. */
  addCgroup(source: CgroupSource): void {
    if (this.cgroups.has(source.name)) throw new Error(`cgroup ${source.name} is already sampled`);
    const procs = new Group(source.name, 'cgroup', undefined, this.maxSamples);
    this.cgroups.set(source.name, { probe: new CgroupProbe(source, this.maxSamples), procs });
    this.groupList.push(procs);
    this.lastScan = -Infinity;
  }

  /** Start ticking now (the first sample is taken synchronously). `t0`: the performance.now() its
   *  times count from (a run's own start, so its samples and its events share one clock); default now. */
  start(t0 = performance.now()): void {
    if (this.timer) return;
    this.t0 = t0;
    this.cpu0 = process.cpuUsage();
    this.stoppedAt = undefined;
    this.next = 0;
    if (this.native) {
      this.syncNativePids();
      this.native.start();
    }
    this.onTimer();
  }

  /** Stop ticking; with `finalSample` (default) take one last sample first. */
  stop(finalSample = true): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.native?.stop();
    if (finalSample) this.sampleNow();
    this.stoppedAt ??= this.now();
  }

  /** Stop and release every descriptor. */
  close(): void {
    this.stop(false);
    this.native?.destroy();
    this.table.clear();
    this.host?.close();
  }

  /** Take one sample now, outside the schedule; new pids get at most a quarter of the interval. */
  sampleNow(): void {
    const start = performance.now();
    const t = start - this.t0;
    if (t - this.lastScan >= this.treeScanMs) this.scan(t);
    if (this.pending.size) this.pending.drain(this.timerMs / 4, (j) => this.join(j.pid, j.group, j.owner));
    const entries = this.table.entries;
    let dead = false;
    const tick = this.ticks;
    if (this.native) {
      this.drainer!.drain(this.t0); // applies, reaps and aggregates tick by tick; the detail is the thread's
    } else {
      for (let i = 0; i < entries.length; i++) {
        const p = entries[i]!.probe;
        if (p.due > tick) continue;
        if (!p.read(t)) dead = true;
        p.freshTick = tick;
        markDirty(entries[i]!);
        p.stride = p.changed ? 1 : Math.min(p.stride * 2, this.maxStride);
        p.due = tick + p.stride;
      }
    }
    if (!this.native && this.detailPass.run(this.table.entries, t, tick)) dead = true;
    if (dead) this.table.reap(t, this.onGone);
    if (this.native && this.table.changed) this.syncNativePids();
    for (const g of this.participants.values()) g.aggregate(t);
    for (const c of this.cgroups.values()) (c.probe.read(t), c.procs.aggregate(t));
    if (tick % this.hostEvery === 0) this.host?.read(t);
    const cost = performance.now() - start;
    this.tickTotal += cost;
    if (cost > this.tickMax) this.tickMax = cost;
    this.ticks++;
  }

  private syncNativePids(): void {
    this.table.changed = false;
    this.native?.setPids(this.table.entries.filter((e) => e.probe.alive).map((e) => e.probe.sample.pid));
  }

  private onTimer = (): void => {
    const start = performance.now();
    if (!Number.isNaN(this.lastTickStart)) this.gaps.add(start - this.lastTickStart);
    this.lastTickStart = start;
    this.sampleNow();
    this.next += this.timerMs;
    const now = performance.now() - this.t0;
    if (this.next <= now) {
      const skip = Math.floor((now - this.next) / this.timerMs) + 1;
      this.missed += skip;
      this.next += skip * this.timerMs;
    }
    this.timer = setTimeout(this.onTimer, this.next - now);
  };

  private join(pid: number, g: Group, ownerIndex: number | undefined): void {
    this.table.join(pid, g, { now: this.now(), tick: this.ticks, native: this.native !== undefined });
    if (ownerIndex !== undefined && this.table.byPid.has(pid)) this.owner.set(pid, ownerIndex);
  }

  private scan(t: number): void {
    this.lastScan = t;
    this.treeScans++;
    if (this.rooted) {
      for (const [pid, idx] of this.tracker.scan((pid) => this.owner.get(pid))) this.join(pid, this.ownerIdx[idx]!, idx);
      for (const pid of this.owner.keys()) if (!this.tracker.present(pid) && !this.table.byPid.has(pid)) this.owner.delete(pid);
    }
    for (const { probe, procs } of this.cgroups.values()) {
      let listed: readonly number[];
      try {
        listed = probe.source.pids?.() ?? [];
      } catch {
        continue; // the cgroup is gone or unreadable; its read() records the error
      }
      this.table.follow(procs, listed, this.now(), this.pending);
    }
  }

  /** A participant's report, or undefined for an unknown name. */
  participant = (name: string): GroupReport | undefined => groupReport(this.participants.get(name));
  /** Latest, peaks and live pids, without a report's series copies (asked every tick per participant). */
  participantNow = (name: string): ReturnType<typeof groupNow> => groupNow(this.participants.get(name));
  /** The same in place, no copy: the run loop reads every participant every tick (at 500 the copies were a third of a run's allocations). */
  participantPeek = (name: string): GroupPeek | undefined => this.participants.get(name);
  /** A cgroup's latest usage in bytes (0 before its first reading), without a report's copies. */
  cgroupUsageNow = (name: string): number => this.cgroups.get(name)?.probe.latest?.usageBytes ?? 0;
  /** A cgroup's report, or undefined for an unknown name. */
  cgroup(name: string): CgroupReport | undefined {
    const c = this.cgroups.get(name);
    if (!c) return undefined;
    const r: CgroupReport = { name, peak: { ...c.probe.peak }, series: c.probe.series.columns(), procs: groupReport(c.procs) };
    if (c.probe.latest) r.latest = c.probe.latest;
    if (c.probe.error) r.error = c.probe.error;
    return r;
  }

  /** The host's latest reading and series, when sampled. */
  hostReport(): { latest: HostSample; series: SeriesColumns<HostColumn> } | undefined {
    return this.host && { latest: structuredClone(this.host.latest), series: this.host.series.columns() };
  }

  /** Everything: participants, cgroups, host, stats. */
  report(): SamplerReport {
    const host = this.hostReport();
    const out = {
      participants: [...this.participants.keys()].map((n) => this.participant(n)!),
      cgroups: [...this.cgroups.keys()].map((n) => this.cgroup(n)!),
      stats: this.stats(),
    };
    return host ? { ...out, host } : out;
  }

  /** The sampler's own cost and timing. */
  stats(): SamplerStats {
    const cpu = process.cpuUsage(this.cpu0);
    const wallMs = this.stoppedAt ?? this.now();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const n = this.native?.stats();
    const out: SamplerStats = {
      intervalMs: this.interval,
      ticks: n ? n.ticks : this.ticks,
      missed: n ? n.missed : this.missed,
      gaps: n ? n.gaps : this.gaps.summary(),
      tickMeanMs: this.ticks ? this.tickTotal / this.ticks : NaN,
      tickMaxMs: this.tickMax,
      wallMs,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      cpuShare: wallMs > 0 ? cpuMs / wallMs : NaN,
      pids: this.table.entries.length,
      treeScans: this.treeScans,
      backend: n ? 'native' : 'js',
    };
    if (n) (out.nativeThreadCpuMs = n.threadCpuMs), (out.nativeDropped = n.dropped);
    return out;
  }
}
