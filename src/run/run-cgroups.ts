import { openCgroupRoot, type Cgroup, type CgroupRoot } from '../cgroup/index.js';
import type { MemoryLimits } from '../cgroup/types.js';
import type { Plan, PlannedLimits } from '../scenario/types.js';

/** The cgroups of one run: the scenario's own group and its named sub-groups. */
export interface RunCgroups {
  root: CgroupRoot;
  top: Cgroup;
  groups: Map<string, Cgroup>;
  /** The name the top group has in results and expectations. */
  topName: string;
  /** The group an instance joins (its `group`, else the top). */
  groupOf(group: string | undefined): Cgroup;
  /** Every group with its result name, top first; `members` is where its own participants are (the
   *  group itself, or the top's members leaf on v2). */
  all(): Array<{ name: string; cg: Cgroup; members: Cgroup; limits: PlannedLimits }>;
}

/** Options for making a run's cgroups. */
interface RunCgroupOptions {
  parent?: string;
  allowHostSwappiness?: boolean;
}

// Why: a plan's limits are bytes with the scenario's names; the cgroup layer takes the same meaning
// under its own names (v2-canonical), and maps them to v1 files itself.
function toMemoryLimits(l: PlannedLimits): MemoryLimits {
  const out: MemoryLimits = {};
  if (l.memoryBytes !== undefined) out.memory = l.memoryBytes;
  if (l.swapBytes !== undefined) out.swap = l.swapBytes;
  if (l.highBytes !== undefined) out.high = l.highBytes;
  if (l.swappiness !== undefined) out.swappiness = l.swappiness;
  if (l.oomGroup !== undefined) out.oomGroup = l.oomGroup;
  if (l.oomKillDisable !== undefined) out.oomKillDisable = l.oomKillDisable;
  return out;
}

// Why: the run's groups are made in one place, before any participant starts; stale groups of
// earlier, killed harnesses are removed first so they do not count against the parent's memory.
export async function createRunCgroups(plan: Plan, opts: RunCgroupOptions = {}): Promise<RunCgroups> {
  const root = openCgroupRoot({ parent: opts.parent, allowHostSwappiness: opts.allowHostSwappiness });
  await root.cleanupStale();
  const top = root.createRun(toMemoryLimits(plan.cgroup), { field: 'cgroup' });
  const groups = new Map<string, Cgroup>();
  try {
    plan.groups.forEach((g, i) => groups.set(g.name, top.createChild(g.name, toMemoryLimits(g.limits), `groups[${i}]`)));
  } catch (err) {
    await top.destroy();
    throw err;
  }
  // cgroup v2's no-internal-process rule: once the top has groups (with the memory controller on for
  // them), a process cannot join the top itself (EBUSY). Its own participants go into a leaf of it,
  // which has no limits: the top's limits still bound them, and its figures still include them.
  let home = top;
  if (root.version === 2 && plan.groups.length > 0 && plan.instances.some((p) => p.group === undefined)) {
    try {
      home = top.createMembersLeaf();
    } catch (err) {
      await top.destroy();
      throw err;
    }
  }
  const topName = plan.name;
  return {
    root,
    top,
    groups,
    topName,
    groupOf: (group) => (group ? groups.get(group)! : home),
    all: () => [{ name: topName, cg: top, members: home, limits: plan.cgroup }, ...plan.groups.map((g) => ({ name: g.name, cg: groups.get(g.name)!, members: groups.get(g.name)!, limits: g.limits }))],
  };
}
