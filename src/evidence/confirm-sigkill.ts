import type { OomCounters } from './oom-counters.js';
import { addSource, type RunOomEvent } from './oom-event.js';

/** A participant copy whose process just died of a SIGKILL the harness did not send. */
interface KilledOwner {
  readonly plan: { readonly name: string; readonly group?: string };
  /** Kills attributed to it so far; a kill decided here is added. */
  readonly kills: RunOomEvent[];
  /** kills.length when its current process started. */
  readonly killsAtStart: number;
}

// Why: every source decides a kill, whichever comes first. A SIGKILL nobody in the harness sent, while
// the group's counter saw a kill no report has explained, is an OOM kill even if no report ever comes
// (the report, if it comes later, adds its detail: attribute.ts). When the report came first, the
// signal and the counter are added to its sources. Returns the new event, if this decided one.
export function confirmSigkill(owner: KilledOwner, pid: number, all: readonly KilledOwner[], counters: OomCounters, atMs: number): RunOomEvent | undefined {
  const mine = owner.kills.slice(owner.killsAtStart);
  const known = mine.find((e) => e.victimPid === pid) ?? mine.at(-1);
  const unexplained = counters.unexplained(owner, all);
  if (known) {
    if (known.victimPid === pid) addSource(known, 'signal');
    if (unexplained >= 0) addSource(known, counters.source);
    return undefined;
  }
  if (unexplained <= 0) return undefined;
  const e: RunOomEvent = { participant: owner.plan.name, victimPid: pid, victimName: owner.plan.name, atMs: Math.round(atMs), sources: [], report: [] };
  addSource(e, 'signal');
  addSource(e, counters.source);
  owner.kills.push(e);
  return e;
}
