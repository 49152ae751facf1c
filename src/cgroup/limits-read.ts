import { join } from 'node:path';
import { readOptional, type CgroupIo } from './io.js';
import { parseFlatKeyed } from './reads.js';
import { parseLimit } from './values.js';
import type { CgroupVersion, MemoryLimits } from './types.js';

// Reading limits back from the files, in the same shape they are given in, so a caller (and a test)
// can check what the kernel actually holds (v1 rounds limits down to whole pages).

// Why: the inverse of planLimits; v1 swap is memsw - memory, v2 host swappiness is not reported.
export function readLimits(io: CgroupIo, dir: string, version: CgroupVersion): MemoryLimits {
  const get = (file: string) => readOptional(io, join(dir, file));
  const out: MemoryLimits = {};
  if (version === 2) {
    const max = get('memory.max');
    if (max !== undefined) out.memory = parseLimit(max);
    const swap = get('memory.swap.max');
    if (swap !== undefined) out.swap = parseLimit(swap);
    const high = get('memory.high');
    if (high !== undefined) out.high = parseLimit(high);
    const group = get('memory.oom.group');
    if (group !== undefined) out.oomGroup = group.trim() === '1';
    return out;
  }
  out.memory = parseLimit(io.read(join(dir, 'memory.limit_in_bytes')));
  const memsw = get('memory.memsw.limit_in_bytes');
  if (memsw !== undefined) {
    const ms = parseLimit(memsw);
    out.swap = ms === 'max' || out.memory === 'max' ? 'max' : ms - out.memory;
  }
  const swappiness = get('memory.swappiness');
  if (swappiness !== undefined) out.swappiness = Number(swappiness.trim());
  const oom = get('memory.oom_control');
  if (oom !== undefined) out.oomKillDisable = parseFlatKeyed(oom)['oom_kill_disable'] === 1;
  return out;
}
