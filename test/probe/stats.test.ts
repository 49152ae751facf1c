import { describe, expect, it } from 'vitest';
import { BASELINE_PASSES, percentile, probeFigures, ProbeCollector } from '../../src/probe/stats.js';

// The probe's statistics on fixed inputs: nearest-rank percentiles, the baseline from the first
// passes, stalls at more than 10x it and the time they took.
describe('probe statistics', () => {
  it('nearest-rank percentiles', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(v, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('baseline from the first 20 passes, stalls above 10x it, stalled time summed', () => {
    // 20 unloaded passes of 1 ms (one of 2 ms), then pressure: 5, 11, 50 and 1000 ms among normal ones
    const first = [...Array(19).fill(1), 2];
    const later = [1, 5, 1, 11, 1, 50, 1, 1000, 1, 1];
    const f = probeFigures([...first, ...later]);
    expect(BASELINE_PASSES).toBe(20);
    expect(f.passes).toBe(30);
    expect(f.baselineP50Ms).toBe(1);
    expect(f.stalls).toBe(3); // 11, 50, 1000 (> 10 ms); 5 is not
    expect(f.stalledMs).toBe(1061);
    expect(f.maxMs).toBe(1000);
    expect(f.p50Ms).toBe(1);
    expect(f.p95Ms).toBe(50); // rank ceil(28.5) = 29 of 30 sorted
    expect(f.p99Ms).toBe(1000);
  });

  it('a stall among the first passes counts too, once the baseline is known', () => {
    const f = probeFigures([30, ...Array(19).fill(2), 2]);
    expect(f.baselineP50Ms).toBe(2);
    expect(f.stalls).toBe(1);
    expect(f.stalledMs).toBe(30);
  });

  it('a run shorter than the baseline window uses what it has', () => {
    const f = probeFigures([3, 1, 2]);
    expect(f.baselineP50Ms).toBe(2);
    expect(f.stalls).toBe(0);
    expect(probeFigures([]).passes).toBe(0);
    expect(probeFigures([]).p99Ms).toBe(0);
  });

  it('the latency series is bounded and keeps pass times', () => {
    const c = new ProbeCollector();
    for (let i = 0; i < 10_000; i++) c.add(i * 10, 1);
    const cols = c.series.columns();
    expect(cols.t.length).toBeLessThanOrEqual(4096);
    expect(cols.t[0]).toBe(0);
    expect(c.figures().passes).toBe(10_000);
  });
});
