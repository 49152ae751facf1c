import type { RunOomEvent } from '../evidence/oom-event.js';
import type { RunHostFacts } from '../host/host-facts.js';
import type { Plan } from '../scenario/types.js';
import { checkExpectations } from './assertions.js';
import { RESULT_SCHEMA, type CgroupResult, type ParticipantResult, type RunResult, type Series } from './types.js';

/** A run's figures once it has ended and its cgroups have been read. */
interface EndedRun {
  plan: Plan;
  startedAt: Date;
  host: RunHostFacts;
  durationMs: number;
  cgroups: CgroupResult[];
  /** The name of the scenario's own cgroup in `cgroups` (undefined with global: true). */
  rootCgroup?: string;
  participants: ParticipantResult[];
  oomEvents: RunOomEvent[];
  evidence: RunResult['evidence'];
  series: Series;
  psi?: RunResult['psi'];
}

// Why: the run's figures become the one result shape in one place, where its expectations are
// checked and its verdict given.
export function buildRunResult(r: EndedRun): RunResult {
  const assertions = checkExpectations(r.plan.expect, { participants: r.participants, oomEvents: r.oomEvents, cgroups: r.cgroups, durationMs: r.durationMs, rootCgroup: r.rootCgroup });
  // A participant that never started fails the run whatever was expected of it: its test did not run.
  for (const p of r.participants.filter((q) => q.startError)) {
    const e = p.startError!;
    assertions.push({ description: `${p.name} starts`, passed: false, expected: 'its set-up and program to start', actual: `${e.step}: ${e.syscall} failed with ${e.code}`, failing: [p.name] });
  }
  return {
    schema: RESULT_SCHEMA,
    scenario: { name: r.plan.name, ...(r.plan.description ? { description: r.plan.description } : {}) },
    host: r.host,
    startedAt: r.startedAt.toISOString(),
    durationMs: Math.round(r.durationMs),
    cgroups: r.cgroups,
    participants: r.participants,
    oomEvents: r.oomEvents,
    evidence: r.evidence,
    series: r.series,
    ...(r.psi ? { psi: r.psi } : {}),
    assertions,
    verdict: assertions.every((a) => a.passed) ? 'pass' : 'fail',
  };
}
