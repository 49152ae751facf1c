import type { HogRecord, HogSetupError } from '../engine/record.js';
import { errnoName } from '../native/errors.js';
import type { RunOomEvent } from '../evidence/oom-event.js';
import type { GroupReport } from '../proc/sampler-types.js';
import type { ProbeFigures } from '../probe/stats.js';
import type { KeptOutput } from '../participant/output-capture.js';
import type { RuntimeOom } from '../participant/runtime-oom.js';
import { classifyOutcome } from './outcome.js';
import type { Outcome, ParticipantResult } from './types.js';

/** One planned instance at the end of its process, as its result needs it (the orchestrator's Instance is one). */
export interface EndedInstance {
  readonly plan: { readonly name: string; readonly participant: string; readonly run: { readonly kind: ParticipantResult['kind'] } };
  /** Sampler names of its processes, one per (re)start. */
  readonly samplerNames: readonly string[];
  /** OOM kills of its processes. */
  readonly kills: readonly RunOomEvent[];
  readonly startedAtMs?: number;
  readonly lastExit?: { readonly exitCode?: number; readonly signal?: string; readonly atMs: number };
  /** The engine's last record (hog and node participants). */
  readonly final?: HogRecord;
  /** The largest VmPeak and VmHWM its hogs reported of themselves as they ended. */
  readonly ownPeak?: { readonly vmPeakBytes: number; readonly vmHwmBytes: number };
  readonly current?: { readonly pid: number };
  readonly restarts: number;
  /** A kill was attributed to it since its current process started. */
  readonly oomKilledNow: boolean;
  readonly stoppedByHarness: boolean;
  /** The set-up failure oomlab-hog reported for its current process, if any. */
  readonly startError?: HogSetupError;
  /** A probe's passes (probe participants). */
  readonly probe?: { figures(): ProbeFigures };
  /** Its current process's runtime ran out of heap (stderr and exit agree). */
  readonly runtimeOom?: RuntimeOom;
  /** What its current process's stdout and stderr left. */
  readonly output?: KeptOutput;
}

// Why: one rule for what an instance's current process ended as, used for the result and for the
// run's onOutcome notices alike.
export function outcomeOf(i: EndedInstance): Outcome {
  if (i.startedAtMs === undefined) return 'timed-out';
  const exit = i.lastExit;
  return classifyOutcome({ kind: i.plan.run.kind === 'probe' ? 'hog' : i.plan.run.kind, exitCode: exit?.exitCode, signal: exit?.signal, final: i.final, oomKilled: i.oomKilledNow, stoppedByHarness: i.stoppedByHarness, setupFailed: i.startError !== undefined, runtimeOom: i.runtimeOom !== undefined });
}

// Why: one instance's end, with peaks that are right even between samples: the sampled maxima, the
// kernel's own high-water marks (VmHWM, VmPeak, sampled and as a hog reported them as it ended, so
// one that ends before the first sample has them too), and for a victim its size in the kernel's report.
export function participantResult(i: EndedInstance, reports: readonly GroupReport[]): ParticipantResult {
  const mine = reports.filter((r) => i.samplerNames.includes(r.name));
  let rss = 0;
  let vsz = 0;
  let swap = 0;
  let majorFaults = 0;
  for (const r of mine) {
    rss = Math.max(rss, r.peak.best);
    vsz = Math.max(vsz, r.peak.vsz, r.peak.vmPeak);
    swap = Math.max(swap, r.peak.swap);
    majorFaults += r.latest.majflt;
  }
  if (i.ownPeak) {
    rss = Math.max(rss, i.ownPeak.vmHwmBytes);
    vsz = Math.max(vsz, i.ownPeak.vmPeakBytes);
  }
  for (const k of i.kills) {
    if (k.anonRssKb !== undefined) rss = Math.max(rss, k.anonRssKb * 1024);
    if (k.totalVmKb !== undefined) vsz = Math.max(vsz, k.totalVmKb * 1024);
  }
  const exit = i.lastExit;
  const out: ParticipantResult = {
    name: i.plan.name,
    participant: i.plan.participant,
    kind: i.plan.run.kind,
    outcome: outcomeOf(i),
    peakRssBytes: rss,
    peakVszBytes: vsz,
    peakSwapBytes: swap,
    restarts: i.restarts,
    majorFaults,
  };
  if (i.current && i.current.pid > 0) out.pid = i.current.pid;
  if (exit?.exitCode !== undefined) out.exitCode = exit.exitCode;
  if (exit?.signal) out.signal = exit.signal;
  if (i.final) {
    out.allocatedBytes = i.final.allocatedBytes;
    out.touchedBytes = i.final.touchedBytes;
  }
  if (i.startedAtMs !== undefined) out.startedAtMs = Math.round(i.startedAtMs);
  if (i.startError) out.startError = { step: i.startError.step, syscall: i.startError.syscall, errno: i.startError.errno, code: errnoName(i.startError.errno) };
  if (exit) out.endedAtMs = Math.round(exit.atMs);
  if (i.probe) out.probe = i.probe.figures();
  if (out.outcome === 'runtime-oom' && i.runtimeOom) {
    out.runtime = i.runtimeOom.runtime;
    out.runtimeEvidence = i.runtimeOom.line;
  }
  if (i.output) Object.assign(out, i.output);
  return out;
}
