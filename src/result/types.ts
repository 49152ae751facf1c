// The result of `oomlab run`, as JSON and as the library's return value: one shape for success and
// failure (like execa's result), versioned so CI jobs can rely on it. schema.ts checks untrusted copies
// of it (a VM guest's, a file a user hands in) against the same shape at run time. Two of its parts
// are defined where they are made: the host's facts (host/host-facts.ts) and the OOM kills with their
// evidence (evidence/oom-event.ts).
import type { KmsgEvidence, RunOomEvent } from '../evidence/oom-event.js';
import type { PsiTotals } from '../proc/psi-watch.js';
import type { ProbeFigures } from '../probe/stats.js';
import type { RunHostFacts } from '../host/host-facts.js';
import type { Runtime } from '../participant/runtime-oom.js';

/** The JSON schema id of this shape. */
export const RESULT_SCHEMA = 'oomlab/result@2';

/** Every way a participant can end. */
export const OUTCOMES = ['completed', 'exited', 'malloc-failed', 'oom-killed', 'runtime-oom', 'killed', 'timed-out', 'crashed', 'failed-to-start'] as const;

/** How a participant ended. */
export type Outcome = (typeof OUTCOMES)[number];

/** One participant copy's end. */
export interface ParticipantResult {
  name: string;
  /** The participant as written in the scenario (copies share it). */
  participant: string;
  kind: 'hog' | 'command' | 'node' | 'probe';
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
  /** Why its process never ran what it was to run (outcome failed-to-start): the set-up step, the
   *  system call, its errno and the errno's name (`execvp`, ENOENT). */
  startError?: { step: string; syscall: string; errno: number; code: string };
  /** A probe participant's pass latencies (src/probe/stats.ts): a stall is a pass slower than 10x
   *  baselineP50Ms, the p50 of its first 20 passes. */
  probe?: ProbeFigures;
  /** Outcome runtime-oom: whose heap ran out, and the stderr line that said so. */
  runtime?: Runtime;
  runtimeEvidence?: string;
  /** The last lines (at most 64, each cut to 1000 characters) of its current process's stdout and stderr. */
  stdoutTail?: string[];
  stderrTail?: string[];
  /** A stream longer than `--out` keeps (8 MiB): its file there ends with a note. */
  outputCut?: { stdout?: boolean; stderr?: boolean };
}

/** One expectation, checked. */
export interface AssertionResult {
  description: string;
  passed: boolean;
  expected: string;
  actual: string;
  /** The participant copies whose outcome failed this check (outcome checks), for showing their output. */
  failing?: string[];
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
type Columns<K extends string> = Record<'t' | K, number[]>;

/** The sampled series (thinned evenly on long runs, so memory stays bounded; peaks are kept apart). */
export interface Series {
  participants: Record<string, Columns<'rss' | 'vsz' | 'swap' | 'majflt'>>;
  cgroups: Record<string, Columns<'usage' | 'swap'>>;
  host?: Columns<'memAvailable' | 'swapFree' | 'pswpin' | 'pswpout'>;
  /** Probe participants' passes: when (t) and how long each took (ms), thinned like the others. */
  probes?: Record<string, Columns<'ms'>>;
  /** Memory pressure avg10 (percent) of the host and of each run cgroup (v2 only). */
  psi?: { host?: Columns<'some' | 'full'>; groups: Record<string, Columns<'some' | 'full'>> };
}

/** The whole result. */
export interface RunResult {
  schema: typeof RESULT_SCHEMA;
  scenario: { name: string; description?: string; source?: string };
  host: RunHostFacts;
  startedAt: string;
  durationMs: number;
  cgroups: CgroupResult[];
  participants: ParticipantResult[];
  oomEvents: RunOomEvent[];
  /** What the kernel log gave: `read`; `silent` (opened, but no report for a kill the counters saw) or
   *  `unavailable` (could not be opened), each with the reason. */
  evidence: KmsgEvidence;
  series: Series;
  /** Memory pressure (PSI) over the run: the stall time it added and the avg10 peaks, of the host and
   *  of each run cgroup (v2; on v1 `groups` is empty and `note` says so). */
  psi?: { host: PsiTotals | null; groups: Record<string, PsiTotals>; note?: string };
  assertions: AssertionResult[];
  verdict: 'pass' | 'fail';
}
