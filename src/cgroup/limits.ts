import { EnvironmentError } from '../errors/environment-error.js';
import { InputError, showValue } from '../errors/input-error.js';
import { checkLimit, checkSwappiness, formatLimit, limitNum } from './values.js';
import type { CgroupVersion, LimitValue, MemoryLimits } from './types.js';

// The limit semantics, as a pure plan of file writes in the order the kernel accepts them.
//
// v2 has one file per limit. v1 has no swap-only limit: memory.memsw.limit_in_bytes caps memory + swap,
// so `swap` is written as memory + swap, and the kernel insists memsw >= memory at every moment (EINVAL
// otherwise). So: when the new memory limit fits under the current memsw, write memory first, else
// memsw first. A memory change without a swap value keeps the current swap allowance (memsw - memory).

/** One control-file write. */
export interface LimitWrite {
  file: string;
  value: string;
}

/** What the planner needs to know about the group as it is now. */
export interface CurrentState {
  version: CgroupVersion;
  /** Files present in the group (memsw, swap.max and peak come and go with kernel options). */
  has(file: string): boolean;
  /** v1 only: current memory.limit_in_bytes and memory.memsw.limit_in_bytes. */
  memory?: LimitValue;
  memsw?: LimitValue;
}

/** v2 swappiness is not a file: the caller handles it via the host vm.swappiness, if allowed. */
interface LimitPlan {
  writes: LimitWrite[];
  hostSwappiness?: number;
}

const SWAP_ACCOUNTING_HINT = 'swap accounting is off in this kernel: boot with swapaccount=1 (and without cgroup.memory=noswap)';

// Why: check every user-given value before any file is touched, naming the field at fault.
export function checkLimits(limits: MemoryLimits, field: string): MemoryLimits {
  const known = new Set(['memory', 'swap', 'high', 'swappiness', 'oomGroup', 'oomKillDisable']);
  for (const key of Object.keys(limits)) if (!known.has(key)) throw new InputError(`${field}.${key}`, `one of ${[...known].join(', ')}`, showValue(key));
  const out: MemoryLimits = {};
  if (limits.memory !== undefined) out.memory = checkLimit(limits.memory, `${field}.memory`);
  if (limits.swap !== undefined) out.swap = checkLimit(limits.swap, `${field}.swap`);
  if (limits.high !== undefined) out.high = checkLimit(limits.high, `${field}.high`);
  if (limits.swappiness !== undefined) out.swappiness = checkSwappiness(limits.swappiness, `${field}.swappiness`);
  for (const flag of ['oomGroup', 'oomKillDisable'] as const) {
    const v = limits[flag];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new InputError(`${field}.${flag}`, 'true or false', showValue(v));
    out[flag] = v;
  }
  return out;
}

// Why: the single place that turns limits into writes, per version.
export function planLimits(limits: MemoryLimits, cur: CurrentState): LimitPlan {
  return cur.version === 2 ? planV2(limits, cur) : planV1(limits, cur);
}

function planV2(l: MemoryLimits, cur: CurrentState): LimitPlan {
  const writes: LimitWrite[] = [];
  if (l.oomKillDisable) throw new EnvironmentError('oomKillDisable needs cgroup v1', 'cgroup v2 cannot stop the OOM killer for a group; use memory.high to throttle instead');
  if (l.memory !== undefined) writes.push({ file: 'memory.max', value: formatLimit(l.memory, 2) });
  if (l.swap !== undefined) {
    if (!cur.has('memory.swap.max')) throw new EnvironmentError('cannot limit swap: memory.swap.max is missing', SWAP_ACCOUNTING_HINT);
    writes.push({ file: 'memory.swap.max', value: formatLimit(l.swap, 2) });
  }
  if (l.high !== undefined) writes.push({ file: 'memory.high', value: formatLimit(l.high, 2) });
  if (l.oomGroup !== undefined) writes.push({ file: 'memory.oom.group', value: l.oomGroup ? '1' : '0' });
  return l.swappiness === undefined ? { writes } : { writes, hostSwappiness: l.swappiness };
}

function planV1(l: MemoryLimits, cur: CurrentState): LimitPlan {
  if (l.high !== undefined && l.high !== 'max') throw new EnvironmentError('the `high` limit (memory.high) needs cgroup v2', 'cgroup v1 has no throttling threshold; this machine has the memory controller on v1');
  if (l.oomGroup) throw new EnvironmentError('oomGroup (memory.oom.group) needs cgroup v2', 'on cgroup v1 the OOM killer always picks one task');
  const writes = memoryAndSwapV1(l, cur);
  if (l.swappiness !== undefined) writes.push({ file: 'memory.swappiness', value: String(l.swappiness) });
  if (l.oomKillDisable !== undefined) writes.push({ file: 'memory.oom_control', value: l.oomKillDisable ? '1' : '0' });
  return { writes };
}

function memoryAndSwapV1(l: MemoryLimits, cur: CurrentState): LimitWrite[] {
  if (l.memory === undefined && l.swap === undefined) return [];
  const curMem = cur.memory ?? 'max';
  const hasMemsw = cur.has('memory.memsw.limit_in_bytes');
  const curMemsw = hasMemsw ? (cur.memsw ?? 'max') : undefined;
  const mem = l.memory ?? curMem;
  let memsw: LimitValue | undefined;
  if (l.swap !== undefined) {
    if (!hasMemsw) throw new EnvironmentError('cannot limit swap: memory.memsw.limit_in_bytes is missing', SWAP_ACCOUNTING_HINT);
    if (l.swap !== 'max' && mem === 'max') {
      throw new EnvironmentError('on cgroup v1 a swap limit needs a memory limit too', 'v1 limits memory + swap together (memory.memsw.limit_in_bytes); set `memory` as well');
    }
    memsw = l.swap === 'max' || mem === 'max' ? 'max' : mem + l.swap;
  } else if (curMemsw !== undefined && curMemsw !== 'max' && curMem !== 'max') {
    // Keep the swap allowance the group had; a memory change alone must not change it.
    memsw = mem === 'max' ? 'max' : mem + (curMemsw - curMem);
  }
  const memWrite = l.memory === undefined ? [] : [{ file: 'memory.limit_in_bytes', value: formatLimit(mem, 1) }];
  if (memsw === undefined) return memWrite;
  const memswWrite = { file: 'memory.memsw.limit_in_bytes', value: formatLimit(memsw, 1) };
  // memsw >= memory at every moment: lower memory first unless it would then exceed the current memsw.
  return limitNum(mem) <= limitNum(curMemsw ?? 'max') ? [...memWrite, memswWrite] : [memswWrite, ...memWrite];
}
