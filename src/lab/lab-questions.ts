import type { RunResult } from '../result/types.js';
import { SURVIVED } from '../result/outcome.js';
import { metricOf, type LabRow } from './lab-rows.js';
import type { LabQuestion } from './lab-types.js';

// A lab's `expect:` entries are questions over the whole comparison, not pass/fail of one run: for
// each, the runs whose result answers yes, the best of those by the metric asked (lowest), and why
// each other run answers no. A run without a result, or without the metric, answers no, saying so.

/** One question, answered. */
export interface LabAnswer {
  question: string;
  /** The best run that answers yes, if any. */
  winner?: string;
  yes: string[];
  /** Each run that answers no, with the reason. */
  no: Array<{ label: string; why: string }>;
  line: string;
}

function why(q: LabQuestion, row: LabRow, r: RunResult | undefined): string | undefined {
  if (!r) return `no result (${row.vm})`;
  if (q.participant && q.outcome) {
    const mine = r.participants.filter((p) => p.participant === q.participant || p.name === q.participant);
    if (!mine.length) return `no participant ${q.participant}`;
    const bad = mine.find((p) => (q.outcome === 'survived' ? !SURVIVED.has(p.outcome) : p.outcome !== q.outcome));
    if (bad) return `${bad.name} ${bad.outcome}`;
  }
  for (const [m, max] of Object.entries(q.max ?? {}) as Array<[keyof NonNullable<LabQuestion['max']>, number]>) {
    const v = m === 'firstOom' ? row.firstOomMs : metricOf(row, m);
    if (v === null) return `no ${m}`;
    if (v > max) return `${m} ${Math.round(v * 10) / 10} > ${max}`;
  }
  return undefined;
}

// Why: the winner line per question, as the terminal and the HTML print it.
export function answerQuestions(questions: LabQuestion[], rows: LabRow[], results: Array<RunResult | undefined>): LabAnswer[] {
  return questions.map((q) => {
    const yes: LabRow[] = [];
    const no: LabAnswer['no'] = [];
    rows.forEach((row, i) => {
      const w = why(q, row, results[i]);
      if (w === undefined) yes.push(row);
      else no.push({ label: row.label, why: w });
    });
    const metric = q.best ?? 'runtime';
    const ranked = yes.map((row) => ({ row, v: metricOf(row, metric) })).sort((a, b) => (a.v ?? Infinity) - (b.v ?? Infinity));
    const winner = ranked[0]?.row.label;
    const rest = ranked.slice(1).map((x) => x.row.label);
    const line = winner
      ? `${q.question}: ${winner}${q.best ? ` (${metric !== 'firstOom' ? `lowest ${metric}` : ranked[0]!.row.firstOomMs === null ? 'no OOM kill' : 'latest first OOM kill'})` : ''}${rest.length ? `; also yes: ${rest.join(', ')}` : ''}${no.length ? `; no: ${no.map((n) => `${n.label} (${n.why})`).join(', ')}` : ''}`
      : `${q.question}: no run answers yes (${no.map((n) => `${n.label}: ${n.why}`).join('; ')})`;
    return { question: q.question, ...(winner ? { winner } : {}), yes: yes.map((r) => r.label), no, line };
  });
}
