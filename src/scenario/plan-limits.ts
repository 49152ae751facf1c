import { InputError, showValue } from '../errors/input-error.js';
import { formatSize } from '../units/size.js';
import { parseSizeSpec, resolveSize } from './sizes.js';
import type { CgroupLimits, HostFacts, PlannedLimits, ScenarioOverrides } from './types.js';

// Cgroup limits made concrete: `--matrix` overrides replace the scenario's top-level values, shares
// become bytes, and a limit the machine cannot honour is refused before any cgroup exists. The 90% rule:
// a memory limit close to (or above) MemAvailable does not protect the host, because the host reaches
// its own OOM first, which is exactly what a cgroup-bounded scenario promises not to do.

const MiB = 1024 * 1024;
// Why: the preflight rule's number, in one place (tests and messages refer to it as 90%).
const MAX_SHARE_OF_AVAILABLE = 0.9;

// Why: overrides come from the command line, so their errors name the flag, not a line in the file.
export function applyOverrides(limits: CgroupLimits, overrides: ScenarioOverrides | undefined, global: boolean): { limits: CgroupLimits; overridden: Set<string> } {
  const out: CgroupLimits = { ...limits };
  const overridden = new Set<string>();
  if (!overrides) return { limits: out, overridden };
  for (const key of ['memory', 'swap'] as const) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (global) throw new InputError(`--matrix ${key}`, `no ${key} override with global: true (there is no cgroup limit)`, showValue(value));
    out[key] = parseSizeSpec(value, `--matrix ${key}`);
    overridden.add(key);
  }
  if (overrides.swappiness !== undefined) {
    const n = typeof overrides.swappiness === 'number' ? overrides.swappiness : /^\s*\d+\s*$/.test(overrides.swappiness) ? Number(overrides.swappiness) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 100) throw new InputError('--matrix swappiness', 'a whole number from 0 to 100', showValue(overrides.swappiness));
    out.swappiness = n;
    overridden.add('swappiness');
  }
  return { limits: out, overridden };
}

// Why: one place resolves and checks a set of limits; `field` names where they came from for errors.
export function resolveLimits(limits: CgroupLimits, host: HostFacts, field: (key: string) => string): PlannedLimits {
  const out: PlannedLimits = {};
  const cap = Math.floor(host.memAvailable * MAX_SHARE_OF_AVAILABLE);
  for (const [key, outKey] of [['memory', 'memoryBytes'], ['high', 'highBytes']] as const) {
    const spec = limits[key];
    if (spec === undefined) continue;
    const bytes = resolveSize(spec, host);
    if (bytes < MiB) throw new InputError(field(key), 'a memory limit of at least 1M', `${formatSize(bytes)} on this host`);
    if (bytes > cap) throw new InputError(field(key), `a limit at most 90% of MemAvailable (${formatSize(cap)} on this host)`, formatSize(bytes));
    out[outKey] = bytes;
  }
  if (limits.swap !== undefined) out.swapBytes = resolveSize(limits.swap, host);
  if (limits.swappiness !== undefined) out.swappiness = limits.swappiness;
  if (limits.oomGroup !== undefined) out.oomGroup = limits.oomGroup;
  if (limits.oomKillDisable !== undefined) out.oomKillDisable = limits.oomKillDisable;
  return out;
}
