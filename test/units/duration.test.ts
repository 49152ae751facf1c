import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/units/duration.js';

describe('parseDuration', () => {
  it.each([
    ['200us', 200_000],
    ['200µs', 200_000],
    ['50ms', 50_000_000],
    ['1s', 1e9],
    ['1.5s', 1.5e9],
    ['2m', 120e9],
    ['1h', 3600e9],
    ['0', 0],
    [0, 0],
    ['10ns', 10],
  ])('%j is %d ns', (input, ns) => {
    expect(parseDuration(input, '--interval')).toBe(ns);
  });

  it.each(['200', '5', '-1s', '1 fortnight', 's', '1.2.3s', '', '8d', '169h'])('rejects %j naming the field', (input) => {
    expect(() => parseDuration(input, '--interval')).toThrow(/^--interval: expected a duration such as 200us, 50ms, 5s or 2m/);
  });

  it('prints durations in the unit a person would pick', () => {
    expect([200_000, 5e7, 1.5e9, 90e9].map(formatDuration)).toEqual(['200us', '50ms', '1.5s', '1.5m']);
  });
});
