import { describe, expect, it } from 'vitest';
import { participantResult, type EndedInstance } from '../../src/result/participant-result.js';

// The peaks of a participant: the largest of what the sampler saw and what its hogs reported of
// themselves as they ended (VmPeak, VmHWM), so a hog that ended between two samples keeps its size.
const MiB = 2 ** 20;
const ended = (over: Partial<EndedInstance>): EndedInstance => ({
  plan: { name: 'fast', participant: 'fast', run: { kind: 'hog' } },
  samplerNames: ['fast'],
  kills: [],
  startedAtMs: 0,
  lastExit: { exitCode: 0, atMs: 40 },
  restarts: 0,
  oomKilledNow: false,
  stoppedByHarness: false,
  ...over,
});

describe('participant peaks', () => {
  it("a hog no sample caught: its own report is its peak", () => {
    const r = participantResult(ended({ ownPeak: { vmPeakBytes: 99 * MiB, vmHwmBytes: 97 * MiB } }), []);
    expect(r).toMatchObject({ peakVszBytes: 99 * MiB, peakRssBytes: 97 * MiB });
  });

  it('without a report (a command, an old hog), the peaks are what was sampled: here nothing', () => {
    expect(participantResult(ended({}), [])).toMatchObject({ peakVszBytes: 0, peakRssBytes: 0 });
  });
});
