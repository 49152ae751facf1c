// The native sampling backend: a thread in the addon (native/sampler.c) reads every pid's statm each
// tick, and stat (faults, CPU, state) and status (swap, VmHWM, VmPeak, RssFile, RssShmem) in rotation
// and on change, into a ring buffer that this class drains. Why: the JavaScript sampler pays Node's per-call overhead on each of
// 200 reads per tick and shares the event loop, so its ticks slip when the loop is busy; the thread
// keeps its absolute schedule regardless (issue 7, item 3).
//
// This file is the policy side: it validates every option before it crosses into C, turns records
// into the JS sampler's terms (bytes, milliseconds on performance.now()'s clock, PidSample fields)
// and keeps the achieved-interval statistics from the thread's own tick records.
import { NativeError, errnoName, toNativeError } from '../native/errors.js';
import { addonExport } from '../native/loader.js';
import { GapStats, type GapSummary } from './gap-stats.js';

/** Doubles per record (native/sampler.h SAMPLER_RECORD_DOUBLES) and the flags. */
const REC = 16;
const F_TICK = 1;
const F_DETAIL = 2;
const F_GONE = 4;
const F_COMM = 8;
/** Linux's largest possible pid (PID_MAX_LIMIT on 64-bit). */
const PID_MAX = 4_194_304;

/** How the native sampler runs. Only `intervalMs` is required. */
interface NativeSamplerOptions {
  /** Tick interval, >= 1 ms. */
  intervalMs: number;
  /** Every pid's status is re-read at least this often (rotation, spread over ticks); 0: never. Default 1000. */
  detailMaxAgeMs?: number;
  /** Plus at most this many pids per tick whose statm changed get status re-read. Default 32. */
  detailPerTick?: number;
  /**
   * Write a pid's reading only when its statm changed or its status was read (a vanished pid is
   * always reported). Every pid is still read every tick; an idle one just costs nothing to drain.
   * Default false.
   */
  changesOnly?: boolean;
  /** Ring capacity in records; default enough for 2 s at 1024 pids. Records that do not fit are dropped (stats().dropped). */
  capacity?: number;
}

/** One record as drained; the object is reused for each record (copy what you keep). */
export interface NativeRecord {
  kind: 'tick' | 'pid' | 'gone';
  /** 0 for a tick. */
  pid: number;
  /** When it was read (a tick: when the tick started), in performance.now() milliseconds. */
  t: number;
  /** Sizes from statm, bytes (kind 'pid'). */
  vsz: number;
  rss: number;
  anon: number;
  /** RssFile + RssShmem (statm's "shared"). */
  fileShmem: number;
  /** Whether status was read too: the fields below are fresh. */
  detail: boolean;
  swap: number;
  hwm: number;
  vmPeak: number;
  rssFile: number;
  rssShmem: number;
  /** From stat, with `detail`: faults, utime + stime in clock ticks, and the state letter. */
  minflt: number;
  majflt: number;
  cpuTicks: number;
  state: string;
  /** With `detail`: comm is not what this pid's previous detail read saw (or this is its first); read stat for it. */
  commChanged: boolean;
  /** kind 'gone': why (ESRCH or ENOENT: the process vanished; anything else: it could not be read). */
  errno: number;
  code: string;
  /** kind 'gone' for a reason other than the process vanishing (e.g. EACCES): the failure, typed. */
  error: NativeError | undefined;
}

/** The thread's own timing and cost. */
interface NativeSamplerStats {
  intervalMs: number;
  /** Ticks drained so far. */
  ticks: number;
  /** Deadlines skipped because a tick overran. */
  missed: number;
  /** Achieved gaps between tick starts (the thread's clock), ms. */
  gaps: GapSummary;
  /** Mean lateness of a tick behind its deadline, ms. */
  lateMeanMs: number;
  /** CPU time of the sampling thread alone, ms. */
  threadCpuMs: number;
  /** Records lost because the ring was full (drain more often, or a larger capacity). */
  dropped: number;
  /** Pids read at the last tick. */
  pids: number;
}

/** The native sampler's configuration in the C core's terms (see native/sampler.h). */
interface RawSamplerConfig {
  intervalNs: number;
  detailEvery: number;
  detailChanged: number;
  capacity: number;
  /** 1: a pid's record only when its statm changed or status was read. */
  changesOnly: number;
}

/** The native sampling thread (native/sampler.c); records are SAMPLER_RECORD_DOUBLES doubles each. */
interface RawSampler {
  setPids(pids: Int32Array): void;
  start(): void;
  stop(): void;
  drainInto(out: Float64Array): number;
  counts(): { dropped: number; ticks: number; running: boolean };
  destroy(): void;
}

// Why: the native sampling thread, created with its failures as NativeError; the caller validates the config.
export function nativeSampler(config: RawSamplerConfig): RawSampler {
  try {
    return new (addonExport<new (config: RawSamplerConfig) => RawSampler>('Sampler'))(config);
  } catch (err) {
    throw toNativeError(err);
  }
}

const LETTERS: string[] = [];
// Why: stat's state as the one-letter string PidSample keeps, without allocating one per record.
function stateLetter(code: number): string {
  return (LETTERS[code] ??= String.fromCharCode(code));
}

function assertInt(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${v}`);
}

// Why: the native sampling thread behind a validated, typed face; drain() yields the JS sampler's fields.
export class NativeSampler {
  readonly intervalMs: number;
  private raw: RawSampler | undefined;
  private readonly buf: Float64Array;
  /** performance.now() = CLOCK_MONOTONIC ms - this (measured once; both are the same clock). */
  private readonly offsetMs: number;
  private readonly rec: NativeRecord = { kind: 'tick', pid: 0, t: 0, vsz: 0, rss: 0, anon: 0, fileShmem: 0, detail: false, swap: 0, hwm: 0, vmPeak: 0, rssFile: 0, rssShmem: 0, minflt: 0, majflt: 0, cpuTicks: 0, state: '?', commChanged: false, errno: 0, code: '', error: undefined };
  private readonly gaps = new GapStats();
  private lastTickT = NaN;
  private ticks = 0;
  private missed = 0;
  private lateTotal = 0;
  private threadCpuMs = 0;
  private lastPids = 0;

  constructor(opts: NativeSamplerOptions) {
    if (!(opts.intervalMs >= 1 && opts.intervalMs <= 60_000)) throw new RangeError(`intervalMs must be in [1, 60000], got ${opts.intervalMs}`);
    const age = opts.detailMaxAgeMs ?? 1000;
    if (!(age === 0 || (age >= opts.intervalMs && Number.isFinite(age)))) throw new RangeError(`detailMaxAgeMs must be 0 or >= intervalMs, got ${age}`);
    const perTick = opts.detailPerTick ?? 32;
    assertInt('detailPerTick', perTick, 0, 1 << 20);
    const capacity = opts.capacity ?? Math.ceil((2000 / opts.intervalMs) * 1025);
    assertInt('capacity', capacity, 16, 1 << 24);
    this.intervalMs = opts.intervalMs;
    this.raw = nativeSampler({
      intervalNs: Math.round(opts.intervalMs * 1e6),
      detailEvery: age === 0 ? 0 : Math.max(1, Math.floor(age / opts.intervalMs)),
      detailChanged: perTick,
      capacity,
      changesOnly: opts.changesOnly ? 1 : 0,
    });
    this.buf = new Float64Array(REC * Math.min(capacity, 8192));
    this.offsetMs = Number(process.hrtime.bigint()) / 1e6 - performance.now();
  }

  // Why: the thread reads exactly these pids from its next tick on; pids already read keep their descriptors.
  setPids(pids: readonly number[]): void {
    for (const p of pids) assertInt('pid', p, 1, PID_MAX);
    this.call((r) => r.setPids(Int32Array.from(pids)));
  }

  // Why: starts the thread; its first tick is immediate, then every intervalMs on absolute deadlines.
  start(): void {
    this.call((r) => r.start());
  }

  // Why: stops and joins the thread; records already written stay to be drained, and start() resumes.
  stop(): void {
    this.raw?.stop();
  }

  // Why: joins the thread and closes every descriptor now (not at garbage collection); the sampler is unusable after.
  destroy(): void {
    this.raw?.destroy();
    this.raw = undefined;
  }

  // Why: hands every record written since the last drain to `each`, in order, without allocating; returns the count.
  drain(each: (r: NativeRecord) => void): number {
    const raw = this.raw;
    if (!raw) return 0;
    const b = this.buf;
    const r = this.rec;
    let total = 0;
    for (;;) {
      const n = raw.drainInto(b);
      for (let i = 0; i < n; i++) {
        const o = i * REC;
        const flags = b[o + 2]!;
        r.pid = b[o]!;
        r.t = b[o + 3]! / 1e6 - this.offsetMs;
        if (flags & F_TICK) {
          r.kind = 'tick';
          if (!Number.isNaN(this.lastTickT)) this.gaps.add(r.t - this.lastTickT);
          this.lastTickT = r.t;
          this.ticks++;
          this.missed += b[o + 1]!;
          this.lateTotal += b[o + 4]! / 1e6;
          this.threadCpuMs = b[o + 5]! / 1e6;
          this.lastPids = b[o + 6]!;
        } else if (flags & F_GONE) {
          r.kind = 'gone';
          r.errno = b[o + 1]!;
          r.code = errnoName(r.errno);
          r.error = r.code === 'ESRCH' || r.code === 'ENOENT' ? undefined : new NativeError(r.errno, 'pread', `/proc/${r.pid}: ${r.code}`);
        } else {
          r.kind = 'pid';
          r.vsz = b[o + 4]!;
          r.rss = b[o + 5]!;
          r.fileShmem = b[o + 6]!;
          r.anon = r.rss - r.fileShmem;
          r.detail = (flags & F_DETAIL) !== 0;
          r.swap = b[o + 7]!;
          r.hwm = b[o + 8]!;
          r.vmPeak = b[o + 9]!;
          r.rssFile = b[o + 10]!;
          r.rssShmem = b[o + 11]!;
          r.minflt = b[o + 12]!;
          r.majflt = b[o + 13]!;
          r.cpuTicks = b[o + 14]!;
          r.state = r.detail ? stateLetter(b[o + 15]!) : r.state;
          r.commChanged = (flags & F_COMM) !== 0;
        }
        each(r);
      }
      total += n;
      if (n * REC < b.length) return total;
    }
  }

  // Why: the achieved interval and the thread's cost, for the bench and for trusting the data.
  stats(): NativeSamplerStats {
    const c = this.raw?.counts();
    return {
      intervalMs: this.intervalMs,
      ticks: this.ticks,
      missed: this.missed,
      gaps: this.gaps.summary(),
      lateMeanMs: this.ticks ? this.lateTotal / this.ticks : NaN,
      threadCpuMs: this.threadCpuMs,
      dropped: c?.dropped ?? 0,
      pids: this.lastPids,
    };
  }

  private call(f: (r: RawSampler) => void): void {
    if (!this.raw) throw new Error('the native sampler was destroyed');
    try {
      f(this.raw);
    } catch (err) {
      throw toNativeError(err);
    }
  }
}
