// /proc/<pid>/stat: one line with faults, CPU, sizes, parent, state and start time.
// comm (field 2) is the process name in parentheses and may itself hold spaces and parentheses
// ("a) (b"), so fields are counted from the LAST ')' in the line, never by splitting.
import { cur, readInt, readUint, skipField } from './bytes.js';

/** Fields of one stat line. Sizes in bytes, CPU in clock ticks. */
interface PidStat {
  pid: number;
  comm: string;
  /** R, S, D, Z (zombie), X (dead), T, t, I, ... */
  state: string;
  ppid: number;
  minflt: number;
  majflt: number;
  utime: number;
  stime: number;
  /** Start time in clock ticks after boot: with the pid, identifies a process across pid reuse. */
  starttime: number;
  vsize: number;
  /** Resident pages times the page size. */
  rss: number;
}

/** A zeroed PidStat to parse into again and again. */
export function emptyPidStat(): PidStat {
  return { pid: 0, comm: '', state: '?', ppid: 0, minflt: 0, majflt: 0, utime: 0, stime: 0, starttime: 0, vsize: 0, rss: 0 };
}

/**
 * Parse stat bytes into `out` (reused: no allocation unless `withComm`). Returns false when the
 * text is not a stat line. Field numbers are the proc(5) ones.
 */
export function parsePidStat(buf: Uint8Array, len: number, pageSize: number, out: PidStat, withComm = false): boolean {
  const open = buf.indexOf(0x28); // '('
  let close = len - 1;
  while (close > 0 && buf[close] !== 0x29) close--; // last ')'
  if (open < 0 || close <= open) return false;
  cur.pos = 0;
  out.pid = readUint(buf, open);
  if (withComm) out.comm = Buffer.from(buf.buffer, buf.byteOffset + open + 1, close - open - 1).toString('utf8');
  cur.pos = close + 1;
  skipField(buf, len); // 3 state
  out.state = String.fromCharCode(buf[cur.pos - 1]!);
  out.ppid = readInt(buf, len); // 4
  for (let f = 5; f <= 9; f++) skipField(buf, len);
  out.minflt = readUint(buf, len); // 10
  skipField(buf, len); // 11 cminflt
  out.majflt = readUint(buf, len); // 12
  skipField(buf, len); // 13 cmajflt
  out.utime = readUint(buf, len); // 14
  out.stime = readUint(buf, len); // 15
  for (let f = 16; f <= 21; f++) skipField(buf, len);
  out.starttime = readUint(buf, len); // 22
  out.vsize = readUint(buf, len); // 23
  out.rss = readInt(buf, len) * pageSize; // 24
  return !Number.isNaN(out.rss);
}
