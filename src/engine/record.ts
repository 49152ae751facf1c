import type { HOG_ENUMS, HOG_LINE_EVENTS, HOG_RECORD_COUNTERS, HOG_RECORD_KEYS } from './contract.js';

// The records the engine reports, the same from the addon (its progress callback and its promise) and
// from the executable (one JSON object per line on its progress fd): both take their keys from the
// contract (contract.ts), and the check at the end of this file fails the build if these types drift.

/** The engine's outcome so far (`running` until it ends). */
type EngineOutcome = (typeof HOG_ENUMS.outcome.words)[number];

/** One record from the engine: a progress tick, a failure, a phase change, or the final counts. */
export interface HogRecord {
  ev: (typeof HOG_ENUMS.event.words)[number];
  phase: (typeof HOG_ENUMS.phase.words)[number];
  outcome: EngineOutcome;
  blocks: number;
  allocatedBytes: number;
  touchedBytes: number;
  failures: number;
  rewrites: number;
  elapsedNs: number;
  firstFailNs: number;
  /** The fast fill (populate): bytes touched in chunks advised for transparent huge pages. */
  hugeTouchedBytes: number;
  /** The fast fill: chunks that tried the kind of pages not chosen at the time (native/engine.c). */
  probes: number;
  /** Probe passes so far (a probe participant), and the last pass's duration in ns. */
  passes: number;
  passNs: number;
  errno: number;
  syscall: string;
}

/** A set-up failure reported by the executable before it ran the engine or exec'd a command. */
export interface HogSetupError {
  ev: typeof HOG_LINE_EVENTS.ERROR;
  step: string;
  syscall: string;
  errno: number;
}

/** The executable's own size just before its first allocation (the baseline for "VSZ grew by"). */
interface HogStartRecord {
  ev: typeof HOG_LINE_EVENTS.START;
  vszBytes: number;
  rssBytes: number;
}

/** The kernel's high-water marks of the executable's own memory, written just before its last record. */
export interface HogPeakRecord {
  ev: typeof HOG_LINE_EVENTS.PEAK;
  vmPeakBytes: number;
  vmHwmBytes: number;
}

/** Anything the executable writes on its progress fd. */
export type HogLine = HogRecord | HogSetupError | HogStartRecord | HogPeakRecord;

// Compile-time: each record's keys are exactly the contract's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Keys = typeof HOG_RECORD_KEYS;
const sameKeys: [
  Same<keyof HogRecord, (typeof HOG_RECORD_COUNTERS)[number]['key'] | Keys['EV' | 'PHASE' | 'OUTCOME' | 'ERRNO' | 'SYSCALL']>,
  Same<keyof HogSetupError, Keys['EV' | 'STEP' | 'SYSCALL' | 'ERRNO']>,
  Same<keyof HogStartRecord, Keys['EV' | 'VSZ_BYTES' | 'RSS_BYTES']>,
  Same<keyof HogPeakRecord, Keys['EV' | 'VM_PEAK_BYTES' | 'VM_HWM_BYTES']>,
] = [true, true, true, true];
void sameKeys;
