import type { PlannedInstance } from '../scenario/types.js';

/** What the scheduler needs to know about an instance that has started. */
export interface InstanceState {
  exitedAtMs?: number;
  /** The first time its tree's RSS / VSZ reached a size some trigger waits for, keyed by `${measure}:${bytes}`. */
  reachedAtMs: Map<string, number>;
  rssBytes: number;
  vszBytes: number;
}

// Why: `startAfter` (a delay, or a delay after other instances exited or reached a size) decides when
// each instance starts; this answers "which start now" on every tick, from the state the runner keeps.
export class StartSchedule {
  private readonly pending: PlannedInstance[];

  constructor(instances: readonly PlannedInstance[]) {
    this.pending = [...instances];
  }

  /** Instances not started yet. */
  get waiting(): readonly PlannedInstance[] {
    return this.pending;
  }

  /** Removes and returns the instances whose start time has come. */
  due(nowMs: number, state: ReadonlyMap<string, InstanceState>): PlannedInstance[] {
    const ready = this.pending.filter((i) => {
      const from = triggerTime(i, nowMs, state);
      return from !== undefined && nowMs >= from + i.start.delayNs / 1e6;
    });
    for (const r of ready) this.pending.splice(this.pending.indexOf(r), 1);
    return ready;
  }
}

/** The key a reached-size trigger is tracked under. */
export const reachedKey = (measure: 'rss' | 'vsz', bytes: number): string => `${measure}:${bytes}`;

// The moment the instance's trigger fired (0 without one), or undefined while it has not.
function triggerTime(i: PlannedInstance, nowMs: number, state: ReadonlyMap<string, InstanceState>): number | undefined {
  const t = i.start.after;
  if (!t) return 0;
  let latest = 0;
  for (const name of t.instances) {
    const s = state.get(name);
    if (!s) return undefined;
    const at = 'exited' in t ? s.exitedAtMs : s.reachedAtMs.get(reachedKey(t.measure, t.reachedBytes));
    if (at === undefined) return undefined;
    latest = Math.max(latest, at);
  }
  return Math.min(latest, nowMs);
}

/** Every reached-size trigger in a plan, so the runner can record when each instance first got there. */
export function reachedTriggers(instances: readonly PlannedInstance[]): Array<{ measure: 'rss' | 'vsz'; bytes: number }> {
  const seen = new Map<string, { measure: 'rss' | 'vsz'; bytes: number }>();
  for (const i of instances) {
    const t = i.start.after;
    if (t && !('exited' in t)) seen.set(reachedKey(t.measure, t.reachedBytes), { measure: t.measure, bytes: t.reachedBytes });
  }
  return [...seen.values()];
}
