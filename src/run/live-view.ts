import type { Sampler } from '../proc/sampler.js';
import type { Instance } from './instance.js';
import type { RunCgroups } from './run-cgroups.js';

/** What the progress display shows on each tick. */
export interface LiveView {
  elapsedMs: number;
  instances: Array<{ name: string; state: 'waiting' | 'running' | 'ended'; rss: number; vsz: number; swap: number; oomKills: number; restarts: number }>;
  cgroups: Array<{ name: string; usage: number }>;
  oomKills: number;
}

// Why: the CLI's live lines need a small snapshot, not the sampler's internals.
export function liveView(t: number, all: readonly Instance[], sampler: Sampler, cgroups: RunCgroups | undefined, oomKills: number): LiveView {
  return {
    elapsedMs: t,
    instances: all.map((i) => {
      const r = i.running ? sampler.participantNow(i.samplerNames.at(-1)!)?.latest : undefined;
      return {
        name: i.plan.name,
        state: i.running ? 'running' : i.startedAtMs === undefined ? 'waiting' : 'ended',
        rss: r?.rss ?? 0,
        vsz: r?.vsz ?? 0,
        swap: r?.swap ?? 0,
        oomKills: i.kills.length,
        restarts: i.restarts,
      };
    }),
    cgroups: (cgroups?.all() ?? []).map(({ name }) => ({ name, usage: sampler.cgroupUsageNow(name) })),
    oomKills,
  };
}
