import { afterAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenario/index.js';
import { runLoadedScenario } from '../../src/run/run-scenario.js';
import type { OutcomeNotice } from '../../src/run/orchestrate.js';
import { checkedResult, participant } from '../helpers/scenario.js';
import { cgroupSkipReason, leftoverRunCgroups } from '../helpers/cgroups.js';
import { needs } from '../helpers/skips.js';

const skip = cgroupSkipReason();

// RunOptions.onOutcome: one notice per participant process, as soon as its outcome is decided, with
// the same outcome the result gives; an OOM kill's notice comes only once the kernel's report is read.
describe.skipIf(skip)(needs(skip, 'onOutcome notices, for real'), () => {
  afterAll(() => {
    expect(leftoverRunCgroups()).toEqual([]);
  });

  it("an oom-killed hog and a hog that completes each get one notice, with the result's outcome", async () => {
    const notices: OutcomeNotice[] = [];
    const r = checkedResult(await runLoadedScenario(
      parseScenarioText(
        `
name: on-outcome
cgroup: { memory: 96M }
participants:
  - name: toucher
    hog: { total: 512M, touch: memset, interval: 0 }
  - name: quick
    hog: { total: 4M, touch: memset, interval: 0, hold: 100ms }
run: { duration: 20s, until: all-exited, sample: 500ms }
`,
        'inline.yaml',
      ),
      { onOutcome: (n) => notices.push(n) },
    ));
    expect(notices.map((n) => n.name).sort()).toEqual(['quick', 'toucher']);
    const toucher = notices.find((n) => n.name === 'toucher')!;
    expect(toucher).toMatchObject({ outcome: 'oom-killed', pid: participant(r, 'toucher').pid });
    expect(toucher.killReadAtMs).toBeGreaterThan(0);
    expect(toucher.atMs).toBeGreaterThanOrEqual(toucher.killReadAtMs!);
    // Decided the moment the kernel's report is read (usually before the exit is seen), or at the
    // exit when the report was read first; either way not at the next sampling tick: no tick of the
    // harness's loop came between what decided it and the decision. Those ticks are the cgroup
    // series' (read on the main thread); a pid's samples come from the native sampler's own thread,
    // which keeps its schedule while the main thread parses the report, so they may fall in between.
    if (toucher.exitSeenAtMs !== undefined) expect(toucher.atMs).toBeGreaterThanOrEqual(toucher.exitSeenAtMs);
    const decidedBy = Math.max(toucher.exitSeenAtMs ?? 0, toucher.killReadAtMs!);
    const ticks = Object.values(r.series.cgroups).flatMap((c) => c.t);
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.filter((t) => t > decidedBy && t < toucher.atMs), JSON.stringify({ toucher, ticks: ticks.filter((t) => t > decidedBy - 1000 && t < toucher.atMs + 1000) })).toEqual([]);
    const quick = notices.find((n) => n.name === 'quick')!;
    expect(quick).toMatchObject({ outcome: 'completed', pid: participant(r, 'quick').pid });
    expect(quick.killReadAtMs).toBeUndefined();
    for (const n of notices) expect(n.outcome).toBe(participant(r, n.name).outcome);
    expect(notices.every((n) => n.atMs <= r.durationMs + 1)).toBe(true);
  });

  it('a callback that throws does not break the run', async () => {
    const r = checkedResult(await runLoadedScenario(
      parseScenarioText(
        `
name: on-outcome-throws
cgroup: { memory: 64M }
participants:
  - name: quick
    hog: { total: 4M, touch: memset, interval: 0, hold: 50ms }
run: { duration: 10s, until: all-exited, sample: 20ms }
`,
        'inline.yaml',
      ),
      {
        onOutcome: () => {
          throw new Error('boom');
        },
      },
    ));
    expect(participant(r, 'quick').outcome).toBe('completed');
  });
});
