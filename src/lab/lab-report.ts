import { basename } from 'node:path';
import { stripControl } from '../report/escape.js';
import { renderHtmlReport } from '../report/html.js';
import type { RunResult } from '../result/types.js';
import { formatTable, LAB_HEAD, labCells } from './lab-rows.js';
import type { LabOutcome } from './run-lab.js';

// The lab's three outputs from one LabOutcome: the terminal table with the winner lines, the JSON
// document (`oomlab/lab@1`: the lab, its rows and answers, and every run's full result) and the HTML
// page (the comparison first, then each run as `oomlab run` shows it).

/** The lab document's schema id. */
export const LAB_SCHEMA = 'oomlab/lab@1';

// Why: what the terminal shows first (the guest's text is stripped of control characters).
export function formatLabOutcome(o: LabOutcome): string {
  const cells = labCells(o.rows).map((r) => r.map(stripControl));
  const lines = [`lab ${o.lab.name}: ${basename(o.lab.scenario)} on ${o.rows.length} machines (${o.parallel} VM${o.parallel > 1 ? 's' : ''} at a time, ${(o.wallMs / 1000).toFixed(1)}s)`, '', formatTable(LAB_HEAD, cells)];
  if (o.answers.length) lines.push('', ...o.answers.map((a) => stripControl(`${a.winner ? 'winner' : 'no winner'}: ${a.line}`)));
  return lines.join('\n');
}

// Why: `--json`: the comparison as computed, and the runs for anyone who wants more.
export function labJson(o: LabOutcome): object {
  return { schema: LAB_SCHEMA, lab: o.lab, parallel: o.parallel, wallMs: o.wallMs, rows: o.rows, answers: o.answers, runs: o.results.map((r) => r ?? null) };
}

// Why: `--html`: the report page with the lab's table and winners above the runs.
export function labHtml(o: LabOutcome): string {
  const withResult = o.results.map((r, i) => ({ r, label: o.rows[i]!.label })).filter((x): x is { r: RunResult; label: string } => x.r !== undefined);
  return renderHtmlReport(
    withResult.map((x) => x.r),
    {
      title: `oomlab lab ${o.lab.name}`,
      comparison: {
        title: `${o.lab.name}: ${basename(o.lab.scenario)} on ${o.rows.length} machines`,
        caption: 'One VM per machine: who was killed (or failed to allocate), time to the first OOM kill, the largest swap peak (and zram\'s compressed size at its peak), major faults, the probe\'s p99 pass latency and stalled time, the memory PSI `full` total, and the runtime.',
        head: LAB_HEAD,
        rows: labCells(o.rows),
        lines: o.answers.map((a) => `${a.winner ? 'winner' : 'no winner'}: ${a.line}`),
        labels: withResult.map((x) => x.label),
      },
    },
  );
}
