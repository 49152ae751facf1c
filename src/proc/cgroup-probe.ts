// A cgroup as the sampler sees it, through a callback so this layer does not depend on the
// cgroup layer (src/cgroup): `read()` returns its usage, swap, peak, events and PSI (the cgroup
// layer's CgroupReading fits), and `pids()`, if given, lists cgroup.procs so every process in
// the cgroup is sampled too, participant or not.
import { BoundedSeries } from './bounded-series.js';

/** What a cgroup reader returns. Bytes. `events` and `pressure` are kept as given. */
export interface CgroupSample {
  usageBytes: number;
  /** The cgroup's own peak (v2 memory.peak, v1 max_usage_in_bytes): exact between samples. */
  peakBytes?: number;
  swapBytes?: number;
  events?: object;
  pressure?: object;
}

/** A cgroup to sample: a name, its reading, and optionally its member pids. */
export interface CgroupSource {
  name: string;
  read(): CgroupSample;
  pids?(): readonly number[];
}

/** Peaks of a cgroup: the larger of the sampled maximum and the cgroup's own peak counter. */
export interface CgroupPeak {
  usage: number;
  swap: number;
}

/** Cgroup series columns. */
const CGROUP_COLUMNS = ['t', 'usage', 'swap'] as const;
type CgroupColumn = (typeof CGROUP_COLUMNS)[number];

/** Per-cgroup sampler state. */
export class CgroupProbe {
  latest: CgroupSample | undefined;
  readonly peak: CgroupPeak = { usage: 0, swap: 0 };
  readonly series: BoundedSeries<CgroupColumn>;
  /** The last error read() threw (the cgroup may have been removed); sampling goes on. */
  error: string | undefined;

  constructor(
    readonly source: CgroupSource,
    maxSamples: number,
  ) {
    this.series = new BoundedSeries(CGROUP_COLUMNS, maxSamples);
  }

  /** Read the cgroup at time `t`; a throwing reader is recorded, not rethrown. */
  read(t: number): void {
    let r: CgroupSample;
    try {
      r = this.source.read();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return;
    }
    this.latest = r;
    const swap = r.swapBytes ?? NaN;
    this.peak.usage = Math.max(this.peak.usage, r.usageBytes, r.peakBytes ?? 0);
    if (swap > this.peak.swap) this.peak.swap = swap;
    const row = this.series.begin();
    if (row < 0) return;
    this.series.set(0, row, t);
    this.series.set(1, row, r.usageBytes);
    this.series.set(2, row, swap);
  }
}
