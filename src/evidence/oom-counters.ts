import { readVmStat } from '../proc/vmstat.js';
import type { RunOomEvent } from './oom-event.js';

// The kernel counts an OOM kill before it sends the SIGKILL (mm/oom_kill.c: "Raise event before
// sending signal"), in the victim's own memory cgroup, and prints its report after. So when the
// harness sees a participant die of a SIGKILL it did not send, the count is already there, whether
// or not a report ever reaches /dev/kmsg (rate limiting, a ring overrun, a /dev/kmsg that is
// /dev/null in a container). Counts are compared per group: a group's own count (since the run
// began) against the kills already explained in it, so one counted kill explains one death. A global
// run (in a VM) has no group of its own; there the machine's /proc/vmstat oom_kill is the count.

/** A participant copy as the counters see it (the orchestrator's Instance is one). */
interface CountedOwner {
  readonly plan: { readonly group?: string };
  readonly kills: readonly RunOomEvent[];
}

/** Where a run's kills are counted: its cgroups, or nothing but the machine. */
interface CountedGroups {
  groupOf(group: string | undefined): { ownOomKills(): number };
  /** The named sub-groups (the top group has no name here). */
  readonly groups: ReadonlyMap<string, unknown>;
}

/** The run's OOM kill counters. */
export interface OomCounters {
  /** Which counter the run reads. */
  readonly source: 'cgroup-counter' | 'host-counter';
  /** Kills the counter of `owner`'s group saw since the run began that no event explains yet. */
  unexplained(owner: CountedOwner, all: readonly CountedOwner[]): number;
}

// Why: a silent kernel log must not turn an OOM kill into a plain "killed"; the counters are read at
// the run's start, then only when a participant dies of a SIGKILL nobody in the harness sent.
export function oomCounters(groups: CountedGroups | undefined): OomCounters {
  const read = (group: string | undefined): number => (groups ? groups.groupOf(group).ownOomKills() : hostOomKills());
  const key = (group: string | undefined): string => (groups ? (group ?? '') : '');
  const baseline = new Map<string, number>();
  for (const group of [undefined, ...(groups?.groups.keys() ?? [])]) baseline.set(key(group), read(group));
  const since = (group: string | undefined): number => read(group) - (baseline.get(key(group)) ?? 0);
  return {
    source: groups ? 'cgroup-counter' : 'host-counter',
    unexplained(owner, all) {
      const k = key(owner.plan.group);
      const explained = all.filter((o) => key(o.plan.group) === k).reduce((n, o) => n + o.kills.length, 0);
      return since(owner.plan.group) - explained;
    },
  };
}

function hostOomKills(): number {
  const n = readVmStat().oomKill;
  return Number.isFinite(n) ? n : 0;
}
