import type { RunOomEvent } from './oom-event.js';
import type { SeenKill } from './oom-watch.js';

/** A participant copy as attribution sees it (the orchestrator's Instance is one). */
interface KillOwner {
  readonly plan: { readonly name: string; readonly group?: string };
  /** Every pid seen in its process trees. */
  readonly pids: ReadonlySet<number>;
  /** Kills attributed to it so far; attribution adds to them. */
  readonly kills: RunOomEvent[];
  /** kills.length when its current process started. */
  readonly killsAtStart: number;
}

/** A run's cgroups as attribution sees them (the orchestrator's RunCgroups is one). */
interface KillGroups {
  /** The name of the run's own (top) group. */
  readonly topName: string;
  all(): ReadonlyArray<{ name: string; cg: { readonly path: string; read(): { events: { oomKill: number } } } }>;
}

// Why: a kernel-reported kill belongs to the instance whose process tree held the victim pid (a
// shell's child, a stress-ng worker); failing that, to the only instance in the cgroup the kernel
// names. Kills elsewhere on the host are not this run's, unless the run is global (a VM).
export function attributeKills(kills: readonly SeenKill[], instances: ReadonlyMap<string, KillOwner>, cgroups: KillGroups | undefined): RunOomEvent[] {
  const out: RunOomEvent[] = [];
  for (const k of kills) {
    const pid = k.event.victim?.pid;
    let owner = pid === undefined ? undefined : [...instances.values()].find((i) => i.pids.has(pid));
    const taskPath = k.event.memcg?.taskPath ?? k.event.memcg?.path;
    let inRun = cgroups && taskPath !== undefined && taskPath !== '/' ? cgroups.all().find(({ cg }) => cg.path.endsWith(taskPath)) : undefined;
    const viaCounter = !owner && !inRun && cgroups !== undefined && taskPath === undefined;
    if (viaCounter) inRun = groupByCounter(cgroups, instances);
    if (!owner && inRun) {
      const members = [...instances.values()].filter((i) => (i.plan.group ?? cgroups!.topName) === inRun.name);
      if (members.length === 1) owner = members[0];
    }
    if (!owner && !inRun && cgroups) continue; // not this run's kill
    // A process dies once. With memory.oom.group the kernel kills its chosen victim, then every member
    // of the group, the victim again among them: a second `Killed process` line (and a second count
    // in memory.events) for the same pid. That repeat is not a second kill.
    if (owner && pid !== undefined && owner.kills.slice(owner.killsAtStart).some((e) => e.victimPid === pid)) continue;
    const e = toOomEvent(k, owner?.plan.name);
    if (viaCounter && inRun) e.sources.push('cgroup-counter');
    owner?.kills.push(e);
    out.push(e);
  }
  return out;
}

// The kernel rate-limits the head of its OOM report (`invoked oom-killer`, the task table, the
// `oom-kill:` line that names the cgroup: a burst of 10 per 5 s), but never the `Killed process`
// line. When only that line came and its pid was not seen in any participant's tree (a worker that
// lived a few ms), the run's own counters say where it happened: the group whose oom_kill counter
// is ahead of the kills already attributed in it. Counters count kills in sub-groups too, so a
// sub-group is preferred to the top group; no answer unless exactly one group qualifies.
function groupByCounter(cgroups: KillGroups, instances: ReadonlyMap<string, KillOwner>): ReturnType<KillGroups['all']>[number] | undefined {
  const all = [...instances.values()];
  const ahead = cgroups.all().filter(({ name, cg }) => {
    const members = name === cgroups.topName ? all : all.filter((i) => i.plan.group === name);
    return cg.read().events.oomKill > members.reduce((n, i) => n + i.kills.length, 0);
  });
  const sub = ahead.filter(({ name }) => name !== cgroups.topName);
  const pick = sub.length > 0 ? sub : ahead;
  return pick.length === 1 ? pick[0] : undefined;
}

function toOomEvent(k: SeenKill, participant: string | undefined): RunOomEvent {
  const v = k.event.victim ?? {};
  const e: RunOomEvent = { victimPid: v.pid ?? -1, victimName: v.name ?? '?', atMs: Math.round(k.atMs), sources: ['kmsg'], report: k.lines };
  if (participant) e.participant = participant;
  if (k.event.constraint) e.constraint = k.event.constraint;
  if (v.anonRssKb !== undefined) e.anonRssKb = v.anonRssKb;
  if (v.totalVmKb !== undefined) e.totalVmKb = v.totalVmKb;
  if (v.oomScoreAdj !== undefined) e.oomScoreAdj = v.oomScoreAdj;
  if (k.event.memcg?.path) e.memcg = k.event.memcg.path;
  return e;
}

// Why: without /dev/kmsg, a SIGKILL the harness did not send, while the instance's cgroup counted a
// new oom_kill, is the next best evidence; the result says which sources each event has.
export function counterKill(i: KillOwner, pid: number, atMs: number): RunOomEvent {
  const e: RunOomEvent = { participant: i.plan.name, victimPid: pid, victimName: i.plan.name, atMs: Math.round(atMs), sources: ['cgroup-counter', 'exit-signal'], report: [] };
  i.kills.push(e);
  return e;
}
