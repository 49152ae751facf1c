// Achieved sampling intervals: the gaps between actual tick starts, kept in a fixed ring (the
// last 65536 gaps, 512 KiB) so percentiles describe the recent run at bounded memory.

/** Percentiles of the gaps, in milliseconds. */
export interface GapSummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** A ring of gap durations with percentile summaries. */
export class GapStats {
  private ring: Float64Array;
  private n = 0;
  private sum = 0;
  private maxGap = 0;

  constructor(capacity = 65536) {
    this.ring = new Float64Array(capacity);
  }

  /** Record one gap (ms). */
  add(gap: number): void {
    this.ring[this.n % this.ring.length] = gap;
    this.n++;
    this.sum += gap;
    if (gap > this.maxGap) this.maxGap = gap;
  }

  /** p50/p99/max/mean over the ring (NaN when empty); `mean` and `max` cover every gap. */
  summary(): GapSummary {
    const held = this.ring.slice(0, Math.min(this.n, this.ring.length)).sort();
    const at = (q: number): number => (held.length ? held[Math.min(held.length - 1, Math.ceil(q * held.length) - 1)]! : NaN);
    return { count: this.n, p50: at(0.5), p99: at(0.99), max: this.n ? this.maxGap : NaN, mean: this.n ? this.sum / this.n : NaN };
  }
}
