/** How a hog run ended. */
type HogOutcome = 'completed' | 'malloc-failed' | 'killed' | 'error';

// Why: one result shape for success and failure (as execa's result), plus the memory figures.
export interface HogResult {
  outcome: HogOutcome;
  exitCode?: number;
  signal?: string;
  pid?: number;
  allocatedBytes: number;
  touchedBytes: number;
  blocks: number;
  failures: number;
  /** The first failed allocation's errno name and syscall, e.g. ENOMEM / malloc. */
  failure?: { code: string; syscall: string; afterBytes: number };
  /** VSZ and RSS at the first sample, and their peaks (VmPeak/VmHWM, so peaks between samples count). */
  startVszBytes: number;
  startRssBytes: number;
  peakVszBytes: number;
  peakRssBytes: number;
  elapsedMs: number;
  /** Set when the executable could not set itself up (join a cgroup, set a limit) or exec. */
  error?: string;
}
