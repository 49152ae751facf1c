// /proc/meminfo: the host's memory and swap, in bytes (the file prints kB).
import { keyBytes, scanKeyed } from './bytes.js';
import { readShared, shared } from './read-file.js';

/** The meminfo lines oomlab reports. A line the kernel does not print is NaN. */
export interface MemInfo {
  memTotal: number;
  memFree: number;
  memAvailable: number;
  buffers: number;
  cached: number;
  shmem: number;
  swapTotal: number;
  swapFree: number;
  swapCached: number;
  commitLimit: number;
  committedAs: number;
}

const FIELDS = ['memTotal', 'memFree', 'memAvailable', 'buffers', 'cached', 'shmem', 'swapTotal', 'swapFree', 'swapCached', 'commitLimit', 'committedAs'] as const;
const KEYS = keyBytes(['MemTotal:', 'MemFree:', 'MemAvailable:', 'Buffers:', 'Cached:', 'Shmem:', 'SwapTotal:', 'SwapFree:', 'SwapCached:', 'CommitLimit:', 'Committed_AS:']);
const values = new Float64Array(KEYS.length);

/** A MemInfo of NaNs to parse into again and again. */
export function emptyMemInfo(): MemInfo {
  const o = {} as MemInfo;
  for (const f of FIELDS) o[f] = NaN;
  return o;
}

/** Parse meminfo bytes (into `out` when given, to reuse it). */
export function parseMemInfo(buf: Uint8Array, len: number, out?: MemInfo): MemInfo {
  scanKeyed(buf, len, KEYS, values);
  const o = out ?? ({} as MemInfo);
  for (let i = 0; i < FIELDS.length; i++) o[FIELDS[i]!] = values[i]! * 1024;
  return o;
}

/** Parse meminfo text (tests, fixtures). */
export function parseMemInfoText(text: string): MemInfo {
  const b = Buffer.from(text, 'latin1');
  return parseMemInfo(b, b.length);
}

/** Read the host's /proc/meminfo now. */
export function readMemInfo(): MemInfo {
  const n = readShared('/proc/meminfo');
  return parseMemInfo(shared.buf, Math.max(n, 0));
}
