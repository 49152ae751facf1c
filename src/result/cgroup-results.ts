import type { CgroupReading } from '../cgroup/types.js';
import type { PlannedLimits } from '../scenario/types.js';
import type { CgroupResult } from './types.js';

/** A run's cgroups before they are destroyed, as the result needs them (the orchestrator's RunCgroups is one). */
interface EndedGroups {
  all(): ReadonlyArray<{ name: string; cg: { readonly path: string; read(): CgroupReading }; limits: PlannedLimits }>;
}

// Why: each group's limits, peaks and events go into the result before the groups are destroyed.
// The kernel keeps a memory peak (v1 max_usage_in_bytes, v2 memory.peak) but not always a swap peak,
// so the swap peak is the largest the sampler saw (`sampledSwapPeak`) or the current figure.
export function readCgroupResults(cgs: EndedGroups, sampledSwapPeak: (name: string) => number | undefined = () => undefined): CgroupResult[] {
  return cgs.all().map(({ name, cg, limits }) => {
    const r = cg.read();
    const events: Record<string, number> = {};
    for (const [k, v] of Object.entries(r.events)) if (typeof v === 'number') events[k] = v;
    const result: CgroupResult = { name, path: cg.path, limits: { ...limits }, events };
    if (r.peakBytes !== undefined) result.peakBytes = r.peakBytes;
    const swapPeak = Math.max(r.swapBytes ?? 0, sampledSwapPeak(name) ?? 0);
    if (r.swapBytes !== undefined || swapPeak > 0) result.peakSwapBytes = swapPeak;
    return result;
  });
}
