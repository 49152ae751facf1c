/** What the executable does to itself before its first allocation (or before exec). */
export interface HogSetup {
  /** cgroup.procs files to write its own pid into (one per hierarchy on v1). */
  cgroupProcs?: string[];
  /** RLIMIT_AS in bytes (the 32-bit box's 3 GiB ceiling). */
  rlimitAsBytes?: number;
  /** oom_score_adj, -1000..1000. Always pass one when the harness itself runs at -1000: children inherit it. */
  oomScoreAdj?: number;
  /** Die with SIGKILL when the harness dies (default true). */
  pdeathsig?: boolean;
}

// Why: the executable's set-up flags, shared by the hog command and the scenario runner's exec mode.
export function toSetupArgv(setup: HogSetup): string[] {
  const argv: string[] = [];
  if (setup.pdeathsig !== false) argv.push('--pdeathsig', '--parent-pid', String(process.pid));
  for (const path of setup.cgroupProcs ?? []) argv.push('--cgroup-procs', path);
  if (setup.rlimitAsBytes !== undefined) argv.push('--rlimit-as', String(setup.rlimitAsBytes));
  if (setup.oomScoreAdj !== undefined) argv.push('--oom-score-adj', String(Math.trunc(setup.oomScoreAdj)));
  return argv;
}
