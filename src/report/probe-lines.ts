import type { ParticipantResult } from '../result/types.js';

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
