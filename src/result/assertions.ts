import type { Bounds, PlannedExpectation } from '../scenario/types.js';
import { formatDuration } from '../units/duration.js';
import { formatSize } from '../units/size.js';
import { SURVIVED } from './outcome.js';
import type { RunOomEvent } from '../evidence/oom-event.js';
import type { AssertionResult, CgroupResult, ParticipantResult } from './types.js';

/** What the checks look at: the run's figures, after teardown. */
interface CheckInput {
  participants: ParticipantResult[];
  oomEvents: RunOomEvent[];
  cgroups: CgroupResult[];
  durationMs: number;
  /** The name of the scenario's own cgroup in `cgroups` (undefined with global: true). */
  rootCgroup?: string;
}

const within = (v: number, b: Bounds<number>): boolean => (b.min === undefined || v >= b.min) && (b.max === undefined || v <= b.max);

const describeBounds = (b: Bounds<number>, show: (n: number) => string): string =>
  b.min !== undefined && b.max !== undefined ? `${show(b.min)}..${show(b.max)}` : b.min !== undefined ? `>= ${show(b.min)}` : `<= ${show(b.max!)}`;

// Why: a scenario's `expect:` is checked against the result, each assertion reported on its own
// (pass or fail, expected vs actual) so the text report and JUnit show all of them, not the first.
export function checkExpectations(expect: readonly PlannedExpectation[], input: CheckInput): AssertionResult[] {
  return expect.map((e) => ({ description: e.description, ...check(e, input) }));
}

function check(e: PlannedExpectation, x: CheckInput): Omit<AssertionResult, 'description'> {
  const of = (names: readonly string[]): ParticipantResult[] => x.participants.filter((p) => names.includes(p.name));
  switch (e.kind) {
    case 'outcome': {
      const ps = of(e.instances);
      const matches = (p: ParticipantResult): boolean =>
        e.outcome === 'survived'
          ? SURVIVED.has(p.outcome)
          : e.outcome === 'exited'
            ? (p.outcome === 'exited' || p.outcome === 'completed') && (e.code === undefined || p.exitCode === e.code)
            : p.outcome === e.outcome && (e.runtime === undefined || p.runtime === e.runtime);
      const actual = ps.map((p) => `${p.name}: ${p.outcome}${p.exitCode !== undefined && p.outcome === 'exited' ? ` (${p.exitCode})` : ''}${p.runtime ? ` (${p.runtime})` : ''}`).join(', ');
      const failing = ps.filter((p) => !matches(p)).map((p) => p.name);
      return {
        passed: ps.length > 0 && failing.length === 0,
        expected: `${e.outcome}${e.code !== undefined ? ` with code ${e.code}` : ''}${e.runtime !== undefined ? ` (${e.runtime})` : ''}`,
        actual: actual || 'no such participant ran',
        ...(failing.length ? { failing } : {}),
      };
    }
    case 'peak': {
      const key = e.metric === 'rss' ? 'peakRssBytes' : e.metric === 'vsz' ? 'peakVszBytes' : 'peakSwapBytes';
      const ps = of(e.instances);
      return {
        passed: ps.length > 0 && ps.every((p) => within(p[key], e.bounds)),
        expected: `peak ${e.metric} ${describeBounds(e.bounds, formatSize)}`,
        actual: ps.map((p) => `${p.name}: ${formatSize(p[key])}`).join(', ') || 'no such participant ran',
      };
    }
    case 'probe': {
      const ps = of(e.instances);
      const ms = (p: (typeof ps)[number]): number | undefined => (p.probe ? (e.metric === 'p99' ? p.probe.p99Ms : p.probe.stalledMs) : undefined);
      return {
        passed: ps.length > 0 && ps.every((p) => ms(p) !== undefined && within(ms(p)! * 1e6, e.bounds)),
        expected: `probe ${e.metric === 'p99' ? 'p99' : 'stalled time'} ${describeBounds(e.bounds, formatDuration)}`,
        actual: ps.map((p) => `${p.name}: ${ms(p) === undefined ? 'not a probe' : `${ms(p)} ms`}`).join(', ') || 'no such participant ran',
      };
    }
    case 'oom-kills': {
      const name = e.cgroup ?? x.rootCgroup;
      const cg = x.cgroups.find((c) => c.name === name);
      const count = cg ? (cg.events.oomKill ?? 0) : x.oomEvents.length;
      return { passed: within(count, e.bounds), expected: `oom_kill ${describeBounds(e.bounds, String)}`, actual: String(count) };
    }
    case 'victim': {
      const victims = x.oomEvents.map((o) => o.participant ?? `pid ${o.victimPid} (${o.victimName})`);
      return {
        passed: victims.length > 0 && x.oomEvents.every((o) => o.participant !== undefined && e.instances.includes(o.participant)),
        expected: `every OOM kill hits ${e.instances.join(' or ')}`,
        actual: victims.length ? victims.join(', ') : 'no OOM kill',
      };
    }
    case 'runtime':
      return {
        passed: within(x.durationMs * 1e6, e.bounds),
        expected: `runtime ${describeBounds(e.bounds, formatDuration)}`,
        actual: formatDuration(x.durationMs * 1e6),
      };
  }
}
