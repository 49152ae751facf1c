import { stripControl } from './escape.js';
import type { RunResult } from '../result/types.js';
import { formatSize } from '../units/size.js';

/** One value of a `--matrix key=v1,v2,...` sweep, reduced to what the comparison shows. */
interface MatrixRow {
  value: string;
  scenario: string;
  /** ms from the run's start to its first OOM kill; null when nobody was killed. */
  firstOomMs: number | null;
  /** The largest peak swap of any participant. */
  peakSwapBytes: number;
  /** Major faults summed over all participants. */
  majorFaults: number;
  /** One entry per kill, in order: the participant, or the kernel's name and pid when not ours. */
  killed: string[];
  runtimeMs: number;
  verdict: RunResult['verdict'];
}

// Why: the matrix comparison is computed once, here, so the text table, JSON and HTML agree.
export function matrixRows(results: RunResult[], values: string[]): MatrixRow[] {
  return results.map((r, i) => ({
    value: values[i] ?? String(i + 1),
    scenario: r.scenario.name,
    firstOomMs: r.oomEvents.length ? Math.min(...r.oomEvents.map((e) => e.atMs)) : null,
    peakSwapBytes: Math.max(0, ...r.participants.map((p) => p.peakSwapBytes)),
    majorFaults: r.participants.reduce((sum, p) => sum + p.majorFaults, 0),
    killed: r.oomEvents.map((e) => e.participant ?? `${e.victimName} (pid ${e.victimPid})`),
    runtimeMs: r.durationMs,
    verdict: r.verdict,
  }));
}

// Why: "a, a, b" reads worse than "a x2, b" when one participant is killed again and again.
export function formatKilled(killed: string[]): string {
  if (!killed.length) return 'nobody';
  const counts = new Map<string, number>();
  for (const k of killed) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => (n > 1 ? `${k} x${n}` : k)).join(', ');
}

// Why: the header and cells of the comparison as strings, shared by the terminal and HTML tables.
export function matrixCells(key: string, rows: MatrixRow[]): string[][] {
  return [
    [key, 'first OOM', 'peak swap', 'major faults', 'killed', 'runtime', 'verdict'],
    ...rows.map((r) => [
      r.value,
      r.firstOomMs === null ? '-' : `${(r.firstOomMs / 1000).toFixed(2)}s`,
      formatSize(r.peakSwapBytes),
      String(r.majorFaults),
      formatKilled(r.killed),
      `${(r.runtimeMs / 1000).toFixed(2)}s`,
      r.verdict,
    ]),
  ];
}

// Why: `oomlab run --matrix` prints this on a terminal; process names are stripped of control characters.
export function formatMatrixTable(key: string, rows: MatrixRow[]): string {
  const cells = matrixCells(stripControl(key), rows).map((r) => r.map(stripControl));
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  return cells.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}
