import type { OomEvent, OomTask } from '../kernel-log/event.js';

// The task table is the only evidence of why this victim and not another. The kernel's badness is
// roughly rss + swap entries + page tables (pages), shifted by oom_score_adj; the table shows the
// first two (swap only since 3.x), so tasks are ranked by rss + swapents and the caller says which
// columns were there.

/** One task's footprint as the table shows it, in kB. */
interface Footprint {
  task: OomTask;
  rssKb: number;
  swapKb?: number;
  totalKb: number;
}

// Why: the "largest tasks" list and the victim's place in it.
export function rankTasks(event: OomEvent): { ranked: Footprint[]; hasSwap: boolean } {
  const page = event.pageSizeKb ?? 4;
  const tasks = event.tasks ?? [];
  const hasSwap = tasks.some((t) => t.swapents !== undefined);
  const ranked = tasks
    .filter((t) => t.rss !== undefined)
    .map((task) => {
      const rssKb = (task.rss ?? 0) * page;
      const swapKb = task.swapents === undefined ? undefined : task.swapents * page;
      const f: Footprint = { task, rssKb, totalKb: rssKb + (swapKb ?? 0) };
      if (swapKb !== undefined) f.swapKb = swapKb;
      return f;
    })
    .sort((a, b) => b.totalKb - a.totalKb);
  return { ranked, hasSwap };
}

/** RAM + swap in kB, the denominator of an old-format score for a global OOM. */
function machineTotalKb(event: OomEvent): number | undefined {
  const m = event.memInfo;
  if (m?.ramPages === undefined) return undefined;
  return m.ramPages * (event.pageSizeKb ?? 4) + (m.totalSwapKb ?? 0);
}

// Why: an old `score S` is the victim's charge per mille of what the OOM was about (RAM + swap for
// the machine; the limit for a cgroup), plus its oom_score_adj; this turns it back into kB.
export function impliedChargeKb(event: OomEvent): { kb: number; ofKb: number; of: string; adj: number } | undefined {
  const score = event.victim?.score;
  if (score === undefined) return undefined;
  const adj = event.victim?.oomScoreAdj ?? event.tasks?.find((t) => t.pid === event.victim?.pid)?.oomScoreAdj ?? 0;
  const share = (score - adj) / 1000;
  if (!(share > 0 && share <= 1)) return undefined;
  if (event.constraint === 'memcg') {
    const limit = event.memcg?.memsw?.limitKb !== undefined && event.memcg.memsw.limitKb < 2 ** 50 ? event.memcg.memsw.limitKb : event.memcg?.limitKb;
    if (limit === undefined || limit >= 2 ** 50) return undefined;
    return { kb: share * limit, ofKb: limit, of: 'the cgroup limit', adj };
  }
  const total = machineTotalKb(event);
  if (total === undefined) return undefined;
  return { kb: share * total, ofKb: total, of: 'RAM+swap', adj };
}
