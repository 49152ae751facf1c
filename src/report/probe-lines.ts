import type { ParticipantResult, RunResult } from '../result/types.js';

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

// Why: one line per probe participant in the text summary (its pass latencies and stalls).
export function probeLines(participants: readonly ParticipantResult[]): string[] {
  return participants.flatMap((p) => {
    const f = p.probe;
    if (!f) return [];
    if (f.passes === 0) return [`probe ${p.name}: no pass completed`];
    return [
      `probe ${p.name}: ${f.passes} passes, p50 ${ms(f.p50Ms)} ms, p95 ${ms(f.p95Ms)} ms, p99 ${ms(f.p99Ms)} ms, max ${ms(f.maxMs)} ms; ` +
        `${f.stalls} stall${f.stalls === 1 ? '' : 's'} (> 10x baseline ${ms(f.baselineP50Ms)} ms), ${ms(f.stalledMs)} ms stalled`,
    ];
  });
}

// Why: the run's memory pressure in the text summary (stall time added during the run, avg10 peaks).
export function psiLines(psi: RunResult['psi']): string[] {
  if (!psi) return [];
  const one = (name: string, t: NonNullable<RunResult['psi']>['host'] & object) =>
    `PSI ${name}: some ${(t.someTotalUs / 1000).toFixed(1)} ms (avg10 peak ${t.someAvg10Max}%), full ${(t.fullTotalUs / 1000).toFixed(1)} ms (avg10 peak ${t.fullAvg10Max}%)`;
  const out = [...(psi.host ? [one('host', psi.host)] : []), ...Object.entries(psi.groups).map(([n, t]) => one(`cgroup ${n}`, t))];
  if (psi.note) out.push(`note: ${psi.note}`);
  return out;
}
