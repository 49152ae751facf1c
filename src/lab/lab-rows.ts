import { formatKilled } from '../report/matrix.js';
import type { RunResult } from '../result/types.js';
import { formatSize } from '../units/size.js';
import type { LabMetric, LabRunSpec } from './lab-types.js';

// One row per VM of a lab, computed once so the terminal, the JSON and the HTML agree. Probe and PSI
// figures come from the probe participants' results and the run's PSI totals when the result has them
// (`probe`, `psi`); a run without a probe (or a kernel without PSI) shows "–".

/** One run of the lab, reduced to what the comparison shows. */
export interface LabRow {
  label: string;
  /** `exited`, or how the VM failed (timeout, guest-failed, vm-failed, malformed). */
  vm: string;
  failure?: string;
  killed: string[];
  mallocFailed: string[];
  firstOomMs: number | null;
  peakSwapBytes: number | null;
  majorFaults: number | null;
  /** The worst probe's p99 and the stalled time summed over probes. */
  probeP99Ms: number | null;
  stalledMs: number | null;
  /** The guest's memory `full` stall total over the run, in µs. */
  psiFullUs: number | null;
  runtimeMs: number | null;
  verdict: 'pass' | 'fail' | 'no result';
  /** zram: compressed bytes at the peak (what the swapped data cost in RAM). */
  zramPeakComprBytes?: number;
}


// Why: a run (or its failure) into a row.
export function labRow(spec: LabRunSpec, r: RunResult | undefined, vm: { outcome: string; failure?: string }): LabRow {
  if (!r) return { label: spec.label, vm: vm.outcome, ...(vm.failure ? { failure: vm.failure } : {}), killed: [], mallocFailed: [], firstOomMs: null, peakSwapBytes: null, majorFaults: null, probeP99Ms: null, stalledMs: null, psiFullUs: null, runtimeMs: null, verdict: 'no result' };
  const probes = r.participants.flatMap((p) => (p.probe ? [p.probe] : []));
  const psi = r.psi?.host;
  const row: LabRow = {
    label: spec.label,
    vm: vm.outcome,
    killed: r.oomEvents.map((e) => e.participant ?? `${e.victimName} (pid ${e.victimPid})`),
    mallocFailed: r.participants.filter((p) => p.outcome === 'malloc-failed').map((p) => p.name),
    firstOomMs: r.oomEvents.length ? Math.min(...r.oomEvents.map((e) => e.atMs)) : null,
    peakSwapBytes: Math.max(0, ...r.participants.map((p) => p.peakSwapBytes)),
    majorFaults: r.participants.reduce((n, p) => n + p.majorFaults, 0),
    probeP99Ms: probes.length ? Math.max(...probes.map((p) => p.p99Ms)) : null,
    stalledMs: probes.length ? probes.reduce((n, p) => n + p.stalledMs, 0) : null,
    psiFullUs: psi ? psi.fullTotalUs : null,
    runtimeMs: r.durationMs,
    verdict: r.verdict,
  };
  if (r.host.vm?.zram) row.zramPeakComprBytes = r.host.vm.zram.peakComprBytes;
  return row;
}

// Why: a metric of a row, for ranking (null: not measured).
export function metricOf(row: LabRow, m: LabMetric): number | null {
  switch (m) {
    case 'probeP99': return row.probeP99Ms;
    case 'stalled': return row.stalledMs;
    case 'psiFull': return row.psiFullUs;
    // Later is better, and never best of all.
    case 'firstOom': return row.runtimeMs === null ? null : row.firstOomMs === null ? -Number.MAX_SAFE_INTEGER : -row.firstOomMs;
    case 'oomKills': return row.runtimeMs === null ? null : row.killed.length;
    case 'majorFaults': return row.majorFaults;
    case 'peakSwap': return row.peakSwapBytes;
    case 'runtime': return row.runtimeMs;
  }
}

const ms = (v: number | null): string => (v === null ? '–' : v >= 10_000 ? `${(v / 1000).toFixed(1)}s` : v >= 1000 ? `${(v / 1000).toFixed(2)}s` : `${v.toFixed(v < 10 ? 1 : 0)}ms`);

// A guest's reason can be long (it says how to fix the machine); the table keeps its start, the JSON all of it.
const short = (text: string): string => (text.length > 60 ? `${text.slice(0, 59)}…` : text);

/** The table's header. */
export const LAB_HEAD = ['settings', 'killed', 'malloc-failed', 'first OOM', 'peak swap', 'major faults', 'probe p99', 'stalled', 'PSI full', 'runtime', 'verdict'];

// Why: the cells of the comparison, shared by the terminal table and the HTML.
export function labCells(rows: LabRow[]): string[][] {
  return rows.map((r) => [
    r.label,
    r.runtimeMs === null ? `(${r.vm}${r.failure ? `: ${short(r.failure)}` : ''})` : formatKilled(r.killed),
    r.mallocFailed.length ? r.mallocFailed.join(', ') : r.runtimeMs === null ? '–' : 'none',
    r.firstOomMs === null ? '–' : ms(r.firstOomMs),
    r.peakSwapBytes === null ? '–' : `${formatSize(r.peakSwapBytes)}${r.zramPeakComprBytes !== undefined ? ` (zram ${formatSize(r.zramPeakComprBytes)})` : ''}`,
    r.majorFaults === null ? '–' : String(r.majorFaults),
    ms(r.probeP99Ms),
    ms(r.stalledMs),
    r.psiFullUs === null ? '–' : ms(r.psiFullUs / 1000),
    ms(r.runtimeMs),
    r.verdict,
  ]);
}

// Why: aligned columns for the terminal (the cells were stripped of control characters by the caller).
export function formatTable(head: string[], rows: string[][]): string {
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}
