// Shapes of the sampler's options and reports, apart from its logic.
import type { CgroupPeak, CgroupSample } from './cgroup-probe.js';
import type { GapSummary } from './gap-stats.js';
import type { GoneEvent, Group, GroupColumn, GroupPeak, TreeSample } from './group.js';
import type { HostColumn, HostSample } from './host.js';
import type { PidSample } from './pid-probe.js';
import type { SeriesColumns } from './bounded-series.js';

/** How to sample. Only `intervalMs` is required. */
export interface SamplerOptions {
  /** Tick interval, >= 1 ms. */
  intervalMs: number;
  /** At most this many pids per tick whose sizes changed get stat+status re-read (faults, CPU, swap, VmHWM). Default 32. */
  detailPerTick?: number;
  /** Plus enough pids per tick in rotation, changed or not, that every pid's detail is at most this old. Default 1000. */
  detailMaxAgeMs?: number;
  /**
   * Idle back-off: a pid whose sizes did not change is read every 2nd, 4th, ... tick, at most this
   * many ms apart, and every tick again as soon as they change. 0 reads every pid every tick.
   * Default 100.
   */
  idleBackoffMs?: number;
  /**
   * Who reads the pids' sizes: 'js' (default) reads statm (and status in the detail pass) from this
   * thread on the sampler's timer; 'native' moves those reads to a thread in the addon
   * (src/proc/native-sampler.ts), which reads every pid every tick on its own absolute schedule
   * (`idleBackoffMs` does not apply), and stat and status in rotation and on change, while comm, the
   * tree scan, cgroups and the host stay here. The timer then drains the thread's records every `drainMs`.
   */
  backend?: 'js' | 'native';
  /**
   * Strict sampling: every pid read every tick, idle or not (no `idleBackoffMs`). Its default backend
   * is the one that costs less for it in bench/sampler.mjs: 'native'. Default false.
   */
  strict?: boolean;
  /**
   * native: how often the event loop drains the thread's records, ms (from intervalMs to max(1000, intervalMs);
   * default max(intervalMs, 50)). Each thread tick still gives its own series row, at its own time;
   * a longer period wakes JavaScript less often, and readers (participantNow) see data up to this old.
   */
  drainMs?: number;
  /** How often to look for new descendants and re-list cgroup pids. Default max(intervalMs, 100). */
  treeScanMs?: number;
  /** Sample the host (meminfo, vmstat, PSI). Default true. */
  host?: boolean;
  /** Host reading interval (rounded to whole ticks). Default max(intervalMs, 50): MemAvailable and swap traffic at 20 Hz are plenty, and vmstat is the costliest file per read. */
  hostIntervalMs?: number;
  /** Rows kept per series before decimation halves them. Default 4096. */
  maxSamples?: number;
  /** Called when a sampled process disappears, with its last sample taken alive. */
  onGone?: (ev: GoneEvent) => void;
}

/** One group (participant tree or cgroup pids) as reported. */
export interface GroupReport {
  name: string;
  kind: 'participant' | 'cgroup';
  root?: number;
  latest: TreeSample;
  peak: GroupPeak;
  /** Copies of the live members' latest samples. */
  pids: PidSample[];
  gone: GoneEvent[];
  goneCount: number;
  series: SeriesColumns<GroupColumn>;
  /** Every `stride`-th tick is in the series (1 until decimation). */
  stride: number;
}

/** A cgroup as reported: its own counters and the summed pids. */
export interface CgroupReport {
  name: string;
  latest?: CgroupSample;
  peak: CgroupPeak;
  error?: string;
  series: SeriesColumns<'t' | 'usage' | 'swap'>;
  procs: GroupReport;
}

/** The sampler's own performance, for the bench and for trusting the data. */
export interface SamplerStats {
  intervalMs: number;
  ticks: number;
  /** Deadlines skipped because a tick overran. */
  missed: number;
  /** Achieved gaps between tick starts, ms. */
  gaps: GapSummary;
  /** Time spent inside ticks, ms. */
  tickMeanMs: number;
  tickMaxMs: number;
  wallMs: number;
  /** This process's CPU since start (includes anything else it ran), ms, and as a share of one core. */
  cpuUserMs: number;
  cpuSystemMs: number;
  cpuShare: number;
  pids: number;
  treeScans: number;
  backend: 'js' | 'native';
  /** native: CPU of the sampling thread alone (already inside cpuUserMs + cpuSystemMs), and records the ring dropped. */
  nativeThreadCpuMs?: number;
  nativeDropped?: number;
}

/** The whole report: participants, cgroups, host, stats. */
export interface SamplerReport {
  participants: GroupReport[];
  cgroups: CgroupReport[];
  host?: { latest: HostSample; series: SeriesColumns<HostColumn> };
  stats: SamplerStats;
}

/** A group's report: copies, safe to keep after the sampler moves on. */
export function groupReport(g: Group): GroupReport;
export function groupReport(g: Group | undefined): GroupReport | undefined;
export function groupReport(g: Group | undefined): GroupReport | undefined {
  if (!g) return undefined;
  const r: GroupReport = {
    name: g.name,
    kind: g.kind,
    latest: { ...g.latest },
    peak: { ...g.peak },
    pids: [...g.members].map((m) => ({ ...m.sample })),
    gone: g.gone.map((e) => ({ ...e, last: { ...e.last } })),
    goneCount: g.goneCount,
    series: g.series.columns(),
    stride: g.series.stride,
  };
  if (g.root !== undefined) r.root = g.root;
  return r;
}

// Why: the run loop needs each participant's latest figures every tick; copying its series each time
// (what groupReport does) made the loop's time grow with run length times participants.
export function groupNow(g: Group | undefined): Pick<GroupReport, 'latest' | 'peak' | 'pids'> | undefined {
  return g && { latest: { ...g.latest }, peak: { ...g.peak }, pids: [...g.members].map((m) => ({ ...m.sample })) };
}

/** A group's live state, read in place: valid until the sampler's next tick, never to be changed. */
export interface GroupPeek {
  readonly latest: Readonly<TreeSample>;
  readonly peak: Readonly<GroupPeak>;
  readonly members: ReadonlyArray<{ readonly sample: Readonly<PidSample> }>;
}
