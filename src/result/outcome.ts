import { HOG_EXIT } from '../engine/contract.js';
import type { HogRecord } from '../engine/record.js';
import type { Outcome } from './types.js';

/** Signals that mean the program itself failed, not that someone stopped it. */
const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGBUS', 'SIGABRT', 'SIGILL', 'SIGFPE', 'SIGSYS', 'SIGTRAP']);

/** What is known about one participant when it has ended. */
export interface OutcomeFacts {
  kind: 'hog' | 'command' | 'node' | 'probe';
  exitCode?: number;
  signal?: string;
  /** The engine's last record (hog and node participants). */
  final?: HogRecord;
  /** The kernel (or, without /dev/kmsg, the cgroup counters and SIGKILL) says a pid of its tree was OOM-killed. */
  oomKilled: boolean;
  /** The harness stopped it (end of the run's duration, or teardown). */
  stoppedByHarness: boolean;
  /** Its set-up (oomlab-hog's: cgroup, rlimit, exec) failed, so it never ran what it was to run. */
  setupFailed?: boolean;
  /** Its stderr and exit say its runtime ran out of heap (participant/runtime-oom.ts). */
  runtimeOom?: boolean;
}

// Why: one rule, used for every participant, turns exit status and evidence into an outcome. The
// OOM evidence comes first: a shell whose child was OOM-killed exits 137, yet the participant was;
// and a process the kernel killed was killed, whatever its runtime had printed before.
export function classifyOutcome(f: OutcomeFacts): Outcome {
  if (f.oomKilled) return 'oom-killed';
  if (f.setupFailed) return 'failed-to-start';
  if (f.runtimeOom) return 'runtime-oom';
  const engine = f.final?.outcome;
  if (f.signal) {
    if (CRASH_SIGNALS.has(f.signal)) return 'crashed';
    if (f.stoppedByHarness) return engine === 'completed' ? 'completed' : engine === 'malloc-failed' ? 'malloc-failed' : 'timed-out';
    return 'killed';
  }
  if (f.kind !== 'command' && (f.exitCode === HOG_EXIT.MALLOC_FAILED || engine === 'malloc-failed')) return 'malloc-failed';
  if (f.stoppedByHarness && engine === 'stopped') return 'timed-out';
  if (f.exitCode === 0) return 'completed';
  return 'exited';
}

/** Outcomes that count as "the participant survived" in an expectation. */
export const SURVIVED: ReadonlySet<Outcome> = new Set(['completed', 'exited', 'malloc-failed', 'timed-out']);
