import type { OomEvent } from '../kernel-log/event.js';
import type { RunResult } from '../result/types.js';
import type { ReplayTask } from './tasks-to-participants.js';

// Whether the replay killed the same task: the participant the kernel killed first, mapped back to the
// report's task, against the report's victim. One line, the way an on-call engineer would say it.

/** The comparison's outcome. */
export interface Verdict {
  reproduced: boolean;
  line: string;
  replayVictim: { participant: string; originalName: string; pid?: number } | null;
}

// Why: the answer to "did it happen again?", and who was killed instead when it did not.
export function verdict(event: OomEvent, tasks: ReplayTask[], result: RunResult | undefined): Verdict {
  const want = tasks.find((t) => t.pid !== undefined && t.pid === event.victim?.pid);
  const wantText = `${event.victim?.name ?? '?'} (pid ${event.victim?.pid ?? '?'} in the report)`;
  const kill = result?.oomEvents[0];
  if (!kill) return { reproduced: false, line: `not reproduced: nothing was killed (the original victim was ${wantText})`, replayVictim: null };
  const p = kill.participant;
  const task = tasks.find((t) => t.participant === p);
  const replayVictim = p ? { participant: p, originalName: task?.name ?? p, ...(task?.pid !== undefined ? { pid: task.pid } : {}) } : null;
  if (want && p === want.participant) return { reproduced: true, line: `reproduced: ${wantText} was killed again, as participant ${p}`, replayVictim };
  const who = p ? `${task?.name ?? p}${task?.pid !== undefined ? ` (pid ${task.pid} in the report)` : ''}, as participant ${p},` : `${kill.victimName} (pid ${kill.victimPid}, not a participant)`;
  return { reproduced: false, line: `not reproduced: ${who} was killed instead of ${wantText}`, replayVictim };
}
