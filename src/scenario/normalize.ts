import { InputError, showValue } from '../errors/input-error.js';
import { parseDuration } from '../units/duration.js';
import { formatPath, type FieldPath } from './field-path.js';
import { checkName } from './names.js';
import { normalizeExpect } from './normalize-expect.js';
import { normalizeParticipant } from './normalize-participant.js';
import { normalizeVm } from './normalize-vm.js';
import type { RawLimits, RawScenario } from './schema.js';
import { parseSizeSpec } from './sizes.js';
import type { CgroupLimits, RunControl, Scenario } from './types.js';

// The second pass over a whole scenario (after zod has checked its structure): values through the
// project's parsers, defaults filled in, and the rules that span fields. Errors name the field path;
// the loader adds the file and line.

const MiB = 1024 * 1024;

// Why: limits for the scenario's cgroup and each sub-group, parsed the same way.
function normalizeLimits(raw: RawLimits, at: FieldPath): CgroupLimits {
  const out: CgroupLimits = {};
  for (const key of ['memory', 'high', 'swap'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    const spec = parseSizeSpec(value, formatPath([...at, key]));
    if (key !== 'swap' && 'bytes' in spec && spec.bytes < MiB) throw new InputError(formatPath([...at, key]), 'a memory limit of at least 1M', showValue(value));
    out[key] = spec;
  }
  if (raw.swappiness !== undefined) out.swappiness = raw.swappiness;
  if (raw.oomGroup !== undefined) out.oomGroup = raw.oomGroup;
  if (raw.oomKillDisable !== undefined) out.oomKillDisable = raw.oomKillDisable;
  return out;
}

function normalizeRun(raw: RawScenario['run']): RunControl {
  const durationNs = raw?.duration === undefined ? 60e9 : parseDuration(raw.duration, 'run.duration');
  if (durationNs < 1e8) throw new InputError('run.duration', 'a run of at least 100ms', showValue(raw?.duration));
  const sampleNs = raw?.sample === undefined ? 50e6 : parseDuration(raw.sample, 'run.sample');
  if (sampleNs < 1e6 || sampleNs > durationNs) throw new InputError('run.sample', 'a sampling interval from 1ms to the run duration', showValue(raw?.sample));
  const out: RunControl = { durationNs, until: raw?.until ?? 'all-exited', sampleNs };
  if (raw?.sampleStrict) out.sampleStrict = true;
  return out;
}

// Why: the structure-checked file into the typed Scenario (references are checked by references.ts).
export function normalizeScenario(raw: RawScenario): Scenario {
  const name = checkName(raw.name, 'name');
  const global = raw.global ?? false;
  const cgroup = normalizeLimits(raw.cgroup ?? {}, ['cgroup']);
  if (global) {
    const set = (['memory', 'high', 'swap'] as const).find((k) => cgroup[k] !== undefined);
    if (set) throw new InputError(`cgroup.${set}`, 'no cgroup limit with global: true (the whole machine is the arena)', showValue(raw.cgroup?.[set]));
  }
  const groups = Object.entries(raw.groups ?? {}).map(([g, limits]) => ({
    name: checkName(g, formatPath(['groups', g])),
    limits: normalizeLimits(limits, ['groups', g]),
  }));
  const participants = raw.participants.map((p, i) => normalizeParticipant(p, ['participants', i]));
  const expect = (raw.expect ?? []).flatMap((e, i) => normalizeExpect(e, ['expect', i]));
  const out: Scenario = { name, global, cgroup, groups, participants, run: normalizeRun(raw.run), expect };
  if (raw.description !== undefined) out.description = raw.description;
  if (raw.vm !== undefined) out.vm = normalizeVm(raw.vm);
  return out;
}
