import type { ProbeSpec } from '../probe/spec.js';
import type { HogOptions } from '../engine/options.js';
import type { MachineSettings } from './machine.js';
import type { Runtime } from './runtimes.js';

// Two typed shapes: a Scenario is what a file says, validated and normalised (bytes, nanoseconds, known
// words), still independent of the host; a Plan is a Scenario made concrete for one run on one host
// (copies expanded, references resolved to instances, shares of MemAvailable turned into bytes, CLI
// overrides applied, bounds checked). The loader produces the first, planScenario the second.

/** A size as written: bytes, or a share of MemAvailable resolved at plan time. */
export type SizeSpec = { bytes: number } | { percent: number };

/** What the plan step needs to know about the machine (bytes, from /proc/meminfo). */
export interface HostFacts {
  memTotal: number;
  memAvailable: number;
  swapTotal: number;
}

/** Limits for the scenario's cgroup or a named sub-group. Absent means "not set" (inherit). */
export interface CgroupLimits {
  /** Hard limit: v2 memory.max, v1 memory.limit_in_bytes. */
  memory?: SizeSpec;
  /** Throttling threshold: v2 memory.high (v1 has none; the runner may approximate or refuse). */
  high?: SizeSpec;
  /** Swap allowed on top of memory: v2 memory.swap.max, v1 memory.memsw.limit_in_bytes = memory + swap. */
  swap?: SizeSpec;
  /** v1 memory.swappiness, 0..100. */
  swappiness?: number;
  /** v2 memory.oom.group: the OOM killer takes the whole group. */
  oomGroup?: boolean;
  /** v1 memory.oom_control oom_kill_disable: tasks hang at the limit instead of being killed. */
  oomKillDisable?: boolean;
}

/** A named sub-group under the scenario's cgroup. */
interface ScenarioGroup {
  name: string;
  limits: CgroupLimits;
}

/** A hog's options as a scenario holds them: the engine's options, with a total that may be a share. */
export type ScenarioHogOptions = Omit<HogOptions, 'totalBytes'> & { total?: SizeSpec };

/** A real service under test. `cwd` is as written; the plan resolves it against the scenario's directory. */
export interface CommandSpec {
  argv: string[];
  env: Record<string, string>;
  cwd?: string;
}

/** What a participant runs: the C core's executable, a Node child with the in-process hog, or a command. */
export type ParticipantRun =
  | { kind: 'hog'; hog: ScenarioHogOptions }
  | { kind: 'node'; node: ScenarioHogOptions }
  | { kind: 'probe'; probe: ProbeSpec }
  | { kind: 'command'; command: CommandSpec };

/** Another participant's event that starts this one. */
type StartTrigger =
  | { participant: string; exited: true }
  /** `measure` rss is VmRSS; vsz is VmSize (an untouched hog only grows VSZ). */
  | { participant: string; reached: SizeSpec; measure: 'rss' | 'vsz' };

/** When a participant starts: after `delayNs`, counted from the trigger if there is one, else from the run's start. */
export interface StartAfter {
  delayNs: number;
  trigger?: StartTrigger;
}

/** `on-oom` restarts a copy each time the OOM killer takes it (a crash loop), until the run ends. */
type RestartPolicy = 'never' | 'on-oom';

/** One entry of `participants`, validated. */
export type Participant = ParticipantRun & {
  name: string;
  group?: string;
  oomScoreAdj?: number;
  rlimitAs?: SizeSpec;
  startAfter: StartAfter;
  count: number;
  restart: RestartPolicy;
};

/** When the run ends, besides the hard cap `duration`. */
type UntilCondition = 'all-exited' | 'first-oom-kill' | 'duration';

export interface RunControl {
  /** Hard cap on the run's length. */
  durationNs: number;
  until: UntilCondition;
  /** Sampling interval for /proc and cgroup counters. */
  sampleNs: number;
  /** Every process read every interval (no idle back-off); absent: false. */
  sampleStrict?: boolean;
}

/** What an `expect:` entry asks of a participant's end; not the result's Outcome: `survived` (not killed) accepts several of those (result/outcome.ts), `completed` = reached its target and exited 0. */
type ExpectedOutcome = 'oom-killed' | 'runtime-oom' | 'survived' | 'malloc-failed' | 'exited' | 'completed';

/** The peak metrics an expectation can bound. */
export type PeakMetric = 'rss' | 'vsz' | 'swap';

/** What a probe expectation bounds: its p99 pass latency, or its total stalled time. */
export type ProbeMetric = 'p99' | 'stalled';

/** Inclusive bounds; at least one side is set. */
export interface Bounds<T> {
  min?: T;
  max?: T;
}

/** One assertion. `participant` names a participant (all its copies) or one copy (`hog-2`). */
type ExpectationCheck =
  | { kind: 'outcome'; participant: string; outcome: ExpectedOutcome; code?: number; runtime?: Runtime }
  | { kind: 'peak'; participant: string; metric: PeakMetric; bounds: Bounds<SizeSpec> }
  /** A probe's p99 pass latency or its stalled time, in ns. */
  | { kind: 'probe'; participant: string; metric: ProbeMetric; bounds: Bounds<number> }
  /** `cgroup` undefined is the scenario's own cgroup. */
  | { kind: 'oom-kills'; cgroup?: string; bounds: Bounds<number> }
  /** Every OOM kill in the run hit this participant, and there was at least one. */
  | { kind: 'victim'; participant: string }
  | { kind: 'runtime'; bounds: Bounds<number> };

/** An assertion with a stable id (`expect[2].peakRss`) and a human description (a JUnit test case name). */
export type Expectation = ExpectationCheck & { id: string; description: string };

/** A validated scenario: what the file says, independent of the host. */
export interface Scenario {
  name: string;
  description?: string;
  /** No cgroup limit at all: the whole machine is the arena (only planned inside a VM). */
  global: boolean;
  cgroup: CgroupLimits;
  groups: ScenarioGroup[];
  participants: Participant[];
  run: RunControl;
  expect: Expectation[];
  /** The machine `oomlab vm run` boots for it (its `vm:` block), when it names one. */
  vm?: MachineSettings;
  /** The directory relative `cwd`s are resolved against (the file's directory), when loaded from a file. */
  baseDir?: string;
  /** The file it came from, when loaded from a file. */
  file?: string;
}

/** Limits in bytes, as the cgroup layer writes them. */
export interface PlannedLimits {
  memoryBytes?: number;
  highBytes?: number;
  swapBytes?: number;
  swappiness?: number;
  oomGroup?: boolean;
  oomKillDisable?: boolean;
}

interface PlannedGroup {
  name: string;
  limits: PlannedLimits;
}

/** What one instance runs, concrete. */
export type PlannedRun =
  | { kind: 'hog'; hog: HogOptions }
  | { kind: 'node'; node: HogOptions }
  | { kind: 'probe'; probe: ProbeSpec }
  | { kind: 'command'; argv: string[]; env: Record<string, string>; cwd?: string };

/** A start trigger resolved to instances: fires when all of them have exited / reached the size. */
export type PlannedTrigger =
  | { instances: string[]; exited: true }
  | { instances: string[]; reachedBytes: number; measure: 'rss' | 'vsz' };

/** One process to start (a copy of a participant). */
export interface PlannedInstance {
  /** Unique in the plan: the participant's name, or name-1..name-N for copies. */
  name: string;
  participant: string;
  copy: number;
  copies: number;
  run: PlannedRun;
  group?: string;
  oomScoreAdj?: number;
  rlimitAsBytes?: number;
  start: { delayNs: number; after?: PlannedTrigger };
  restart: RestartPolicy;
  /** Which cgroup memory limit bounds it: its group's, the scenario's, or none (allowed unbounded or global). */
  boundedBy: 'group' | 'scenario' | 'none';
}

/** An assertion with sizes in bytes and participants resolved to instances. */
type PlannedCheck =
  | { kind: 'outcome'; instances: string[]; outcome: ExpectedOutcome; code?: number; runtime?: Runtime }
  | { kind: 'peak'; instances: string[]; metric: PeakMetric; bounds: Bounds<number> }
  | { kind: 'probe'; instances: string[]; metric: ProbeMetric; bounds: Bounds<number> }
  | { kind: 'oom-kills'; cgroup?: string; bounds: Bounds<number> }
  | { kind: 'victim'; instances: string[] }
  | { kind: 'runtime'; bounds: Bounds<number> };

export type PlannedExpectation = PlannedCheck & { id: string; description: string };

/** A scenario made concrete for one run on one host. */
export interface Plan {
  name: string;
  description?: string;
  global: boolean;
  /** The scenario's cgroup limits (empty with global). */
  cgroup: PlannedLimits;
  groups: PlannedGroup[];
  /** In an order where every trigger's instances come before the instances waiting on them. */
  instances: PlannedInstance[];
  run: RunControl;
  expect: PlannedExpectation[];
  host: HostFacts;
}

/** Per-run overrides of the scenario's top-level cgroup (`--matrix memory=...,swap=...,swappiness=...`). */
export interface ScenarioOverrides {
  memory?: string | number;
  swap?: string | number;
  swappiness?: string | number;
  /** One participant's oom_score_adj (`--matrix oomScoreAdj.NAME=...`). */
  oomScoreAdj?: { participant: string; value: string | number };
}

/** Inputs of the plan step besides the scenario. */
export interface PlanOptions {
  host: HostFacts;
  /** Whether we run inside a VM (required for `global: true`). */
  inVm?: boolean;
  /** `--allow-unbounded`: accept participants no cgroup memory limit bounds. */
  allowUnbounded?: boolean;
  overrides?: ScenarioOverrides;
}
