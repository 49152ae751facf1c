import { InputError, showValue } from '../errors/input-error.js';
import { parseSize } from '../units/size.js';
import type { ReplayPlan } from './build-scenario.js';

// `--matrix` on a replay: "would X have saved it?" on the same shape. The values are in the report's
// terms (the machine's swap, the cgroup's limit) and are scaled like every other size of the replay;
// `oomScoreAdj.NAME` changes one participant. Each value gives a variant of the generated plan.

const MiB = 2 ** 20;

/** A `--matrix` as parsed: the key (e.g. `swap`, `oomScoreAdj.test_mem1`) and its values. */
export interface ReplayMatrix {
  key: string;
  values: string[];
}

// Why: one value of the matrix applied to a copy of the plan; errors name the flag.
export function variantPlan(plan: ReplayPlan, matrix: ReplayMatrix, value: string): ReplayPlan {
  const field = `--matrix ${matrix.key}`;
  const scenario = structuredClone(plan.scenario);
  const out: ReplayPlan = { ...plan, scenario, ...(plan.vm ? { vm: { ...plan.vm } } : {}) };
  const scaled = () => Math.max(0, Math.round((parseSize(value, field) * plan.scale) / MiB)) * MiB;
  if (matrix.key.startsWith('oomScoreAdj.')) {
    const name = matrix.key.slice('oomScoreAdj.'.length);
    const p = scenario.participants.find((x) => x.name === name);
    if (!p) throw new InputError(field, `a participant of the replay (${scenario.participants.map((x) => x.name).join(', ')})`, showValue(name));
    const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < -1000 || n > 1000) throw new InputError(field, 'a whole number from -1000 to 1000', showValue(value));
    p.oomScoreAdj = n;
  } else if (matrix.key === 'swap') {
    const bytes = scaled();
    if (plan.constraint === 'global') out.vm!.swapBytes = bytes === 0 ? 0 : Math.max(MiB, bytes);
    else {
      scenario.cgroup = { ...scenario.cgroup, swap: `${bytes / MiB}M` };
      if (out.vm) out.vm.swapBytes = Math.max(out.vm.swapBytes, bytes * 2);
    }
  } else if (matrix.key === 'memory' || matrix.key === 'swappiness') {
    if (plan.constraint === 'global') throw new InputError(field, "swap or oomScoreAdj.NAME on a global replay (the VM's RAM is the report's machine)", showValue(value));
    if (matrix.key === 'memory') scenario.cgroup = { ...scenario.cgroup, memory: `${Math.max(MiB, scaled()) / MiB}M` };
    else scenario.cgroup = { ...scenario.cgroup, swappiness: Number(value) };
  } else throw new InputError('--matrix', 'swap, memory, swappiness or oomScoreAdj.PARTICIPANT', showValue(matrix.key));
  return out;
}
