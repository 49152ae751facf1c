// The result of `oomlab run`, as JSON and as the library's return value: one shape for success and
// failure (like execa's result), versioned so CI jobs can rely on it. schema.ts checks untrusted copies
// of it (a VM guest's, a file a user hands in) against the same shape at run time.

/** The JSON schema id of this shape. */
export const RESULT_SCHEMA = 'oomlab/result@1';

/** Every way a participant can end. */
export const OUTCOMES = ['completed', 'exited', 'malloc-failed', 'oom-killed', 'killed', 'timed-out', 'crashed'] as const;

/** How a participant ended. */
export type Outcome = (typeof OUTCOMES)[number];

/** Where the evidence of an OOM kill came from. */
export const EVIDENCE_SOURCES = ['kmsg', 'cgroup-counter', 'exit-signal'] as const;

/** Facts about the machine the run happened on. */
export interface HostFacts {
  kernel: string;
  cgroupVersion: 1 | 2 | 'none';
  memTotalBytes: number;
  memAvailableBytes: number;
  swapTotalBytes: number;
  overcommitMemory: number;
  swappiness: number;
  inVm: boolean;
}

/** One participant copy's end. */
export interface ParticipantResult {
  name: string;
  /** The participant as written in the scenario (copies share it). */
  participant: string;
  kind: 'hog' | 'command' | 'node';
  pid?: number;
  outcome: Outcome;
  exitCode?: number;
  signal?: string;
  peakRssBytes: number;
  peakVszBytes: number;
  peakSwapBytes: number;
  allocatedBytes?: number;
  touchedBytes?: number;
  startedAtMs?: number;
  endedAtMs?: number;
  restarts: number;
  /** Major page faults over its life (a participant being swapped in). */
  majorFaults: number;
}

/** One OOM kill, with the kernel's own evidence. */
export interface OomEvent {
  /** The participant copy whose process tree held the victim; absent if it was not ours. */
  participant?: string;
  victimPid: number;
  victimName: string;
  constraint?: string;
  anonRssKb?: number;
  totalVmKb?: number;
  oomScoreAdj?: number;
  memcg?: string;
  atMs: number;
  /** Where the evidence came from. */
  sources: Array<(typeof EVIDENCE_SOURCES)[number]>;
  /** The raw report lines from the kernel log. */
  report: string[];
}

/** One expectation, checked. */
export interface AssertionResult {
  description: string;
  passed: boolean;
  expected: string;
  actual: string;
}

/** A cgroup's limits, peaks and events at the end of the run. */
export interface CgroupResult {
  name: string;
  path: string;
  limits: Record<string, number | boolean | string>;
  peakBytes?: number;
  peakSwapBytes?: number;
  events: Record<string, number>;
}

/** Columns of one sampled thing: `t` (ms since the run started) and values, one row per sample. */
export type Columns<K extends string> = Record<'t' | K, number[]>;

/** The sampled series (thinned evenly on long runs, so memory stays bounded; peaks are kept apart). */
export interface Series {
  participants: Record<string, Columns<'rss' | 'vsz' | 'swap' | 'majflt'>>;
  cgroups: Record<string, Columns<'usage' | 'swap'>>;
  host?: Columns<'memAvailable' | 'swapFree' | 'pswpin' | 'pswpout'>;
}

/** The whole result. */
export interface RunResult {
  schema: typeof RESULT_SCHEMA;
  scenario: { name: string; description?: string; source?: string };
  host: HostFacts;
  startedAt: string;
  durationMs: number;
  cgroups: CgroupResult[];
  participants: ParticipantResult[];
  oomEvents: OomEvent[];
  /** How OOM kills were confirmed; `kmsg: false` with a reason when /dev/kmsg could not be read. */
  evidence: { kmsg: boolean; reason?: string };
  series: Series;
  assertions: AssertionResult[];
  verdict: 'pass' | 'fail';
}
