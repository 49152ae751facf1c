import { BoundedSeries } from '../proc/bounded-series.js';

// A probe's passes become its figures. The baseline is the p50 of its first BASELINE_PASSES passes:
// a probe starts with the scenario (or alone, before the pressure it is there to feel), so those passes
// are its unloaded speed. A stall is a pass slower than STALL_FACTOR times that baseline; stalled time
// is the sum of the stalled passes' durations. Passes, max, stalls and stalled time are counted
// exactly; percentiles come from the durations kept, which are all of them up to MAX_KEPT and then
// every 2nd (4th, ...) one, evenly over the run (as bounded-series.ts thins), so memory stays bounded.

/** How many first passes make the baseline (200 ms at every: 10ms). */
export const BASELINE_PASSES = 20;
/** A pass this many times slower than the baseline is a stall. */
export const STALL_FACTOR = 10;
const MAX_KEPT = 1 << 20;

/** A probe's figures in a result (milliseconds). */
export interface ProbeFigures {
  passes: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  baselineP50Ms: number;
  stalls: number;
  stalledMs: number;
}

// Why: nearest-rank percentile of sorted values (p in 0..100); NaN when empty.
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

// Why: the figures of a finished list of pass durations (tests and the collector share this rule).
export function probeFigures(durationsMs: readonly number[]): ProbeFigures {
  const c = new ProbeCollector();
  durationsMs.forEach((ms, i) => c.add(i, ms));
  return c.figures();
}

/** Collects one probe's passes as they are reported. */
export class ProbeCollector {
  private kept = new Float64Array(1024);
  private nKept = 0;
  private stride = 1;
  private passes = 0;
  private max = 0;
  private first: number[] = [];
  private baseline = NaN;
  private stalls = 0;
  private stalledMs = 0;
  /** The latency series for the report: t (ms since the run started) and the pass's ms. */
  readonly series = new BoundedSeries(['t', 'ms'] as const, 4096);

  // Why: one pass, at tMs since the run started, that took ms.
  add(tMs: number, ms: number): void {
    this.passes++;
    if (ms > this.max) this.max = ms;
    if (Number.isNaN(this.baseline)) {
      this.first.push(ms);
      if (this.first.length === BASELINE_PASSES) this.settleBaseline();
    } else if (ms > STALL_FACTOR * this.baseline) {
      this.stalls++;
      this.stalledMs += ms;
    }
    if ((this.passes - 1) % this.stride === 0) this.keep(ms);
    const row = this.series.begin();
    if (row >= 0) {
      this.series.set(0, row, tMs);
      this.series.set(1, row, ms);
    }
  }

  /** Passes reported so far. */
  get count(): number {
    return this.passes;
  }

  figures(): ProbeFigures {
    if (this.first.length > 0) this.settleBaseline();
    const sorted = this.kept.slice(0, this.nKept).sort();
    const r = (v: number) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : 0);
    return {
      passes: this.passes,
      p50Ms: r(percentile(sorted, 50)),
      p95Ms: r(percentile(sorted, 95)),
      p99Ms: r(percentile(sorted, 99)),
      maxMs: r(this.max),
      baselineP50Ms: r(this.baseline),
      stalls: this.stalls,
      stalledMs: r(this.stalledMs),
    };
  }

  // The baseline is known once the first passes are in (or at the end of a short run); those passes
  // are then judged against it too.
  private settleBaseline(): void {
    if (!Number.isNaN(this.baseline)) return;
    this.baseline = percentile([...this.first].sort((a, b) => a - b), 50);
    for (const ms of this.first) {
      if (ms > STALL_FACTOR * this.baseline) {
        this.stalls++;
        this.stalledMs += ms;
      }
    }
  }

  private keep(ms: number): void {
    if (this.nKept === this.kept.length) {
      if (this.nKept >= MAX_KEPT) {
        for (let i = 0; i < this.nKept / 2; i++) this.kept[i] = this.kept[2 * i]!;
        this.nKept /= 2;
        this.stride *= 2;
        if ((this.passes - 1) % this.stride !== 0) return;
      } else {
        const grown = new Float64Array(this.kept.length * 2);
        grown.set(this.kept);
        this.kept = grown;
      }
    }
    this.kept[this.nKept++] = ms;
  }
}
