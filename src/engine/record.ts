// The records the engine reports, the same from the addon (its progress callback and its promise) and
// from the executable (one JSON object per line on its progress fd).

/** One record from the engine: a progress tick, a failure, a phase change, or the final counts. */
export interface HogRecord {
  ev: 'tick' | 'block' | 'fail' | 'phase' | 'done';
  phase: 'alloc' | 'hold' | 'free' | 'done';
  outcome: 'running' | 'completed' | 'malloc-failed' | 'stopped' | 'error';
  blocks: number;
  allocated: number;
  touched: number;
  failures: number;
  rewrites: number;
  elapsedNs: number;
  firstFailNs: number;
  /** The fast fill (populate): bytes touched in chunks advised for transparent huge pages. */
  hugeTouched: number;
  /** The fast fill: chunks that tried the kind of pages not chosen at the time (native/engine.c). */
  probes: number;
  errno: number;
  syscall: string;
}

/** A set-up failure reported by the executable before it ran the engine or exec'd a command. */
export interface HogSetupError {
  ev: 'error';
  step: string;
  syscall: string;
  errno: number;
}

/** The executable's own size just before its first allocation (the baseline for "VSZ grew by"). */
export interface HogStartRecord {
  ev: 'start';
  vsz: number;
  rss: number;
}

/** Anything the executable writes on its progress fd. */
export type HogLine = HogRecord | HogSetupError | HogStartRecord;
