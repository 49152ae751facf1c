import type { OomEvent } from '../kernel-log/event.js';
import { impliedChargeKb } from '../explain/ranking.js';

// Where each task's swap comes from. Since 3.x the table has a `swapents` column and that is the
// answer. Older tables (2.6.32, the article's) do not, yet swap is often most of the story (the
// article's victim had 10 MiB resident and ~3 GiB in swap), so it is estimated, and every estimate
// is reported: first the victim's, from its `score` (explain's arithmetic: score/1000 × (RAM+swap) −
// rss); then the swap in use that the score does not account for (Total swap − Free swap), spread
// over the other tasks by their non-resident virtual size (total_vm − rss), which bounds each.

/** One estimated figure, for the output and the JSON. */
export interface SwapEstimate {
  pid: number;
  name: string;
  swapKb: number;
  how: string;
}

/** Each task's swap in kB (by pid), and which of them were estimated. */
export interface SwapFigures {
  swapKb: Map<number, number>;
  /** True when the table had a swap column (nothing estimated). */
  fromTable: boolean;
  estimates: SwapEstimate[];
}

// Why: the replay must put each task's swapped-out memory somewhere; this says how much, and how known.
export function swapFigures(event: OomEvent): SwapFigures {
  const page = event.pageSizeKb ?? 4;
  const tasks = event.tasks ?? [];
  const swapKb = new Map<number, number>();
  if (tasks.some((t) => t.swapents !== undefined)) {
    for (const t of tasks) swapKb.set(t.pid, (t.swapents ?? 0) * page);
    return { swapKb, fromTable: true, estimates: [] };
  }
  const estimates: SwapEstimate[] = [];
  for (const t of tasks) swapKb.set(t.pid, 0);
  const implied = impliedChargeKb(event);
  const victim = tasks.find((t) => t.pid === event.victim?.pid);
  let accounted = 0;
  if (implied && victim && event.victim?.score !== undefined) {
    const rssKb = (victim.rss ?? 0) * page;
    const kb = Math.max(0, Math.round(implied.kb - rssKb));
    swapKb.set(victim.pid, kb);
    accounted = kb;
    estimates.push({ pid: victim.pid, name: victim.name, swapKb: kb, how: `from its score ${event.victim.score}: ${event.victim.score - implied.adj}/1000 of ${implied.of} (${mib(implied.ofKb)}) less its rss ${mib(rssKb)}` });
  }
  const used = usedSwapKb(event);
  if (used === undefined) return { swapKb, fromTable: false, estimates };
  const left = Math.max(0, used - accounted);
  const others = tasks.filter((t) => t.pid !== victim?.pid || !estimates.length);
  const room = others.map((t) => Math.max(0, ((t.totalVm ?? 0) - (t.rss ?? 0)) * page));
  const roomSum = room.reduce((a, b) => a + b, 0);
  if (left <= 0 || roomSum <= 0) return { swapKb, fromTable: false, estimates };
  const share = Math.min(1, left / roomSum);
  others.forEach((t, i) => {
    const kb = Math.round(room[i]! * share);
    if (kb < 1024) return;
    swapKb.set(t.pid, kb);
    estimates.push({ pid: t.pid, name: t.name, swapKb: kb, how: `${mib(left)} of swap in use not in the victim's score, spread by non-resident virtual size (this task: ${mib(room[i]!)})` });
  });
  return { swapKb, fromTable: false, estimates };
}

/** Swap in use at the time of the report, when the report says. */
function usedSwapKb(event: OomEvent): number | undefined {
  if (event.constraint === 'memcg') {
    const m = event.memcg;
    if (m?.memsw?.usageKb !== undefined && m.usageKb !== undefined) return Math.max(0, m.memsw.usageKb - m.usageKb);
    return m?.swap?.usageKb;
  }
  const mi = event.memInfo;
  if (mi?.totalSwapKb === undefined || mi.freeSwapKb === undefined) return undefined;
  return Math.max(0, mi.totalSwapKb - mi.freeSwapKb);
}

function mib(kb: number): string {
  return kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GiB` : `${(kb / 1024).toFixed(1)} MiB`;
}
