import { execa } from 'execa';
import type { Readable } from 'node:stream';
import { findBuildArtifact } from '../native/build-paths.js';
import { errnoName } from '../native/errors.js';
import { emptyPidStatus, parsePidStatus } from '../proc/pid-status.js';
import { readShared, shared } from '../proc/read-file.js';
import { hogArgv, type HogSetup } from './argv.js';
import { toEngineConfig } from './config.js';
import { HOG_EXIT } from './contract.js';
import type { HogResult } from './hog-result.js';
import type { HogOptions } from './options.js';
import { readHogRecords } from './progress-stream.js';
import type { HogRecord, HogSetupError } from './record.js';

/** The progress fd the executable is given (its 4th stdio entry). */
const PROGRESS_FD = 3;

/** A live view while the hog runs. */
export interface HogSample {
  elapsedMs: number;
  vszBytes: number;
  rssBytes: number;
  record?: HogRecord;
}

/** Control over a run of the executable. */
interface RunHogControl {
  sampleMs?: number;
  onSample?: (s: HogSample) => void;
  signal?: AbortSignal;
  /** Where the article's human lines (`Mem Total N MiB`) go when options.human is set. */
  stdout?: NodeJS.WritableStream;
}

interface Mem {
  vsz: number;
  rss: number;
  peakVsz: number;
  hwm: number;
}

const status = emptyPidStatus();

// VmSize, VmRSS, VmPeak and VmHWM in one read of /proc/<pid>/status; the peaks are the kernel's own
// high-water marks, so a peak between two samples is not lost.
function readMem(pid: number): Mem | undefined {
  const n = readShared(`/proc/${pid}/status`);
  if (n < 0 || !parsePidStatus(shared.buf, n, status)) return undefined;
  return { vsz: status.vmSize, rss: status.vmRss, peakVsz: status.vmPeak, hwm: status.vmHwm };
}

// Why: `oomlab hog` and the tests run the C core as its own process (as the article's test_mem ran)
// and watch it from outside through /proc, the way top did in the article.
export async function runHogExecutable(options: HogOptions, setup: HogSetup = {}, control: RunHogControl = {}): Promise<HogResult> {
  const argv = hogArgv(setup, { engine: toEngineConfig(options), human: options.human, progressFd: PROGRESS_FD });
  const started = performance.now();
  const child = execa(findBuildArtifact('oomlab-hog'), argv, {
    stdio: ['ignore', options.human ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    reject: false,
    cancelSignal: control.signal,
    forceKillAfterDelay: 2000,
    killSignal: 'SIGTERM',
  });
  if (options.human && control.stdout) child.stdout?.pipe(control.stdout, { end: false });
  let last: HogRecord | undefined;
  let setupError: HogSetupError | undefined;
  let start: Mem | undefined;
  let peak = { vsz: 0, rss: 0 };
  const records = readHogRecords(child.stdio[PROGRESS_FD] as Readable, (r) => {
    if (r.ev === 'error') setupError = r;
    else if (r.ev === 'start') start = { vsz: r.vszBytes, rss: r.rssBytes, peakVsz: r.vszBytes, hwm: r.rssBytes };
    else if (r.ev === 'peak') peak = { vsz: Math.max(peak.vsz, r.vmPeakBytes), rss: Math.max(peak.rss, r.vmHwmBytes) };
    else last = r;
  });
  const sample = (): void => {
    const m = child.pid ? readMem(child.pid) : undefined;
    if (!m) return;
    start ??= m;
    peak = { vsz: Math.max(peak.vsz, m.vsz, m.peakVsz), rss: Math.max(peak.rss, m.rss, m.hwm) };
    control.onSample?.({ elapsedMs: performance.now() - started, vszBytes: m.vsz, rssBytes: m.rss, record: last });
  };
  sample();
  const timer = setInterval(sample, control.sampleMs ?? 50);
  const done = await child;
  clearInterval(timer);
  await records;
  return toResult(done, last, setupError, { start, peak, elapsedMs: performance.now() - started, pid: child.pid });
}

function toResult(
  done: { exitCode?: number; signal?: string; stderr?: unknown },
  last: HogRecord | undefined,
  setupError: HogSetupError | undefined,
  seen: { start?: Mem; peak: { vsz: number; rss: number }; elapsedMs: number; pid?: number },
): HogResult {
  const result: HogResult = {
    outcome: 'completed',
    pid: seen.pid,
    allocatedBytes: last?.allocatedBytes ?? 0,
    touchedBytes: last?.touchedBytes ?? 0,
    blocks: last?.blocks ?? 0,
    failures: last?.failures ?? 0,
    startVszBytes: seen.start?.vsz ?? 0,
    startRssBytes: seen.start?.rss ?? 0,
    peakVszBytes: seen.peak.vsz,
    peakRssBytes: seen.peak.rss,
    elapsedMs: Math.round(seen.elapsedMs),
  };
  if (done.exitCode !== undefined) result.exitCode = done.exitCode;
  if (done.signal) result.signal = done.signal;
  if (last && last.failures > 0) result.failure = { code: errnoName(last.errno), syscall: last.syscall, afterBytes: last.allocatedBytes };
  if (done.signal) {
    result.outcome = last?.outcome === 'malloc-failed' ? 'malloc-failed' : 'killed';
  } else if (setupError || (done.exitCode !== HOG_EXIT.OK && done.exitCode !== HOG_EXIT.MALLOC_FAILED)) {
    result.outcome = 'error';
    result.error = setupError
      ? `${setupError.step}: ${setupError.syscall} failed with ${errnoName(setupError.errno)}`
      : String(done.stderr ?? '').trim() || `oomlab-hog exited with code ${done.exitCode}`;
  } else if (done.exitCode === HOG_EXIT.MALLOC_FAILED || last?.outcome === 'malloc-failed') {
    result.outcome = 'malloc-failed';
  }
  return result;
}
