import { InputError } from '../errors/input-error.js';
import { formatSize } from '../units/size.js';
import type { PlannedInstance, PlannedLimits } from './types.js';

// Why: a probe whose working set cannot be resident under its cgroup's memory limit measures nothing
// but its own OOM kill: refused at plan time (exit 2), naming the field, before anything is created.
export function checkProbesFit(instances: readonly PlannedInstance[], participantIndex: (name: string) => number, scenario: PlannedLimits, groups: ReadonlyArray<{ name: string; limits: PlannedLimits }>): void {
  for (const i of instances) {
    if (i.run.kind !== 'probe') continue;
    const group = i.group === undefined ? undefined : groups.find((g) => g.name === i.group);
    const limit = group?.limits.memoryBytes ?? scenario.memoryBytes;
    const want = i.run.probe.workingSetBytes;
    if (limit !== undefined && want >= limit) {
      const where = group?.limits.memoryBytes !== undefined ? `groups.${i.group}.memory` : 'cgroup.memory';
      throw new InputError(`participants[${participantIndex(i.participant)}].probe.workingSet`, `a working set below its cgroup's memory limit (${where}: ${formatSize(limit)})`, formatSize(want));
    }
  }
}
