// /proc/<pid>/status: the only per-process file with swap (VmSwap) and the high-water marks
// (VmHWM, VmPeak) that catch peaks between samples. It is the most expensive of the three to
// generate (~50 lines), so the sampler reads it on a slower rotation than statm.
import { keyBytes, scanKeyed } from './bytes.js';

/** Vm and Rss lines of status, in bytes (the file prints kB). Absent lines (kernel threads) are 0. */
export interface PidStatus {
  vmPeak: number;
  vmSize: number;
  vmHwm: number;
  vmRss: number;
  rssAnon: number;
  rssFile: number;
  rssShmem: number;
  vmSwap: number;
}

const FIELDS = ['vmPeak', 'vmSize', 'vmHwm', 'vmRss', 'rssAnon', 'rssFile', 'rssShmem', 'vmSwap'] as const;
const KEYS = keyBytes(['VmPeak:', 'VmSize:', 'VmHWM:', 'VmRSS:', 'RssAnon:', 'RssFile:', 'RssShmem:', 'VmSwap:']);
const values = new Float64Array(KEYS.length);

/** A zeroed PidStatus to parse into again and again. */
export function emptyPidStatus(): PidStatus {
  return { vmPeak: 0, vmSize: 0, vmHwm: 0, vmRss: 0, rssAnon: 0, rssFile: 0, rssShmem: 0, vmSwap: 0 };
}

/** Parse status bytes into `out`; false when none of the lines were there. */
export function parsePidStatus(buf: Uint8Array, len: number, out: PidStatus): boolean {
  const found = scanKeyed(buf, len, KEYS, values);
  for (let i = 0; i < FIELDS.length; i++) {
    const v = values[i]!;
    out[FIELDS[i]!] = Number.isNaN(v) ? 0 : v * 1024;
  }
  return found > 0;
}
