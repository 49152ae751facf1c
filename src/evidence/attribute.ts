import { addSource, type RunOomEvent } from './oom-event.js';
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
  /** `members`: the cgroup its own participants are in, when not the group itself (a leaf of it). */
  all(): ReadonlyArray<{ name: string; cg: { readonly path: string; ownOomKills(): number }; members?: { readonly path: string; ownOomKills(): number } }>;
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
    let inRun = cgroups && taskPath !== undefined && taskPath !== '/' ? cgroups.all().find(({ cg, members }) => cg.path.endsWith(taskPath) || members?.path.endsWith(taskPath)) : undefined;
    const viaCounter = !owner && !inRun && cgroups !== undefined && taskPath === undefined;
    if (viaCounter) inRun = groupByCounter(cgroups, instances);
    if (!owner && inRun) {
      const members = [...instances.values()].filter((i) => (i.plan.group ?? cgroups!.topName) === inRun.name);
      if (members.length === 1) owner = members[0];
    }
    if (!owner && !inRun && cgroups) continue; // not this run's kill
    // A process dies once. With memory.oom.group the kernel kills its chosen victim, then every member
    // of the group, the victim again among them: a second `Killed process` line (and a second count
    // in memory.events) for the same pid. That repeat is not a second kill. A kill already decided
    // from the counter and the exit signal gets the report's detail when the report comes after.
    const known = owner && pid !== undefined ? owner.kills.slice(owner.killsAtStart).find((e) => e.victimPid === pid) : undefined;
    if (known) {
      if (!known.sources.includes('kmsg')) addReport(known, k);
      continue;
    }
    const e = toOomEvent(k, owner?.plan.name);
    if (viaCounter && inRun) addSource(e, 'cgroup-counter');
    owner?.kills.push(e);
    out.push(e);
  }
  return out;
}

// The kernel rate-limits the head of its OOM report (`invoked oom-killer`, the task table, the
// `oom-kill:` line that names the cgroup: a burst of 10 per 5 s), but never the `Killed process`
// line. When only that line came and its pid was not seen in any participant's tree (a worker that
// lived a few ms), the run's own counters say where it happened: the group whose own oom_kill count
// (not its sub-groups', see Cgroup.ownOomKills) is ahead of the kills already attributed to its
// members. No answer unless exactly one group qualifies.
function groupByCounter(cgroups: KillGroups, instances: ReadonlyMap<string, KillOwner>): ReturnType<KillGroups['all']>[number] | undefined {
  const all = [...instances.values()];
  // (a group with a members leaf holds no process itself: its own count is the leaf's)
  const ahead = cgroups.all().filter(({ name, cg, members: home }) => {
    const members = all.filter((i) => (i.plan.group ?? cgroups.topName) === name);
    return (home ?? cg).ownOomKills() > members.reduce((n, i) => n + i.kills.length, 0);
  });
  return ahead.length === 1 ? ahead[0] : undefined;
}

function toOomEvent(k: SeenKill, participant: string | undefined): RunOomEvent {
  const e: RunOomEvent = { victimPid: k.event.victim?.pid ?? -1, victimName: '?', atMs: Math.round(k.atMs), sources: [], report: [] };
  if (participant) e.participant = participant;
  addReport(e, k);
  return e;
}

// The kernel's report adds what only it knows: the victim's name and sizes, the constraint, the memcg, its lines.
function addReport(e: RunOomEvent, k: SeenKill): void {
  const v = k.event.victim ?? {};
  if (v.name !== undefined) e.victimName = v.name;
  if (k.event.constraint) e.constraint = k.event.constraint;
  if (v.anonRssKb !== undefined) e.anonRssKb = v.anonRssKb;
  if (v.totalVmKb !== undefined) e.totalVmKb = v.totalVmKb;
  if (v.oomScoreAdj !== undefined) e.oomScoreAdj = v.oomScoreAdj;
  if (k.event.memcg?.path) e.memcg = k.event.memcg.path;
  e.report = k.lines;
  addSource(e, 'kmsg');
}
