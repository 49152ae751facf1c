import { join } from 'node:path';
import { parsePsiText } from '../proc/pressure.js';
import { readOptional, type CgroupIo } from './io.js';
import type { CgroupReading, CgroupVersion, MemoryEvents, Pressure } from './types.js';

// Usage, peak, swap, events, memory.stat and PSI, parsed into one shape on both versions. The parsers
// take file text so captured files can be tested; readCgroup is the thin reader.

// Why: memory.stat, memory.events and memory.oom_control are all "key value" lines.
export function parseFlatKeyed(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [key, value, extra] = line.trim().split(/\s+/);
    if (key && value !== undefined && extra === undefined && /^-?\d+$/.test(value)) out[key] = Number(value);
  }
  return out;
}

// Why: v2 memory.events: low, high, max, oom, oom_kill, oom_group_kill (the last from Linux 6.x).
export function parseMemoryEvents(text: string): MemoryEvents {
  const k = parseFlatKeyed(text);
  const ev: MemoryEvents = { oomKill: k['oom_kill'] ?? 0 };
  if (k['oom'] !== undefined) ev.oom = k['oom'];
  if (k['max'] !== undefined) ev.max = k['max'];
  if (k['high'] !== undefined) ev.high = k['high'];
  if (k['low'] !== undefined) ev.low = k['low'];
  if (k['oom_group_kill'] !== undefined) ev.oomGroupKill = k['oom_group_kill'];
  return ev;
}

// Why: v1 keeps its OOM facts in memory.oom_control (oom_kill_disable, under_oom, oom_kill) and memory.failcnt.
export function parseOomControl(text: string, failcnt?: string): MemoryEvents {
  const k = parseFlatKeyed(text);
  const ev: MemoryEvents = { oomKill: k['oom_kill'] ?? 0, underOom: k['under_oom'] === 1 };
  if (failcnt !== undefined) ev.failcnt = Number(failcnt.trim());
  return ev;
}

// Why: a SIGKILL is judged an OOM kill by the count of the victim's own group, which must not include
// kills in its sub-groups. v1 counts in the victim's group only; v2's memory.events is hierarchical, so
// memory.events.local (Linux 5.2+) is read, or, before it, memory.events less that of each child (a
// run's sub-groups are leaves, whose hierarchical count is their own).
export function readOwnOomKills(io: CgroupIo, dir: string, version: CgroupVersion, childDirs: readonly string[]): number {
  const count = (d: string, file: string) => parseFlatKeyed(readOptional(io, join(d, file)) ?? '')['oom_kill'] ?? 0;
  if (version === 1) return count(dir, 'memory.oom_control');
  if (io.exists(join(dir, 'memory.events.local'))) return count(dir, 'memory.events.local');
  return childDirs.reduce((n, c) => n - count(c, 'memory.events'), count(dir, 'memory.events'));
}

// Why: a cgroup's memory.pressure (v2) or, on v1, the host's /proc/pressure/memory, in the one PSI
// parser (src/proc/pressure.ts), with whose pressure it is.
export function toPressure(text: string, scope: Pressure['scope']): Pressure | undefined {
  const psi = parsePsiText(text);
  return psi && { scope, ...psi };
}

// Why: the one read the orchestrator does during and after a run. `withStat` false leaves memory.stat
// out (stat is then {}): the sampler reads a group every tick and uses none of it, and on v1 each read
// of memory.stat makes the kernel gather every CPU's counters of the group.
export function readCgroup(io: CgroupIo, dir: string, version: CgroupVersion, withStat = true): CgroupReading {
  const get = (file: string) => readOptional(io, join(dir, file));
  const num = (file: string) => {
    const t = get(file);
    return t === undefined ? undefined : Number(t.trim());
  };
  const stat = withStat ? parseFlatKeyed(get('memory.stat') ?? '') : {};
  if (version === 2) {
    const r: CgroupReading = { usageBytes: num('memory.current') ?? 0, events: parseMemoryEvents(get('memory.events') ?? ''), stat };
    const peak = num('memory.peak');
    if (peak !== undefined) r.peakBytes = peak;
    const swap = num('memory.swap.current');
    if (swap !== undefined) r.swapBytes = swap;
    const psi = get('memory.pressure');
    const pressure = psi === undefined ? undefined : toPressure(psi, 'cgroup');
    if (pressure) r.pressure = pressure;
    return r;
  }
  const usage = num('memory.usage_in_bytes') ?? 0;
  const r: CgroupReading = { usageBytes: usage, events: parseOomControl(get('memory.oom_control') ?? '', get('memory.failcnt')), stat };
  const peak = num('memory.max_usage_in_bytes');
  if (peak !== undefined) r.peakBytes = peak;
  const memsw = num('memory.memsw.usage_in_bytes');
  if (memsw !== undefined) r.swapBytes = Math.max(0, memsw - usage);
  const psi = readOptional(io, io.at('/proc/pressure/memory'));
  const pressure = psi === undefined ? undefined : toPressure(psi, 'host');
  if (pressure) r.pressure = pressure;
  return r;
}
