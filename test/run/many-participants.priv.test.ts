import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkedResult, participant, runYaml } from '../helpers/scenario.js';
import { cgroupSkipReason, leftoverRunCgroups } from '../helpers/cgroups.js';
import { needs } from '../helpers/skips.js';

const skip = cgroupSkipReason();

// 200 hogs in one run, started through oomlab-hog's fork server (issue 16, item 5): completeness and
// cleanliness, not time. Every copy gets a result with an outcome and a pid of its own, every one of
// those pids was a hog that ran (its engine reported), none is alive afterwards, and no cgroup of the
// run is left. Beside them, `restart: on-oom` and `startAfter` still work through the server.
describe.skipIf(skip)(needs(skip, '200 participants, for real'), () => {
  afterAll(() => {
    expect(leftoverRunCgroups()).toEqual([]);
  });

  it('200 hog copies each end with an outcome and their own pid; a restart on OOM and a startAfter work beside them; nothing is left', async () => {
    const r = checkedResult(
      await runYaml(`
name: many
cgroup: { memory: 768M, swap: 0 }
groups:
  small: { memory: 32M, swap: 0 }
participants:
  - name: many
    count: 200
    hog: { block: 64K, total: 256K, touch: memset, interval: 0, hold: 1s }
  - name: oomer
    group: small
    hog: { block: 1M, total: 256M, touch: memset, interval: 0 }
    restart: on-oom
  - name: first
    hog: { total: 1M, touch: memset, interval: 0, hold: 100ms }
  - name: after
    hog: { total: 1M, touch: memset, interval: 0, hold: 100ms }
    startAfter: { participant: first, exited: true }
run: { duration: 8s, until: duration, sample: 50ms }
`),
    );
    const copies = r.participants.filter((p) => /^many-\d+$/.test(p.name));
    expect(copies).toHaveLength(200);
    for (const p of copies) {
      expect(p.outcome).toBe('completed');
      expect(p.pid).toBeGreaterThan(0);
      // the engine ran and reported its final counts through the server's progress relay
      expect(p.touchedBytes).toBe(256 * 1024);
    }
    expect(new Set(copies.map((p) => p.pid)).size).toBe(200);
    const oomer = participant(r, 'oomer');
    expect(oomer.restarts).toBeGreaterThanOrEqual(1);
    const kills = r.oomEvents.filter((e) => e.participant === 'oomer');
    expect(kills.length).toBe(oomer.restarts + (oomer.outcome === 'oom-killed' ? 1 : 0));
    for (const k of kills) expect(k.sources).toContain('kmsg');
    const first = participant(r, 'first');
    const after = participant(r, 'after');
    expect(first.outcome).toBe('completed');
    expect(after.outcome).toBe('completed');
    expect(after.startedAtMs!).toBeGreaterThanOrEqual(first.startedAtMs!);
    // No pid of the run is an oomlab-hog any more (a reused pid would be another program).
    const alive = copies.map((p) => p.pid).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('oomlab-hog');
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});
