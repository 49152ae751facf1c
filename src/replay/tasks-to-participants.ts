import type { OomEvent, OomTask } from '../kernel-log/event.js';
import { participantNames } from './names.js';
import type { SwapFigures } from './swap-estimate.js';

// Which tasks of the report become participants, in which order, holding how much. The largest tasks
// by rss + swap, until they cover 95% of what the table accounts for (at most `top`), plus the victim
// and the task that invoked the oom-killer whatever their size; the rest folded into one `rest`.
// Order is what decides where swap goes: whoever is idle when memory runs out is swapped, so tasks
// with the most swap start first and go idle, then the resident ones, and last the task that invoked
// the oom-killer, which grows until the kill.

/** One participant of the replay, in the original's terms (unscaled kB). */
export interface ReplayTask {
  participant: string;
  /** The original task's name and pid (for `rest`: the first folded task's name, pid of none). */
  name: string;
  pid?: number;
  /** The pids folded into `rest`. */
  folded?: number[];
  rssKb: number;
  swapKb: number;
  oomScoreAdj: number;
  /** `ballast`: not a task of the report: memory the VM must not offer (see build-scenario.ts). */
  role: 'rest' | 'holds' | 'grows' | 'ballast';
}

const COVER = 0.95;

// Why: the report's task table, reduced to the few participants a replay can run and the user can read.
export function tasksToParticipants(event: OomEvent, swap: SwapFigures, top = 12): ReplayTask[] {
  const page = event.pageSizeKb ?? 4;
  const rows = (event.tasks ?? []).filter((t) => t.rss !== undefined);
  const foot = (t: OomTask) => (t.rss ?? 0) * page + (swap.swapKb.get(t.pid) ?? 0);
  const sorted = [...rows].sort((a, b) => foot(b) - foot(a) || a.pid - b.pid);
  const total = sorted.reduce((s, t) => s + foot(t), 0);
  const grows = findTrigger(event, sorted);
  const must = new Set([grows?.pid, event.victim?.pid].filter((p): p is number => p !== undefined));
  const chosen: OomTask[] = [];
  let covered = 0;
  for (const t of sorted) {
    const needed = covered < COVER * total && chosen.length < top;
    if (needed || must.has(t.pid)) {
      chosen.push(t);
      covered += foot(t);
    }
  }
  const rest = sorted.filter((t) => !chosen.includes(t));
  const holders = chosen.filter((t) => t !== grows).sort((a, b) => (swap.swapKb.get(b.pid) ?? 0) - (swap.swapKb.get(a.pid) ?? 0) || foot(b) - foot(a) || a.pid - b.pid);
  const ordered = [...holders, ...(grows ? [grows] : [])];
  const names = participantNames(ordered.map((t) => t.name));
  const out: ReplayTask[] = [];
  const restKb = rest.reduce((s, t) => s + foot(t), 0);
  if (rest.length && restKb > 0) {
    const largest = rest[0]!;
    out.push({
      participant: 'rest',
      name: rest.length === 1 ? largest.name : `${rest.length} other tasks`,
      folded: rest.map((t) => t.pid),
      rssKb: rest.reduce((s, t) => s + (t.rss ?? 0) * page, 0),
      swapKb: rest.reduce((s, t) => s + (swap.swapKb.get(t.pid) ?? 0), 0),
      oomScoreAdj: scoreAdj(largest),
      role: 'rest',
    });
  }
  ordered.forEach((t, i) => {
    out.push({ participant: names[i]!, name: t.name, pid: t.pid, rssKb: (t.rss ?? 0) * page, swapKb: swap.swapKb.get(t.pid) ?? 0, oomScoreAdj: scoreAdj(t), role: t === grows ? 'grows' : 'holds' });
  });
  return out;
}

// The task whose allocation invoked the oom-killer: by pid, else the largest of that name, else the victim.
function findTrigger(event: OomEvent, sorted: OomTask[]): OomTask | undefined {
  const trig = event.trigger;
  return (
    (trig?.pid !== undefined ? sorted.find((t) => t.pid === trig.pid) : undefined) ??
    (trig?.name !== undefined ? sorted.find((t) => t.name === trig.name) : undefined) ??
    sorted.find((t) => t.pid === event.victim?.pid)
  );
}

// Why: 2.6.35 and before have only oom_adj (-17..15); the kernel maps it to oom_score_adj as adj × 1000 / 17.
export function scoreAdj(t: OomTask): number {
  if (t.oomScoreAdj !== undefined) return Math.max(-1000, Math.min(1000, t.oomScoreAdj));
  if (t.oomAdj !== undefined) return t.oomAdj === -17 ? -1000 : Math.max(-1000, Math.min(1000, Math.round((t.oomAdj * 1000) / 17)));
  return 0;
}
