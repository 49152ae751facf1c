// Shapes shared by the cgroup layer. Sizes are bytes; "max" means no limit (v2's spelling; v1 writes -1).
import type { Psi } from '../proc/pressure.js';

/** cgroup v1 (legacy or hybrid hierarchy) or v2 (unified). */
export type CgroupVersion = 1 | 2;

/** A limit in bytes, or "max" for none. */
export type LimitValue = number | 'max';

/** Limits that mean the same on both versions. Absent means "leave as is". */
export interface MemoryLimits {
  /** Hard limit: v2 memory.max, v1 memory.limit_in_bytes. */
  memory?: LimitValue;
  /** Swap alone: v2 memory.swap.max; v1 memory.memsw.limit_in_bytes = memory + swap. */
  swap?: LimitValue;
  /** Throttling threshold: v2 memory.high (v1 has none). */
  high?: LimitValue;
  /** 0..100: v1 memory.swappiness; v2 only via the host's vm.swappiness, when allowed. */
  swappiness?: number;
  /** v2 memory.oom.group: the OOM killer takes the whole group. */
  oomGroup?: boolean;
  /** v1 memory.oom_control oom_kill_disable: tasks wait at the limit instead of being killed. */
  oomKillDisable?: boolean;
}

/** Memory pressure; `scope` says whether it is the cgroup's (v2) or the whole host's (/proc/pressure/memory). */
export interface Pressure extends Psi {
  scope: 'cgroup' | 'host';
}

/** Memory events; fields a version does not count are absent, never 0. */
export interface MemoryEvents {
  /** Processes the OOM killer killed in the group (v2 oom_kill, v1 oom_control's oom_kill). */
  oomKill: number;
  /** v2: times the group hit its limit and the OOM path ran. */
  oom?: number;
  /** v2: times usage was about to go over memory.max. */
  max?: number;
  /** v2: times usage went over memory.high. */
  high?: number;
  /** v2: times usage was reclaimed below memory.low. */
  low?: number;
  /** v2: times the whole group was killed (memory.oom.group). */
  oomGroupKill?: number;
  /** v1: times usage hit memory.limit_in_bytes. */
  failcnt?: number;
  /** v1: the group is in OOM right now (tasks waiting, oom_kill_disable). */
  underOom?: boolean;
}

/** What read() returns: one shape on both versions. */
export interface CgroupReading {
  usageBytes: number;
  /** v1 max_usage_in_bytes; v2 memory.peak (Linux 5.19+). */
  peakBytes?: number;
  /** Swap in use (v1: memsw usage minus memory usage), when swap accounting is on. */
  swapBytes?: number;
  events: MemoryEvents;
  /** memory.stat as numbers (keys differ between versions: v1 rss/cache/total_*, v2 anon/file/...). */
  stat: Record<string, number>;
  pressure?: Pressure;
}
