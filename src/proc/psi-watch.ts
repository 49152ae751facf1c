import { BoundedSeries, type SeriesColumns } from './bounded-series.js';
import { readPsi, type Psi } from './pressure.js';

// Memory pressure (PSI) over a run: the host's /proc/pressure/memory and each run cgroup's v2
// memory.pressure, read on the run's ticks. Kept: the avg10 shares (percent) of `some` and `full` as a
// series, their maxima, and the stall time each accumulated during the run (the difference of the
// kernel's `total=` counters, in microseconds, between the first and the last reading). A file that
// does not exist (no CONFIG_PSI, booted psi=0, or cgroup v1, which has no per-group pressure) is
// left out and said so in `note`.

/** One source's pressure over the run. */
export interface PsiTotals {
  someTotalUs: number;
  fullTotalUs: number;
  someAvg10Max: number;
  fullAvg10Max: number;
}

/** A source's avg10 series: some and full, percent. */
export type PsiColumns = Record<'t' | 'some' | 'full', number[]>;

const plain = (c: SeriesColumns<'t' | 'some' | 'full'>): PsiColumns => ({ t: Array.from(c.t, Math.round), some: Array.from(c.some), full: Array.from(c.full) });

/** Where to read: the host file (or none), and each group's memory.pressure (or none, on v1). */
export interface PsiSources {
  hostPath?: string;
  groups: ReadonlyArray<{ name: string; path?: string }>;
}

class Source {
  first?: Psi;
  last?: Psi;
  readonly totals: PsiTotals = { someTotalUs: 0, fullTotalUs: 0, someAvg10Max: 0, fullAvg10Max: 0 };
  readonly series = new BoundedSeries(['t', 'some', 'full'] as const, 2048);
  constructor(readonly path: string) {}

  read(t: number): void {
    const psi = readPsi(this.path);
    if (!psi) return;
    this.first ??= psi;
    this.last = psi;
    const full = psi.full?.avg10 ?? 0;
    this.totals.someAvg10Max = Math.max(this.totals.someAvg10Max, psi.some.avg10);
    this.totals.fullAvg10Max = Math.max(this.totals.fullAvg10Max, full);
    this.totals.someTotalUs = psi.some.totalUs - this.first.some.totalUs;
    this.totals.fullTotalUs = (psi.full?.totalUs ?? 0) - (this.first.full?.totalUs ?? 0);
    const row = this.series.begin();
    if (row < 0) return;
    this.series.set(0, row, t);
    this.series.set(1, row, psi.some.avg10);
    this.series.set(2, row, full);
  }
}

/** The run's pressure readings. */
export class PsiWatch {
  private host?: Source;
  private groups = new Map<string, Source>();
  private noGroup: string[] = [];

  constructor(sources: PsiSources) {
    if (sources.hostPath) this.host = new Source(sources.hostPath);
    for (const g of sources.groups) {
      if (g.path) this.groups.set(g.name, new Source(g.path));
      else this.noGroup.push(g.name);
    }
  }

  // Why: one reading of every source, at t ms since the run started (the run's tick).
  read(t: number): void {
    this.host?.read(t);
    for (const s of this.groups.values()) s.read(t);
  }

  /** The totals, the series and what was missing. */
  report(): { host: PsiTotals | null; groups: Record<string, PsiTotals>; note?: string; series: { host?: PsiColumns; groups: Record<string, PsiColumns> } } {
    const notes: string[] = [];
    const host = this.host?.last ? this.host.totals : null;
    if (!host) notes.push('the host has no /proc/pressure/memory (a kernel without CONFIG_PSI, or booted psi=0)');
    const groups: Record<string, PsiTotals> = {};
    const series: { host?: PsiColumns; groups: Record<string, PsiColumns> } = { groups: {} };
    if (host) series.host = plain(this.host!.series.columns());
    for (const [name, s] of this.groups) {
      if (!s.last) continue;
      groups[name] = s.totals;
      series.groups[name] = plain(s.series.columns());
    }
    const missing = [...this.noGroup, ...[...this.groups].filter(([, s]) => !s.last).map(([n]) => n)];
    if (missing.length) notes.push(`no per-cgroup memory pressure for ${missing.join(', ')} (cgroup v1 has none; v2 needs CONFIG_PSI)`);
    return notes.length ? { host, groups, note: notes.join('; '), series } : { host, groups, series };
  }
}
