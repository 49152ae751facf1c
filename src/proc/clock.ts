// Page size and clock ticks, which /proc counts in. Node has no sysconf(), and running
// `getconf` costs a process, so read them once from this process's ELF auxiliary vector
// (/proc/self/auxv: pairs of native words, AT_PAGESZ = 6 and AT_CLKTCK = 17), falling back to
// the x86_64 Linux values (4096 and 100) if it cannot be read.
import { readShared, shared } from './read-file.js';

const AT_NULL = 0;
const AT_PAGESZ = 6;
const AT_CLKTCK = 17;

/** Units /proc uses: bytes per page (statm, stat's rss) and ticks per second (stat's utime). */
interface ProcUnits {
  pageSize: number;
  clockTicks: number;
}

/** Parse an auxiliary vector of 64-bit little-endian (key, value) pairs. */
export function parseAuxv(buf: Uint8Array, len: number): Partial<ProcUnits> {
  const view = Buffer.from(buf.buffer, buf.byteOffset, len);
  const out: Partial<ProcUnits> = {};
  for (let at = 0; at + 16 <= len; at += 16) {
    const key = Number(view.readBigUInt64LE(at));
    const value = Number(view.readBigUInt64LE(at + 8));
    if (key === AT_NULL) break;
    if (key === AT_PAGESZ) out.pageSize = value;
    if (key === AT_CLKTCK) out.clockTicks = value;
  }
  return out;
}

let cached: ProcUnits | undefined;

/** This machine's page size and clock ticks, read once. */
export function procUnits(): ProcUnits {
  if (cached) return cached;
  const n = readShared('/proc/self/auxv');
  const found = n > 0 ? parseAuxv(shared.buf, n) : {};
  cached = { pageSize: found.pageSize || 4096, clockTicks: found.clockTicks || 100 };
  return cached;
}
