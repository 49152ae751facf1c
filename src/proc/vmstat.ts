// /proc/vmstat: host-wide event counters since boot. Swap traffic (pswpin/pswpout, in pages),
// major faults and the OOM kill count are what tell a swap storm from an OOM kill.
import { keyBytes, scanKeyed } from './bytes.js';
import { readShared, shared } from './read-file.js';

/** The vmstat counters oomlab reports. A counter the kernel does not print (oom_kill before 4.13) is NaN. */
export interface VmStat {
  pswpin: number;
  pswpout: number;
  pgmajfault: number;
  pgfault: number;
  oomKill: number;
}

const FIELDS = ['pswpin', 'pswpout', 'pgmajfault', 'pgfault', 'oomKill'] as const;
const KEYS = keyBytes(['pswpin ', 'pswpout ', 'pgmajfault ', 'pgfault ', 'oom_kill ']);
const values = new Float64Array(KEYS.length);

/** Parse vmstat bytes (into `out` when given, to reuse it). */
export function parseVmStat(buf: Uint8Array, len: number, out?: VmStat): VmStat {
  scanKeyed(buf, len, KEYS, values);
  const o = out ?? ({} as VmStat);
  for (let i = 0; i < FIELDS.length; i++) o[FIELDS[i]!] = values[i]!;
  return o;
}

/** Parse vmstat text (tests, fixtures). */
export function parseVmStatText(text: string): VmStat {
  const b = Buffer.from(text, 'latin1');
  return parseVmStat(b, b.length);
}

/** Read the host's /proc/vmstat now. */
export function readVmStat(): VmStat {
  const n = readShared('/proc/vmstat');
  return parseVmStat(shared.buf, Math.max(n, 0));
}
