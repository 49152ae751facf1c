import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { participant, runYaml } from '../helpers/scenario.js';
import { cgroupSkipReason } from '../helpers/cgroups.js';
import { needs } from '../helpers/skips.js';
import { addTestSwap, removeAllTestSwaps, swapSkipReason } from '../helpers/swapfile.js';

// A probe for real: the C core keeps its working set and times a pass over it every period, in a real
// cgroup. Alone, its passes are fast and counted; with a hog pushing the cgroup into swap (a swapfile
// the test makes), its pages come back by major faults. Times are never asserted (they are noisy
// here); what the kernel did is: passes counted, series and figures present, the probe swapped in.
const MiB = 1024 * 1024;
const ARTIFACTS = resolve('test-artifacts');
const save = (name: string, r: unknown): void => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(resolve(ARTIFACTS, name), JSON.stringify(r, null, 2));
};

const skip = cgroupSkipReason();
describe.skipIf(skip)(needs(skip, 'a probe participant, for real'), () => {
  it('alone: passes are timed and summarised, with a latency series; v1 says it has no per-group PSI', async () => {
    const r = await runYaml(`
name: probe-alone
cgroup: { memory: 128M, swap: 0 }
participants:
  - name: svc
    probe: { workingSet: 32M, every: 10ms, touch: write }
run: { duration: 2s, until: duration }
`);
    save('probe-alone.json', r);
    const p = participant(r, 'svc');
    expect(p.kind).toBe('probe');
    expect(p.peakRssBytes).toBeGreaterThanOrEqual(32 * MiB);
    const f = p.probe!;
    expect(f.passes).toBeGreaterThan(20);
    expect(f.baselineP50Ms).toBeGreaterThan(0);
    expect(f.p50Ms).toBeLessThanOrEqual(f.p95Ms);
    expect(f.p95Ms).toBeLessThanOrEqual(f.p99Ms);
    expect(f.p99Ms).toBeLessThanOrEqual(f.maxMs);
    expect(r.series.probes!.svc!.ms.length).toBe(Math.min(f.passes, 4096));
    expect(r.psi).toBeDefined();
    if (r.host.cgroupVersion === 1) {
      expect(r.psi!.groups).toEqual({});
      expect(r.psi!.note).toMatch(/cgroup v1 has none/);
    }
  });
});

const swapSkip = skip ?? (await swapSkipReason());
describe.skipIf(swapSkip)(needs(swapSkip, 'a probe under swap pressure, with a swapfile the test makes and removes'), () => {
  afterAll(removeAllTestSwaps);

  // The probe's pages must be the group's coldest for the kernel to swap them rather than the hog's:
  // read every 10 ms they stayed resident on some kernels (6.18 here: 0 major faults in 3 of 3 runs,
  // the hog swapping alone); idle 200 ms between passes, they go out and come back by major faults.
  // The hog starts after the 15 passes that make the baseline's majority (BASELINE_PASSES: 20).
  it('a hog pushing the cgroup into swap makes the probe swap in: major faults and swap recorded, stalls counted', async () => {
    await addTestSwap(512 * MiB);
    const r = await runYaml(`
name: probe-swap
cgroup: { memory: 128M, swap: 512M }
participants:
  - name: svc
    probe: { workingSet: 64M, every: 200ms, touch: read }
  - name: hog
    hog: { total: 320M, touch: pages, interval: 0ms, rewrite: 50ms }
    startAfter: 3s
run: { duration: 10s, until: duration }
`);
    save('probe-swap.json', r);
    const p = participant(r, 'svc');
    const f = p.probe!;
    expect(f.passes).toBeGreaterThan(20);
    expect(p.majorFaults).toBeGreaterThan(0);
    expect(p.peakSwapBytes).toBeGreaterThan(0);
    expect(f.stalls).toBeGreaterThan(0);
    expect(f.stalledMs).toBeGreaterThan(0);
  }, 60_000);
});
