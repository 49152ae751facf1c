import type { OomEvent } from '../kernel-log/event.js';
import { parseKernelLog } from '../kernel-log/parse.js';
import { rankTasks } from '../explain/ranking.js';
import type { RunResult } from '../result/types.js';
import type { SwapFigures } from './swap-estimate.js';

// The two rankings a replay prints side by side: the report's task table by badness (explain's
// ranking, with the swap estimates where the table had no swap column) and the replay's own kernel
// report, parsed by the same parser, its pids mapped back to participants.

/** One row of a ranking, in kB. */
export interface RankRow {
  pid: number;
  name: string;
  rssKb: number;
  swapKb: number;
  totalKb: number;
  oomScoreAdj?: number;
  /** Where swapKb was estimated rather than read. */
  estimated?: boolean;
  /** In the replay: the participant this process was. */
  participant?: string;
  killed?: boolean;
}

// Why: the original's ranking, as explain ranks it, with estimated swap counted where it was estimated.
export function originalRanking(event: OomEvent, swap: SwapFigures): RankRow[] {
  const estimated = new Set(swap.estimates.map((e) => e.pid));
  return rankTasks(event)
    .ranked.map((f) => {
      const swapKb = f.swapKb ?? swap.swapKb.get(f.task.pid) ?? 0;
      const row: RankRow = { pid: f.task.pid, name: f.task.name, rssKb: f.rssKb, swapKb, totalKb: f.rssKb + swapKb, killed: f.task.pid === event.victim?.pid };
      if (f.task.oomScoreAdj !== undefined) row.oomScoreAdj = f.task.oomScoreAdj;
      if (estimated.has(f.task.pid)) row.estimated = true;
      return row;
    })
    .sort((a, b) => b.totalKb - a.totalKb);
}

// Why: the replay's ranking comes from the guest kernel's own report of the first kill, not from samples.
export function replayRanking(result: RunResult): { event?: OomEvent; rows: RankRow[] } {
  const first = result.oomEvents[0];
  if (!first) return { rows: [] };
  const event = parseKernelLog(first.report.join('\n'))[0];
  if (!event) return { rows: [] };
  const byPid = new Map(result.participants.filter((p) => p.pid !== undefined).map((p) => [p.pid!, p.name]));
  const rows = rankTasks(event).ranked.map((f) => {
    const row: RankRow = { pid: f.task.pid, name: f.task.name, rssKb: f.rssKb, swapKb: f.swapKb ?? 0, totalKb: f.totalKb, killed: f.task.pid === first.victimPid };
    if (f.task.oomScoreAdj !== undefined) row.oomScoreAdj = f.task.oomScoreAdj;
    const p = byPid.get(f.task.pid);
    if (p) row.participant = p;
    return row;
  });
  return { event, rows };
}
