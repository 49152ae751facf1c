import { formatKb } from '../explain/units.js';
import type { RankRow } from './ranking.js';
import type { ReplayOutcome } from './run-replay.js';
import { fmt } from './scale.js';

// The text a person reads: which event, how it was shaped, then the verdict and the two rankings side
// by side. Strings from the log are untrusted; the CLI strips control characters from every line.

const ROWS = 8;
const ESTIMATES = 4;

// Why: what the replay is about to run (and, with --no-run, all there is to say).
export function formatPlan(o: ReplayOutcome, file: string): string[] {
  const e = o.picked.event;
  const p = o.plan;
  const lines = [`${file}: OOM event ${o.picked.number} of ${o.picked.count}${o.picked.why ? ` (${o.picked.why})` : ''}: ${p.constraint}${e.kernel ? `, kernel ${e.kernel}` : ''}, ${e.victim?.name ?? '?'} (pid ${e.victim?.pid ?? '?'}) was killed.`];
  const where = p.vm ? `a ${p.vm.memBytes / 2 ** 20} MiB VM with ${p.vm.swapBytes / 2 ** 20} MiB of swap (cgroup ${p.vm.cgroup})` : 'a cgroup on this host';
  lines.push(`Scale ${fmt(p.scale)}, in ${where}${p.scenario.cgroup?.memory ? `, cgroup limit ${String(p.scenario.cgroup.memory)}${p.scenario.cgroup.swap !== undefined ? ` + swap ${String(p.scenario.cgroup.swap)}` : ''}` : ''}.`);
  lines.push('Participants, in start order (sizes in the report, before scaling):');
  for (const t of p.tasks) {
    const who = t.role === 'rest' ? `${t.name} (${t.folded?.length ?? 0} folded)` : t.role === 'ballast' ? t.name : `${t.name} (pid ${t.pid})`;
    const what = t.role === 'grows' ? 'grows until the kill' : `holds rss ${formatKb(t.rssKb)} + swap ${formatKb(t.swapKb)}`;
    lines.push(`  ${t.participant.padEnd(16)} <- ${who}: ${what}${t.oomScoreAdj ? `, oom_score_adj ${t.oomScoreAdj}` : ''}`);
  }
  if (p.estimates.length) {
    lines.push(`Estimated swap (the table has no swap column): ${p.estimates.length} task${p.estimates.length === 1 ? '' : 's'}:`);
    for (const est of [...p.estimates].sort((a, b) => b.swapKb - a.swapKb).slice(0, ESTIMATES)) lines.push(`  ${est.name} (pid ${est.pid}): ${formatKb(est.swapKb)}, ${est.how}`);
    if (p.estimates.length > ESTIMATES) lines.push(`  and ${p.estimates.length - ESTIMATES} more (--json lists them)`);
  }
  for (const n of p.notes) lines.push(`Note: ${n}.`);
  return lines;
}

// Why: the verdict, then where the two rankings part.
export function formatComparison(o: ReplayOutcome): string[] {
  if (!o.replay) return [];
  const r = o.replay;
  const lines = [r.verdict.line, ''];
  const left = o.original.slice(0, ROWS).map((row, i) => cell(row, i, 'report'));
  const right = r.rows.slice(0, ROWS).map((row, i) => cell(row, i, 'replay'));
  const w = Math.max(34, ...left.map((s) => s.length));
  lines.push(`${'the report (rss + swap)'.padEnd(w)}   the replay's kernel report (x${fmt(o.plan.scale)})`);
  for (let i = 0; i < Math.max(left.length, right.length); i++) lines.push(`${(left[i] ?? '').padEnd(w)}   ${right[i] ?? ''}`);
  lines.push('', `replay took ${r.seconds.toFixed(1)} s${r.vm?.bootMs != null ? ` (VM boot ${(r.vm.bootMs / 1000).toFixed(1)} s)` : ''}`);
  return lines;
}

function cell(row: RankRow, i: number, side: 'report' | 'replay'): string {
  const name = side === 'replay' && row.participant ? row.participant : row.name;
  const swap = row.swapKb ? ` +${formatKb(row.swapKb)}${row.estimated ? '~' : ''}` : '';
  return `${String(i + 1).padStart(2)}. ${name.slice(0, 16)} ${formatKb(row.rssKb)}${swap}${row.killed ? '  <- killed' : ''}`;
}

// Why: `--matrix` on a replay: per value, whether the same task died, next to the usual matrix columns.
export function formatReplayMatrix(o: ReplayOutcome, table: string): string[] {
  if (!o.matrix) return [];
  const lines = o.matrix.runs.map((r, i) => `${o.matrix!.key}=${o.matrix!.values[i]}: ${r.verdict.line} (${r.seconds.toFixed(1)} s)`);
  return [...lines, '', table];
}
