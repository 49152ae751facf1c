import { InputError } from '../errors/input-error.js';
import type { OomEvent } from '../kernel-log/event.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { formatSize } from '../units/size.js';
import { fmt, guestBaselineBytes, largestScale, replayBudgetBytes, vmBytesFor, type ScaleSpec } from './scale.js';
import { swapFigures, type SwapEstimate } from './swap-estimate.js';
import { tasksToParticipants, type ReplayTask } from './tasks-to-participants.js';

// One report event in, one scenario out: pure (the host's MemAvailable is an argument), so it is
// unit-tested on the captured reports. Global events become a `global: true` scenario for a VM sized
// like the machine; memcg events a scenario whose cgroup has the memcg's limits. Every size is scaled.

/** What generation needs besides the event. */
export interface BuildOptions {
  scale: ScaleSpec;
  /** At most this many participants besides `rest` (default 12). */
  top?: number;
  /** The host's MemAvailable, for `--scale auto` and the fit check. */
  memAvailableBytes: number;
  /** Where a memcg event runs: on this host (cgroup v1 here) or in a VM (`--cgroup v2`). */
  cgroup?: 'v1' | 'v2';
  /** For the scenario's description. */
  source?: string;
  eventNumber?: number;
  /** Filled in by buildReplay from the event. */
  victimPid?: number;
}

/** A generated replay, before it runs. */
export interface ReplayPlan {
  scenario: ScenarioInput;
  tasks: ReplayTask[];
  scale: number;
  constraint: 'global' | 'memcg';
  /** Where it runs: a VM of this size, or a cgroup on the host. */
  vm?: { memBytes: number; swapBytes: number; cgroup: 'v1' | 'v2' };
  estimates: SwapEstimate[];
  /** What could not be kept faithfully, one line each. */
  notes: string[];
}

const MiB = 2 ** 20;
const KiB = 1024;
const UNLIMITED_KB = 2 ** 50;

// Why: the one place a report becomes a scenario; everything else (write, run, compare) reads its plan.
export function buildReplay(event: OomEvent, o: BuildOptions): ReplayPlan {
  const constraint = event.constraint === 'memcg' ? 'memcg' : event.constraint === 'global' || event.constraint === undefined ? 'global' : undefined;
  if (!constraint) throw new InputError('event', 'a global or memory cgroup OOM (cpuset and mempolicy OOMs need NUMA nodes a replay cannot make)', event.constraint);
  const swap = swapFigures(event);
  const tasks = tasksToParticipants(event, swap, o.top ?? 12);
  if (!tasks.some((t) => t.role === 'grows')) throw new InputError('event', 'a task table with the victim or the task that invoked the oom-killer in it', 'neither is in the table');
  const notes: string[] = [];
  const budget = replayBudgetBytes(o.memAvailableBytes);
  const userKb = tasks.reduce((s, t) => s + t.rssKb, 0);
  // (computed before a ballast is added: it is the report's tasks' resident memory)
  let scale: number;
  let vm: ReplayPlan['vm'];
  let limits: { memory?: number; swap?: number } = {};
  if (constraint === 'global') {
    const swapTotalKb = event.memInfo?.totalSwapKb ?? tasks.reduce((s, t) => s + t.swapKb, 0);
    if (event.memInfo?.totalSwapKb === undefined) notes.push("the report has no `Total swap` line: the VM's swap is the table's swap");
    const order = event.trigger?.order ?? 0;
    if (order > 0) notes.push(`the allocation that failed was of order ${order} (${2 ** Math.min(order, 20)} contiguous pages): the hogs leave the VM short of memory, not of contiguous memory, so an OOM that fragmentation caused (free or reclaimable memory left, as Mem-Info may show) is not what this replays`);
    const size = (s: number) => vmBytesFor(userKb * KiB * s);
    scale = pickScale(o.scale, size, budget.max, 'VM memory');
    let memBytes = size(scale);
    const swapBytes = swapTotalKb > 0 ? Math.max(MiB, Math.round((swapTotalKb * KiB * scale) / MiB) * MiB) : 0;
    if (memBytes < budget.min && swapBytes === 0) {
      // A VM below 512 MiB is where the guest baseline is least known; a 512 MiB VM (measured) with a
      // ballast that can never be killed (-1000) nor swapped (no swap) leaves the same room instead.
      const ballast = Math.floor((budget.min - guestBaselineBytes(budget.min) - userKb * KiB * scale) / MiB) * MiB;
      if (ballast >= MiB) {
        tasks.unshift({ participant: 'ballast', name: 'ballast (fills the 512 MiB VM down to the report\'s size)', rssKb: ballast / KiB / scale, swapKb: 0, oomScoreAdj: -1000, role: 'ballast' });
        memBytes = budget.min;
      }
    } else if (memBytes < budget.min) notes.push(`the VM has ${formatSize(memBytes)}, below the usual 512 MiB floor: that is what the report's tasks held at this scale (the VM is sized by them, not by the report's RAM)`);
    vm = { memBytes, swapBytes, cgroup: 'v2' };
  } else {
    const m = event.memcg;
    if (m?.limitKb === undefined || m.limitKb >= UNLIMITED_KB) throw new InputError('event', "a memory cgroup report with the cgroup's limit (its `memory: usage ... limit ...` line)", 'no limit in the report');
    const swapLimitKb = m.memsw?.limitKb !== undefined ? (m.memsw.limitKb >= UNLIMITED_KB ? undefined : Math.max(0, m.memsw.limitKb - m.limitKb)) : m.swap?.limitKb !== undefined && m.swap.limitKb < UNLIMITED_KB ? m.swap.limitKb : undefined;
    scale = pickScale(o.scale, (s) => m.limitKb! * KiB * s, budget.max, 'the cgroup limit');
    limits = { memory: roundMiB(m.limitKb * KiB * scale) };
    if (swapLimitKb !== undefined) limits.swap = roundMiB(swapLimitKb * KiB * scale, 0);
    if (o.cgroup === 'v2') {
      const swapBytes = tasks.some((t) => t.swapKb > 0) || (limits.swap ?? 0) > 0 ? Math.max(limits.swap ?? 0, roundMiB(tasks.reduce((s, t) => s + t.swapKb, 0) * KiB * scale)) * 2 : 0;
      vm = { memBytes: Math.max(budget.min, vmBytesFor((limits.memory ?? 0) * 2)), swapBytes, cgroup: 'v2' };
    }
  }
  const scenario = toScenario(tasks, scale, constraint, limits, { ...o, victimPid: event.victim?.pid });
  return { scenario, tasks, scale, constraint, ...(vm ? { vm } : {}), estimates: swap.estimates, notes };
}

function pickScale(spec: ScaleSpec, size: (s: number) => number, max: number, what: string): number {
  if (!spec.auto) {
    if (size(spec.value) > max) throw new InputError('--scale', `a scale at which ${what} fits this machine (at most ${formatSize(max)}: 4 GiB or 25% of MemAvailable)`, `${fmt(spec.value)} needs ${formatSize(size(spec.value))}`);
    return spec.value;
  }
  const s = largestScale(size, max);
  if (s === undefined) throw new InputError('log', `a report this machine can replay at a scale of at least 1/256 (${what} at most ${formatSize(max)})`, `one that needs ${formatSize(size(1))} at scale 1`);
  return s;
}

function roundMiB(bytes: number, min = 1): number {
  return Math.max(min, Math.round(bytes / MiB)) * MiB;
}

function toScenario(tasks: ReplayTask[], scale: number, constraint: 'global' | 'memcg', limits: { memory?: number; swap?: number }, o: BuildOptions): ScenarioInput {
  const grows = tasks.find((t) => t.role === 'grows');
  const victim = tasks.find((t) => t.pid !== undefined && t.pid === o.victimPid);
  let prev: { name: string; total: number } | undefined;
  const participants = tasks.map((t) => {
    const hold = roundMiB((t.rssKb + t.swapKb) * KiB * scale);
    const p: NonNullable<ScenarioInput['participants']>[number] = {
      name: t.participant,
      hog: t.role === 'grows' ? { block: '1M', touch: 'memset', interval: 0 } : { block: '1M', total: `${hold / MiB}M`, touch: 'memset', interval: 0 },
    };
    if (t.oomScoreAdj !== 0) p.oomScoreAdj = t.oomScoreAdj;
    if (prev) p.startAfter = { participant: prev.name, reached: `${prev.total / MiB}M`, measure: 'vsz' };
    prev = { name: t.participant, total: hold };
    return p;
  });
  const what = o.source ? `${o.source}${o.eventNumber !== undefined ? `, event ${o.eventNumber}` : ''}` : 'a kernel report';
  const scenario: ScenarioInput = {
    name: 'replay',
    description: `replay of ${what} at scale ${fmt(scale)}: ${tasks.map((t) => t.participant).join(', ')}; ${grows?.participant} grows until the kill`.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'),
    ...(constraint === 'global' ? { global: true } : { cgroup: { memory: `${limits.memory! / MiB}M`, ...(limits.swap !== undefined ? { swap: `${limits.swap / MiB}M` } : {}) } }),
    participants,
    run: { duration: '5m', until: 'first-oom-kill', sample: '100ms' },
    // The original victim is OOM-killed (not `victim:`, which wants every kill to hit it: a replay, like
    // the original, may go on to kill a second task in the same shortage).
    expect: victim ? [{ participant: victim.participant, outcome: 'oom-killed' }] : [{ oomKills: { min: 1 } }],
  };
  return scenario;
}
