import { InputError, showValue } from '../errors/input-error.js';
import { resolveSize } from '../scenario/sizes.js';
import type { CgroupLimits, HostFacts, Scenario } from '../scenario/types.js';
import { formatSize } from '../units/size.js';
import type { SearchKey, SearchRequest } from './flag.js';

// A search request made concrete against the scenario and this machine: which cgroup, the bounds
// (HIGH defaults to the scenario's own limit, LOW to the step), and the ladder of values the
// bisection picks from: LOW, LOW+step, ..., HIGH (the last step may be shorter).

const MiB = 1024 * 1024;
/** The plan step's own rule (scenario/plan-limits.ts): a memory limit above this share of MemAvailable does not protect the host. */
const MAX_SHARE_OF_AVAILABLE = 0.9;

/** A search's bounds, resolved. */
export interface SearchBounds {
  key: SearchKey;
  /** The named group searched, or null for the run's own cgroup. */
  group: string | null;
  lowBytes: number;
  highBytes: number;
  stepBytes: number;
  repeat: number;
  /** At most this many values are tried: ceil(log2((HIGH-LOW)/step)) + 2. */
  maxTries: number;
}

// Why: the values a search may try, from LOW up to HIGH; index i is LOW + i*step, the last is HIGH.
export function ladder(b: Pick<SearchBounds, 'lowBytes' | 'highBytes' | 'stepBytes'>): number[] {
  const n = Math.ceil((b.highBytes - b.lowBytes) / b.stepBytes);
  return Array.from({ length: n + 1 }, (_, i) => (i === n ? b.highBytes : b.lowBytes + i * b.stepBytes));
}

// Why: the bound the plan prints and the search keeps to: HIGH, LOW, then a bisection of the rest.
export function maxTries(lowBytes: number, highBytes: number, stepBytes: number): number {
  return Math.ceil(Math.log2(Math.max(1, (highBytes - lowBytes) / stepBytes))) + 2;
}

// Why: everything the scenario and the machine refuse is refused before the first run, naming the flag.
export function resolveBounds(scenario: Scenario, req: SearchRequest, host: HostFacts): SearchBounds {
  if (scenario.global) throw new InputError('--find-limit', 'a scenario with a cgroup (this one is global: true, there is no limit to search)', showValue(scenario.name));
  let limits: CgroupLimits = scenario.cgroup;
  if (req.group !== undefined) {
    const g = scenario.groups.find((x) => x.name === req.group);
    const names = scenario.groups.map((x) => x.name);
    if (!g) throw new InputError('--group', names.length ? `one of the scenario's groups ${names.join(', ')}` : 'a group of the scenario (it defines none)', showValue(req.group));
    limits = g.limits;
  }
  const where = req.group === undefined ? `scenario ${scenario.name}` : `group ${req.group}`;
  const own = limits[req.key];
  const highBytes = req.highBytes ?? (own === undefined ? undefined : resolveSize(own, host));
  if (highBytes === undefined) throw new InputError('--find-limit', `a range ${req.key}=LOW..HIGH (${where} sets no ${req.key} limit to start from)`, showValue(req.key));
  const lowBytes = req.lowBytes ?? req.stepBytes;
  const range = `${formatSize(lowBytes)}..${formatSize(highBytes)}`;
  if (lowBytes >= highBytes) throw new InputError('--find-limit', `LOW below HIGH (HIGH is ${req.highBytes === undefined ? `${where}'s ${req.key} limit` : 'as given'})`, range);
  if (req.key === 'memory') {
    if (lowBytes < MiB) throw new InputError('--find-limit', 'a memory range from at least 1M', range);
    const cap = Math.floor(host.memAvailable * MAX_SHARE_OF_AVAILABLE);
    if (highBytes > cap) throw new InputError('--find-limit', `a range at most 90% of MemAvailable (${formatSize(cap)} on this host)`, range);
  }
  if (req.stepBytes > highBytes - lowBytes) throw new InputError('--step', `a step no larger than the range (${formatSize(highBytes - lowBytes)})`, formatSize(req.stepBytes));
  return { key: req.key, group: req.group ?? null, lowBytes, highBytes, stepBytes: req.stepBytes, repeat: req.repeat, maxTries: maxTries(lowBytes, highBytes, req.stepBytes) };
}

// Why: each try is the same scenario with one limit replaced (a copy; the caller's object is untouched).
export function withLimit(scenario: Scenario, b: Pick<SearchBounds, 'key' | 'group'>, bytes: number): Scenario {
  const set = (l: CgroupLimits): CgroupLimits => ({ ...l, [b.key]: { bytes } });
  if (b.group === null) return { ...scenario, cgroup: set(scenario.cgroup) };
  return { ...scenario, groups: scenario.groups.map((g) => (g.name === b.group ? { ...g, limits: set(g.limits) } : g)) };
}
