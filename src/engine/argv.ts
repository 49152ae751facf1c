import { HOG_FLAGS, HOG_OPTIONS } from './contract.js';
import type { EngineConfig } from './config.js';

// The one builder of oomlab-hog's command line, for `oomlab hog`, the scenario runner's participants
// (engine and exec mode) and the benchmarks. The flags' names come from the contract (contract.ts).

/** What the executable does to itself before its first allocation (or before exec). */
export interface HogSetup {
  /** cgroup.procs files to write its own pid into (one per hierarchy on v1). */
  cgroupProcs?: string[];
  /** RLIMIT_AS in bytes (the 32-bit box's 3 GiB ceiling). */
  rlimitAsBytes?: number;
  /** oom_score_adj, -1000..1000. Always pass one when the harness itself runs at -1000: children inherit it. */
  oomScoreAdj?: number;
  /** Capabilities (numbers, 0..63) the process drops from every set, bounding set included. */
  dropCaps?: readonly number[];
  /** Die with SIGKILL when the harness dies (default true). */
  pdeathsig?: boolean;
  /** Started by the fork server (src/participant/fork-server.ts), whose pid this process does not
   *  know: the death signal is still set, and the server's own parent check covers the harness. */
  parentPidFromServer?: boolean;
  /** Its name in the kernel's reports (engine mode; the kernel keeps 15 bytes). */
  name?: string;
}

/** What the executable does after its set-up: run the engine with every option, or exec a command. */
export type HogTask =
  | { engine: EngineConfig; human?: boolean; progressFd?: number }
  | { exec: readonly string[]; /** Where a failed exec is reported; closed on a successful one. */ progressFd?: number };

// Why: one place turns a set-up and a task into flags, so no option is spelled or defaulted twice.
export function hogArgv(setup: HogSetup, task: HogTask): string[] {
  const argv: string[] = [];
  if (setup.pdeathsig !== false) argv.push(HOG_FLAGS.PDEATHSIG, ...(setup.parentPidFromServer ? [] : [HOG_FLAGS.PARENT_PID, String(process.pid)]));
  for (const path of setup.cgroupProcs ?? []) argv.push(HOG_FLAGS.CGROUP_PROCS, path);
  if (setup.rlimitAsBytes !== undefined) argv.push(HOG_FLAGS.RLIMIT_AS, String(setup.rlimitAsBytes));
  if (setup.oomScoreAdj !== undefined) argv.push(HOG_FLAGS.OOM_SCORE_ADJ, String(Math.trunc(setup.oomScoreAdj)));
  for (const cap of setup.dropCaps ?? []) {
    if (!Number.isInteger(cap) || cap < 0 || cap > 63) throw new RangeError(`dropCaps: expected a capability number from 0 to 63, got ${cap}`);
    argv.push(HOG_FLAGS.DROP_CAP, String(cap));
  }
  if (setup.name !== undefined && !('exec' in task)) argv.push(HOG_FLAGS.NAME, setup.name);
  if ('exec' in task) {
    if (task.progressFd !== undefined) argv.push(HOG_FLAGS.PROGRESS_FD, String(task.progressFd));
    return [...argv, HOG_FLAGS.EXEC, '--', ...task.exec];
  }
  for (const { key, flag } of HOG_OPTIONS) argv.push(flag, String(task.engine[key]));
  if (task.human) argv.push(HOG_FLAGS.HUMAN);
  if (task.progressFd !== undefined) argv.push(HOG_FLAGS.PROGRESS_FD, String(task.progressFd));
  return argv;
}
