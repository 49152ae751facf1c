import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { plainColumns, BoundedSeries } from '../../src/proc/bounded-series.js';
import { GapStats } from '../../src/proc/gap-stats.js';

describe('BoundedSeries', () => {
  it('keeps every row until full, then thins evenly and stays bounded', () => {
    const s = new BoundedSeries(['t', 'v'] as const, 8, 2);
    for (let i = 0; i < 8; i++) {
      const row = s.begin();
      s.set(0, row, i);
    }
    expect([...s.columns().t]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (let i = 8; i < 40; i++) {
      const row = s.begin();
      if (row >= 0) s.set(0, row, i);
    }
    const t = [...s.columns().t];
    expect(t.length).toBeLessThanOrEqual(8);
    const step = t[1]! - t[0]!;
    expect(t.every((x, i) => x === t[0]! + i * step)).toBe(true); // evenly spaced
    expect(t[0]).toBe(0);
    expect(step).toBe(s.stride);
    expect(JSON.parse(JSON.stringify(plainColumns(s.columns()))).t).toEqual(t);
  });

  it('never holds more than maxSamples, always evenly spaced from 0 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.constantFrom(2, 4, 16, 64), (n, max) => {
        const s = new BoundedSeries(['t'] as const, max, 1);
        for (let i = 0; i < n; i++) {
          const row = s.begin();
          if (row >= 0) s.set(0, row, i);
        }
        const t = s.columns().t;
        if (t.length > max || t[0] !== 0) return false;
        for (let i = 1; i < t.length; i++) if (t[i]! - t[i - 1]! !== s.stride) return false;
        return n - 1 - t[t.length - 1]! < s.stride;
      }),
    );
  });
});

describe('GapStats', () => {
  it('gives p50, p99 and max', () => {
    const g = new GapStats(1000);
    for (let i = 1; i <= 100; i++) g.add(i);
    expect(g.summary()).toEqual({ count: 100, p50: 50, p99: 99, max: 100, mean: 50.5 });
    expect(new GapStats().summary().count).toBe(0);
  });
});
