// Bounded column series. Each column is a Float64Array (exact for byte counts up to 2^53);
// capacity starts small and doubles up to `maxSamples`. When full, every other row is dropped
// and from then on only every 2nd (then 4th, ...) offered row is kept: memory stays bounded
// (columns x maxSamples x 8 bytes) and the series still covers the whole run, evenly thinned.
// Peaks are tracked apart from the series, so thinning never loses a peak.

/** A read-only view of a series: column name -> values, all the same length. */
export type SeriesColumns<K extends string> = Record<K, Float64Array>;

/** Columnar time series with decimation once `maxSamples` rows are held. */
export class BoundedSeries<K extends string> {
  private cols: Float64Array[];
  private len = 0;
  private offered = 0;
  /** Only every `stride`-th offered row is kept (1 until the first thinning). */
  stride = 1;

  constructor(
    readonly names: readonly K[],
    readonly maxSamples = 4096,
    initial = 64,
  ) {
    const cap = Math.min(initial, maxSamples);
    this.cols = names.map(() => new Float64Array(cap));
  }

  /** Rows held now. */
  get length(): number {
    return this.len;
  }

  /** Offer a row: the index to write with set(), or -1 when decimation skips it. */
  begin(): number {
    if (this.offered++ % this.stride !== 0) return -1;
    if (this.len === this.cols[0]!.length) {
      if (this.len >= this.maxSamples) this.thin();
      else this.grow();
    }
    return this.len++;
  }

  /** Write column `c` (index into `names`) of row `row`. */
  set(c: number, row: number, v: number): void {
    this.cols[c]![row] = v;
  }

  /** The last value of column `c`, or NaN when empty. */
  last(c: number): number {
    return this.len ? this.cols[c]![this.len - 1]! : NaN;
  }

  /** Copies of the held rows, by column name. */
  columns(): SeriesColumns<K> {
    const out = {} as SeriesColumns<K>;
    this.names.forEach((n, i) => (out[n] = this.cols[i]!.slice(0, this.len)));
    return out;
  }

  private grow(): void {
    const cap = Math.min(this.cols[0]!.length * 2, this.maxSamples);
    this.cols = this.cols.map((c) => {
      const n = new Float64Array(cap);
      n.set(c);
      return n;
    });
  }

  private thin(): void {
    for (const c of this.cols) for (let i = 0; 2 * i < this.len; i++) c[i] = c[2 * i]!;
    this.len = Math.ceil(this.len / 2);
    this.stride *= 2;
    this.offered = 1; // the row being offered now is the first of the next stride
  }
}

/** Columns as plain arrays, for JSON (a Float64Array would serialise as an object of indexes). */
export function plainColumns<K extends string>(cols: SeriesColumns<K>): Record<K, number[]> {
  const out = {} as Record<K, number[]>;
  for (const k of Object.keys(cols) as K[]) out[k] = Array.from(cols[k]);
  return out;
}
