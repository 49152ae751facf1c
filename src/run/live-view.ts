import type { Sampler } from '../proc/sampler.js';
import type { Instance } from './instance.js';
import type { RunCgroups } from './run-cgroups.js';

/** What the progress display shows on each tick. Read it in onTick: `instances` and `cgroups` are
 *  made when first read, from the state of that moment. */
export interface LiveView {
  elapsedMs: number;
  instances: Array<{ name: string; state: 'waiting' | 'running' | 'ended'; rss: number; vsz: number; swap: number; oomKills: number; restarts: number }>;
  cgroups: Array<{ name: string; usage: number }>;
  oomKills: number;
}

// Why: the CLI's live lines need a small snapshot, not the sampler's internals. Its rows are made when
// first read: a tick's view that nobody reads (onTick used only as a heartbeat) costs nothing per
// participant.
export function liveView(t: number, all: readonly Instance[], sampler: Sampler, cgroups: RunCgroups | undefined, oomKills: number): LiveView {
  let instances: LiveView['instances'] | undefined;
  let groups: LiveView['cgroups'] | undefined;
  return {
    elapsedMs: t,
    get instances() {
      return (instances ??= all.map((i) => {
        const r = i.running ? sampler.participantPeek(i.samplerNames.at(-1)!)?.latest : undefined;
        return {
          name: i.plan.name,
          state: i.running ? 'running' : i.startedAtMs === undefined ? 'waiting' : 'ended',
          rss: r?.rss ?? 0,
          vsz: r?.vsz ?? 0,
          swap: r?.swap ?? 0,
          oomKills: i.kills.length,
          restarts: i.restarts,
        };
      }));
    },
    get cgroups() {
      return (groups ??= (cgroups?.all() ?? []).map(({ name }) => ({ name, usage: sampler.cgroupUsageNow(name) })));
    },
    oomKills,
  };
}
