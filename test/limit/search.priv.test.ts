import { describe, expect, it } from 'vitest';
import { findLimit } from '../../src/limit/search.js';
import { cgroupSkipReason, leftoverRunCgroups } from '../helpers/cgroups.js';
import { needs } from '../helpers/skips.js';

const skip = cgroupSkipReason();
const MiB = 1024 * 1024;

// A hog that touches exactly 100 MiB and holds it: the smallest memory limit it survives in is
// 100 MiB plus what the kernel charges besides its pages (its page tables, the hog's own small
// heap and stack), well under a step; so the answer lies above 100 MiB and within 2 steps of it.
const hundred = {
  name: 'hundred',
  cgroup: { memory: '192M', swap: 0 },
  participants: [{ name: 'hog', hog: { block: '1M', total: '100M', touch: 'memset' as const, interval: '0', hold: '300ms' } }],
  run: { duration: '30s', until: 'all-exited' as const, sample: '20ms' },
  expect: [{ participant: 'hog', outcome: 'completed' as const }],
};

describe.skipIf(skip)(needs(skip, 'findLimit on a scenario whose answer is known'), () => {
  it('a hog touching 100 MiB and holding: the answer lies in (100 MiB, 100 MiB + 2 steps]', async () => {
    const tries: number[] = [];
    const doc = await findLimit(hundred, { search: 'memory=64M..192M', onTry: (t) => tries.push(t.valueBytes) });
    const s = doc.search;
    expect(s).toMatchObject({ key: 'memory', group: null, lowBytes: 64 * MiB, highBytes: 192 * MiB, stepBytes: 4 * MiB, repeat: 1, maxTries: 7, status: 'found' });
    expect(s.answerBytes).toBeGreaterThan(100 * MiB);
    expect(s.answerBytes).toBeLessThanOrEqual(108 * MiB);
    // HIGH first, then LOW, then a bisection; every try reported as it was decided, within the bound.
    expect(tries).toEqual(s.tries.map((t) => t.valueBytes));
    expect(tries.slice(0, 2)).toEqual([192 * MiB, 64 * MiB]);
    expect(s.tries.length).toBeLessThanOrEqual(s.maxTries);
    const failed = s.tries.filter((t) => t.verdict === 'fails');
    expect(failed.every((t) => t.valueBytes < s.answerBytes! && t.reason === 'hog oom-killed')).toBe(true);
    expect(leftoverRunCgroups()).toEqual([]);
  }, 300_000);

  it('a named group\'s limit, and a search stopped by its signal: no answer, nothing left', async () => {
    const grouped = { ...hundred, name: 'grouped', cgroup: { memory: '256M', swap: 0 }, groups: { app: { memory: '192M', swap: 0 } }, participants: [{ ...hundred.participants[0]!, group: 'app' }] };
    const stop = new AbortController();
    const doc = await findLimit(grouped, {
      search: 'memory=64M..',
      group: 'app',
      signal: stop.signal,
      onTry: (t) => t.verdict === 'fails' && stop.abort(),
    });
    const s = doc.search;
    expect(s).toMatchObject({ group: 'app', highBytes: 192 * MiB, status: 'stopped', answerBytes: null });
    // HIGH held, LOW failed (and stopped the search before the next try).
    expect(s.tries.map((t) => t.verdict)).toEqual(['holds', 'fails']);
    expect(s.tries[0]!.runs[0]!.cgroups.find((c) => c.name === 'app')?.limits.memoryBytes).toBe(192 * MiB);
    expect(leftoverRunCgroups()).toEqual([]);
  }, 300_000);
});
