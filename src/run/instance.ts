import type { HogLine } from '../hog/progress-stream.js';
import type { HogRecord } from '../native/loader.js';
import type { PlannedInstance } from '../scenario/types.js';
import type { OomEvent } from './result.js';
import type { InstanceState } from './schedule.js';
import { spawnParticipant, type Launch, type Spawned } from './spawn.js';

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
  lastExit?: ExitInfo;
  startedAtMs?: number;
  restarts = 0;
  /** OOM kills of this instance's processes, with their evidence. */
  readonly kills: OomEvent[] = [];
  /** kills.length when the current process started: more since means it was OOM-killed. */
  killsAtStart = 0;
  /** Its cgroup's oom_kill counter when the current process started (evidence without /dev/kmsg). */
  counterAtStart = 0;
  /** When (ms since the run started) the harness last read a kernel report of a kill of its processes. */
  killReadAtMs?: number;
  stoppedByHarness = false;
  running = false;

  constructor(
    readonly plan: PlannedInstance,
    readonly launch: Launch,
  ) {}

  // Why: start (or restart) its process; `onExit` fires once when that process has ended.
  start(atMs: number, samplerName: string, onExit: (i: Instance, exit: Omit<ExitInfo, 'atMs'>) => void): number {
    this.final = undefined;
    this.killsAtStart = this.kills.length;
    const spawned = spawnParticipant(this.launch, (r: HogLine) => {
      if (r.ev !== 'error' && r.ev !== 'start') this.final = r;
    });
    this.current = spawned;
    this.running = true;
    this.startedAtMs ??= atMs;
    this.samplerNames.push(samplerName);
    if (spawned.pid > 0) this.pids.add(spawned.pid);
    void spawned.child.then(async (res) => {
      await spawned.records;
      this.running = false;
      onExit(this, { exitCode: res.exitCode, signal: res.signal });
    });
    return spawned.pid;
  }

  // Why: teardown asks politely first (the engine then reports its final counts), then insists.
  /** Whether a kill was attributed to it since its current process started. */
  get oomKilledNow(): boolean {
    return this.kills.length > this.killsAtStart;
  }

  stop(signal: NodeJS.Signals): void {
    if (!this.running || !this.current) return;
    this.stoppedByHarness = true;
    this.current.child.kill(signal);
  }
}
