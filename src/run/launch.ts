import type { PlannedInstance } from '../scenario/types.js';
import type { RunCgroups } from './run-cgroups.js';
import type { Launch } from '../participant/spawn.js';
import { probeHogOptions } from '../probe/spec.js';
import { findBuildArtifact } from '../native/build-paths.js';
import { participantDropCaps } from './commit-reserve.js';

// Why: one run's launches; what holds for all of them (the capabilities to drop) is decided once.
export function launcher(cgroups: RunCgroups | undefined): (p: PlannedInstance) => Launch {
  const dropCaps = participantDropCaps();
  return (p) => launchOf(p, cgroups, dropCaps);
}

// Why: a planned instance becomes one process launch: its cgroup's procs file, and always an explicit
// oom_score_adj (the harness runs at -1000 and children would inherit it: nothing could be killed),
// and the capabilities it must not hold (commit-reserve.ts).
export function launchOf(p: PlannedInstance, cgroups: RunCgroups | undefined, dropCaps: readonly number[] = []): Launch {
  const launch: Launch = {
    name: p.name,
    kind: p.run.kind === 'probe' ? 'hog' : p.run.kind,
    cgroupProcs: cgroups ? [cgroups.groupOf(p.group).procsFile] : [],
    oomScoreAdj: p.oomScoreAdj ?? 0,
  };
  if (p.rlimitAsBytes !== undefined) launch.rlimitAsBytes = p.rlimitAsBytes;
  if (dropCaps.length) launch.dropCaps = dropCaps;
  if (p.run.kind === 'hog') launch.hog = p.run.hog;
  else if (p.run.kind === 'probe') launch.hog = probeHogOptions(p.run.probe);
  else if (p.run.kind === 'node') launch.hog = p.run.node;
  else launch.command = { argv: resolveArgv(p.run.argv), env: p.run.env, ...(p.run.cwd ? { cwd: p.run.cwd } : {}) };
  return launch;
}

// Why: a command may name the bundled `oomlab-hog` (e.g. its --layout probe, or a hog under a shell)
// without knowing where the build put it.
export function resolveArgv(argv: string[]): string[] {
  return argv[0] === 'oomlab-hog' ? [findBuildArtifact('oomlab-hog'), ...argv.slice(1)] : argv;
}
