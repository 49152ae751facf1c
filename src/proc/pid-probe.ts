// One sampled process: its statm, stat and status files kept open, and its latest sample.
//
// Why three files: statm is the cheapest size read, so it runs every tick (VSZ, RSS, anon and
// file+shmem); stat (faults, CPU, parent, state) and status (swap, RssFile/RssShmem, VmHWM,
// VmPeak) cost 3x and 6x as much to generate, so the sampler re-reads them ("detail") only for
// pids whose sizes just changed, plus a few per tick in rotation. A probe never throws when its process vanishes: read() returns
// false and the sample keeps the last values seen alive.
import { procUnits } from './clock.js';
import { emptyPidStat, parsePidStat } from './pid-stat.js';
import { emptyPidStatm, parsePidStatm } from './pid-statm.js';
import { emptyPidStatus, parsePidStatus } from './pid-status.js';
import type { NativeRecord } from './native-sampler.js';
import { ProcFile, shared } from './read-file.js';

/** The latest known state of one process. Sizes in bytes, times in ms since the sampler started. */
export interface PidSample {
  pid: number;
  ppid: number;
  comm: string;
  /** stat's state letter at the last detail read. */
  state: string;
  /** Start time (clock ticks after boot): pid + starttime names a process across pid reuse. */
  starttime: number;
  /** When the sizes below were read (statm, every tick). */
  t: number;
  vsz: number;
  rss: number;
  anon: number;
  /** RssFile + RssShmem (statm's "shared"). */
  fileShmem: number;
  /** When the detail fields below were read (stat + status, in rotation). */
  detailT: number;
  rssFile: number;
  rssShmem: number;
  swap: number;
  /** VmHWM: the kernel's RSS high-water mark, which catches peaks between samples. */
  hwm: number;
  vmPeak: number;
  minflt: number;
  majflt: number;
  /** utime + stime, in seconds. */
  cpuSeconds: number;
}

const tmpStat = emptyPidStat();
const tmpStatm = emptyPidStatm();
const tmpStatus = emptyPidStatus();

/** A process under observation; `sample` is updated in place. */
export class PidProbe {
  readonly sample: PidSample;
  /** Largest RSS this probe has seen, sampled or VmHWM. */
  maxRss = 0;
  alive = true;
  /** Whether the last read() saw sizes differ from the read before (true on the first). */
  changed = true;
  /** Read sizes every `stride` ticks: 1 while they change, doubling while they do not (the sampler's back-off). */
  stride = 1;
  /** The tick at which sizes are next due. */
  due = 0;
  /** The sampler tick whose reading is the latest (the detail pass reads only pids fresh this tick). */
  freshTick = -1;
  private statm: ProcFile | undefined;
  private stat: ProcFile | undefined;
  private status: ProcFile | undefined;

  constructor(pid: number, t: number) {
    this.sample = { pid, ppid: 0, comm: '', state: '?', starttime: 0, t, vsz: 0, rss: 0, anon: 0, fileShmem: 0, detailT: t, rssFile: 0, rssShmem: 0, swap: 0, hwm: 0, vmPeak: 0, minflt: 0, majflt: 0, cpuSeconds: 0 };
    this.statm = ProcFile.open(`/proc/${pid}/statm`);
    this.stat = ProcFile.open(`/proc/${pid}/stat`);
    this.status = ProcFile.open(`/proc/${pid}/status`);
    if (!this.statm || !this.stat || !this.status || !this.readDetail(t) || !this.read(t)) this.close();
  }

  /** Re-read sizes (statm); false once the process has gone (exited, zombie, reaped). */
  read(t: number): boolean {
    if (!this.alive) return false;
    if (!this.statm) return true; // the native backend reads sizes (useNative)
    const units = procUnits();
    const n = this.statm.read();
    if (n < 0 || !parsePidStatm(shared.buf, n, units.pageSize, tmpStatm)) return this.close();
    // A zombie's statm is all zeros: confirm with stat before calling it gone.
    if (tmpStatm.vsz === 0 && !this.readDetail(t)) return false;
    const s = this.sample;
    s.t = t;
    this.changed = s.vsz !== tmpStatm.vsz || s.rss !== tmpStatm.rss || s.fileShmem !== tmpStatm.shared;
    s.vsz = tmpStatm.vsz;
    s.rss = tmpStatm.rss;
    s.anon = tmpStatm.anon;
    s.fileShmem = tmpStatm.shared;
    if (s.rss > this.maxRss) this.maxRss = s.rss;
    return true;
  }

  /**
   * The native backend reads statm and status on its own thread: release those two descriptors
   * (stat stays, for faults, CPU, comm and state) and take sizes from applyNative() instead.
   */
  useNative(): void {
    this.statm?.close();
    this.status?.close();
    this.statm = this.status = undefined;
  }

  /**
   * A reading from the native sampler (statm; stat and status when `r.detail`). Returns 1 when it
   * changed the sample (a series row is due), 0 when not, -1 when the process has gone (a zombie's
   * stat, or its stat unreadable when comm changed and is re-read here).
   */
  applyNative(r: NativeRecord, t: number): -1 | 0 | 1 {
    if (!this.alive) return -1;
    if (r.detail && (r.state === 'Z' || r.state === 'X')) return (this.close(), -1);
    const changed = applyNativeReading(r, this.sample, t, procUnits().clockTicks);
    this.changed = changed;
    // comm is not in the record (a string): stat is read here, rarely (the first detail read, an exec).
    if (r.detail && r.commChanged && !this.readDetail(t)) return -1;
    const s = this.sample;
    if (s.rss > this.maxRss) this.maxRss = s.rss;
    if (s.hwm > this.maxRss) this.maxRss = s.hwm;
    return changed ? 1 : 0;
  }

  /** Re-read stat, and status unless the native backend reads it; false once the process has gone. */
  readDetail(t: number): boolean {
    if (!this.alive) return false;
    const units = procUnits();
    let n = this.stat!.read();
    // comm is re-read each time: a child found between fork and exec still has its parent's name.
    if (n < 0 || !parsePidStat(shared.buf, n, units.pageSize, tmpStat, true)) return this.close();
    if (tmpStat.state === 'Z' || tmpStat.state === 'X') return this.close();
    if (!this.status) return this.applyStat(t);
    n = this.status.read();
    if (n < 0 || !parsePidStatus(shared.buf, n, tmpStatus)) return this.close();
    this.applyStat(t);
    const s = this.sample;
    s.detailT = t;
    s.rssFile = tmpStatus.rssFile;
    s.rssShmem = tmpStatus.rssShmem;
    s.swap = tmpStatus.vmSwap;
    s.hwm = Math.max(s.hwm, tmpStatus.vmHwm);
    s.vmPeak = Math.max(s.vmPeak, tmpStatus.vmPeak);
    if (s.hwm > this.maxRss) this.maxRss = s.hwm;
    return true;
  }

  /** stat's fields (just parsed into tmpStat) into the sample; true. */
  private applyStat(t: number): true {
    const s = this.sample;
    if (s.comm !== tmpStat.comm) s.comm = tmpStat.comm;
    s.ppid = tmpStat.ppid;
    s.state = tmpStat.state;
    s.starttime = tmpStat.starttime;
    s.minflt = tmpStat.minflt;
    s.majflt = tmpStat.majflt;
    s.cpuSeconds = (tmpStat.utime + tmpStat.stime) / procUnits().clockTicks;
    if (!this.status) s.detailT = Math.max(s.detailT, t);
    return true;
  }

  /** Mark gone and release the descriptors; returns false for the callers' convenience. */
  close(): false {
    this.alive = false;
    this.statm?.close();
    this.stat?.close();
    this.status?.close();
    return false;
  }
}

// Why: one drained reading written into a PidSample, the JS sampler's per-pid shape, so either backend feeds the same groups.
// Returns whether anything changed (sizes, or swap, faults or CPU on a detail read): an unchanged reading needs no new series row.
function applyNativeReading(r: NativeRecord, s: PidSample, t: number, clockTicks: number): boolean {
  const cpu = r.cpuTicks / clockTicks;
  const changed = s.vsz !== r.vsz || s.rss !== r.rss || s.fileShmem !== r.fileShmem || (r.detail && (s.swap !== r.swap || s.majflt !== r.majflt || s.minflt !== r.minflt || s.cpuSeconds !== cpu));
  s.t = t;
  s.vsz = r.vsz;
  s.rss = r.rss;
  s.anon = r.anon;
  s.fileShmem = r.fileShmem;
  if (r.detail) {
    s.detailT = t;
    s.swap = r.swap;
    s.rssFile = r.rssFile;
    s.rssShmem = r.rssShmem;
    s.hwm = Math.max(s.hwm, r.hwm);
    s.vmPeak = Math.max(s.vmPeak, r.vmPeak);
    s.minflt = r.minflt;
    s.majflt = r.majflt;
    s.cpuSeconds = cpu;
    s.state = r.state;
  }
  return changed;
}
