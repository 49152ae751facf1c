import { afterAll, describe, expect, it } from 'vitest';
import { cgroupSkipReason, hierarchy, leftoverRunCgroups } from '../helpers/cgroups.js';
import { checkedResult, participant, runYaml } from '../helpers/scenario.js';
import { needs } from '../helpers/skips.js';

const skip = cgroupSkipReason();

// Participants of the top group beside named groups. On cgroup v2 the top then has the memory
// controller on for its children and may hold no process itself (EBUSY on joining it): its own
// participants go into a leaf of it. This runs on the host (v1 here) and in the v2 guest job
// (test/vm/host-suites.priv.test.ts), where the leaf is what lets `web` and `leaky` start at all.
describe.skipIf(skip)(needs(skip, 'the top group\'s own participants beside named groups, for real'), () => {
  afterAll(() => {
    expect(leftoverRunCgroups()).toEqual([]);
  });

  it('all start; a kill in a group and a kill under the top are each attributed to their participant', async () => {
    const r = checkedResult(await runYaml(`
name: groups-and-top
cgroup: { memory: 192M, swap: 0 }
groups:
  db: { memory: 48M, swap: 0 }
participants:
  - name: web
    hog: { block: 1M, total: 16M, touch: memset, interval: 0, hold: 300ms }
  - name: leaky
    hog: { block: 1M, total: 512M, touch: memset, interval: 1ms }
  - name: cache
    group: db
    hog: { block: 1M, total: 128M, touch: memset, interval: 0 }
run: { duration: 30s, until: all-exited, sample: 50ms }
`));
    for (const p of r.participants) expect(p.startError, p.name).toBeUndefined();
    expect(participant(r, 'web').outcome).toBe('completed');
    expect(participant(r, 'cache').outcome).toBe('oom-killed');
    expect(participant(r, 'leaky').outcome).toBe('oom-killed');
    const byVictim = new Map(r.oomEvents.map((e) => [e.victimPid, e.participant]));
    expect(byVictim.get(participant(r, 'cache').pid!)).toBe('cache');
    expect(byVictim.get(participant(r, 'leaky').pid!)).toBe('leaky');
    // The result names the scenario's groups only (the leaf is oomlab's), and the top's figures hold
    // its own participants' memory: leaky reached the top's limit.
    expect(r.cgroups.map((c) => c.name)).toEqual(['groups-and-top', 'db']);
    const top = r.cgroups[0]!;
    expect(top.peakBytes).toBeGreaterThan(150 * 2 ** 20);
    // v2's memory.events counts its children's kills too; v1's oom_control only its own.
    expect(top.events.oomKill).toBe(hierarchy().version === 2 ? 2 : 1);
  });
});
