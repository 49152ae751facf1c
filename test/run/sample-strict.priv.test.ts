// run.sampleStrict for real (issue 16, item 2): the run samples on the addon's thread (strict's
// cheaper backend), every process every interval, and a run is otherwise the same: outcomes, the
// kernel's kill attributed, peaks and series, no cgroup left. Nothing here asserts a time.
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenario/index.js';
import { runLoadedScenario } from '../../src/run/run-scenario.js';
import { checkedResult, participant } from '../helpers/scenario.js';
import { cgroupSkipReason, leftoverRunCgroups } from '../helpers/cgroups.js';
import { needs } from '../helpers/skips.js';
import { samplerThreads } from '../helpers/sampler-threads.js';

const skip = cgroupSkipReason();
const MiB = 2 ** 20;


const scenario = (strict: string): string => `
name: sample-strict
cgroup: { memory: 96M }
participants:
  - name: toucher
    hog: { total: 512M, touch: memset, interval: 0 }
  - name: quick
    hog: { total: 24M, touch: memset, interval: 0, hold: 300ms }
run: { duration: 20s, until: all-exited, sample: 10ms${strict} }
`;

describe.skipIf(skip)(needs(skip, 'run.sampleStrict, for real'), () => {
  afterAll(() => {
    expect(leftoverRunCgroups()).toEqual([]);
  });

  for (const strict of [true, false]) {
    it(`sampleStrict: ${strict}: ${strict ? 'the native thread samples' : 'no sampling thread'}; the kill, outcomes and peaks as ever`, async () => {
      const threads: number[] = [];
      const r = checkedResult(
        await runLoadedScenario(parseScenarioText(scenario(strict ? ', sampleStrict: true' : ''), 'inline.yaml'), {
          onOutcome: () => threads.push(samplerThreads()),
        }),
      );
      expect(threads.length).toBe(2); // one notice per participant, taken while the run samples
      expect(threads.every((n) => n === (strict ? 1 : 0))).toBe(true);
      expect(samplerThreads()).toBe(0); // the run closed its sampler
      expect(participant(r, 'toucher').outcome).toBe('oom-killed');
      const quick = participant(r, 'quick');
      expect(quick.outcome).toBe('completed');
      expect(quick.peakRssBytes).toBeGreaterThanOrEqual(24 * MiB);
      expect(quick.peakRssBytes).toBeLessThan(40 * MiB);
      expect(r.series.participants.quick!.t.length).toBeGreaterThan(1);
    });
  }
});
