import type { HogLine } from '../engine/record.js';
import type { HogRecord, HogSetupError } from '../engine/record.js';
import type { PlannedInstance } from '../scenario/types.js';
import type { RunOomEvent } from '../evidence/oom-event.js';
import type { InstanceState } from './schedule.js';
import { ProbeCollector } from '../probe/stats.js';
import { spawnParticipant, type Launch, type Spawned } from '../participant/spawn.js';
import { ProcessOutput, type KeptOutput, type OutputOptions } from '../participant/output-capture.js';
import type { RuntimeOom } from '../participant/runtime-oom.js';
import type { ForkServer } from '../participant/fork-server.js';

/** How long, after a participant's exit, its last progress records and output may take to be read. */
const RECORDS_GRACE_MS = 1000;

/** How one process of an instance ended. */
export interface ExitInfo {
  exitCode?: number;
  signal?: string;
  atMs: number;
}

// One planned instance while the run goes on: its current process (a new one after each restart on
// OOM), every pid ever seen in its trees (for attributing a kill), and what the scheduler needs.
export class Instance {
  readonly state: InstanceState = { reachedAtMs: new Map(), rssBytes: 0, vszBytes: 0 };
  /** Every pid seen in any of its process trees, for attributing kernel-reported kills. */
  readonly pids = new Set<number>();
  /** Sampler names of its processes, one per (re)start. */
  readonly samplerNames: string[] = [];
  current?: Spawned;
  final?: HogRecord;
  /** The set-up failure oomlab-hog reported for the current process (it never ran its task). */
  startError?: HogSetupError;
  /** The largest VmPeak and VmHWM its processes reported of themselves as they ended (peak records). */
  ownPeak?: { vmPeakBytes: number; vmHwmBytes: number };
  lastExit?: ExitInfo;
  startedAtMs?: number;
  restarts = 0;
  /** OOM kills of this instance's processes, with their evidence. */
  readonly kills: RunOomEvent[] = [];
  /** kills.length when the current process started: more since means it was OOM-killed. */
  killsAtStart = 0;
  /** When (ms since the run started) the harness last read a kernel report of a kill of its processes. */
  killReadAtMs?: number;
  stoppedByHarness = false;
  running = false;
  /** A probe's passes (all its processes), with their times on the run's clock. */
  readonly probe?: ProbeCollector;
  /** What the current process's stdout and stderr left, once it has ended. */
  output?: KeptOutput;
  /** Its runtime ran out of heap, by its stderr and exit (decided once it has ended). */
  runtimeOom?: RuntimeOom;

  constructor(
    readonly plan: PlannedInstance,
    readonly launch: Launch,
    /** Where its processes' whole output goes, if anywhere, and how much is kept. */
    private readonly outputOptions: OutputOptions = {},
  ) {
    if (plan.run.kind === 'probe') this.probe = new ProbeCollector();
  }

  // Why: start (or restart) its process; `onExit` fires once when that process has ended.
  start(atMs: number, samplerName: string, onExit: (i: Instance, exit: Omit<ExitInfo, 'atMs'>) => void, server?: ForkServer): Spawned {
    this.final = undefined;
    this.startError = undefined;
    this.output = undefined;
    this.runtimeOom = undefined;
    this.killsAtStart = this.kills.length;
    const spawned = spawnParticipant(this.launch, (r: HogLine) => {
      if (r.ev === 'error') this.startError = r;
      else if (r.ev === 'peak') this.ownPeak = { vmPeakBytes: Math.max(this.ownPeak?.vmPeakBytes ?? 0, r.vmPeakBytes), vmHwmBytes: Math.max(this.ownPeak?.vmHwmBytes ?? 0, r.vmHwmBytes) };
      else if (r.ev !== 'start') this.final = r;
      // a pass's time: its process's start on the run's clock plus the engine's own elapsed time
      if (r.ev === 'pass') this.probe?.add(atMs + r.elapsedNs / 1e6, r.passNs / 1e6);
    }, server);
    this.current = spawned;
    const output = new ProcessOutput(samplerName, { stdout: spawned.stdout, stderr: spawned.stderr }, this.outputOptions);
    this.running = true;
    this.startedAtMs ??= atMs;
    this.samplerNames.push(samplerName);
    if (spawned.pid > 0) this.pids.add(spawned.pid);
    else
      void spawned.pidKnown.then((pid) => {
        if (pid > 0) this.pids.add(pid);
      });
    // The end is the process's exit, not the end of its pipes: a command that leaves a background
    // child behind (a daemonizing service) passes the pipes on to it, and execa's result waits for
    // them to close. After the exit, the progress records still in the pipe get a moment to be read,
    // then the pipes are closed on our side; the orphan itself goes when its cgroup is destroyed.
    // The grace ends one turn of the event loop after its timer: timers run before the loop polls for
    // I/O, so after a stall longer than the grace (a slow CPU: TCG, a loaded host) the timer alone
    // would close pipes whose last bytes and end were already there, unread; setImmediate runs after
    // that poll, so what the process wrote before its exit is always read.
    void spawned.exited.then(async (exit) => {
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all([spawned.records, output.ended]), new Promise((r) => (grace = setTimeout(() => setImmediate(r), RECORDS_GRACE_MS)))]);
      clearTimeout(grace);
      spawned.closeStreams();
      this.output = output.finish();
      this.runtimeOom = this.stoppedByHarness ? undefined : output.runtimeOom(exit);
      this.running = false;
      onExit(this, exit);
    });
    return spawned;
  }

  // Why: teardown asks politely first (the engine then reports its final counts), then insists.
  /** Whether a kill was attributed to it since its current process started. */
  get oomKilledNow(): boolean {
    return this.kills.length > this.killsAtStart;
  }

  stop(signal: NodeJS.Signals): void {
    if (!this.running || !this.current) return;
    this.stoppedByHarness = true;
    this.current.kill(signal);
  }
}
