import { describe, expect, it } from 'vitest';
import { normalizeHogOptions, type HogOptionsInput } from '../../src/engine/options.js';

describe('normalizeHogOptions', () => {
  it("defaults to the article's test_mem: 1 MiB blocks, 200 us apart, untouched, until malloc fails", () => {
    expect(normalizeHogOptions({})).toEqual({
      blockBytes: 1024 * 1024,
      touch: 'none',
      touchFraction: 0,
      intervalNs: 200_000,
      allocator: 'malloc',
      onFail: 'exit',
      after: 'hold',
      human: false,
    });
  });

  it('normalises sizes, durations and touch fractions', () => {
    const o = normalizeHogOptions({ block: '64K', total: '2G', touch: '0.25', interval: '0', hold: '1.5s', rewrite: '100ms', allocator: 'mmap', onFail: 'retry' });
    expect(o).toMatchObject({ blockBytes: 65536, totalBytes: 2 * 1024 ** 3, touch: 'fraction', touchFraction: 0.25, intervalNs: 0, holdNs: 1.5e9, rewriteNs: 1e8, allocator: 'mmap', onFail: 'retry' });
    expect(normalizeHogOptions({ touch: '1' })).toMatchObject({ touch: 'memset', touchFraction: 1 });
    expect(normalizeHogOptions({ touch: 0 })).toMatchObject({ touch: 'none' });
    expect(normalizeHogOptions({ count: '10' })).toMatchObject({ countBlocks: 10 });
  });

  // Each bad input: the field it must name, and the words the message must contain.
  const cases: Array<[string, HogOptionsInput, string, RegExp]> = [
    ['bad size unit', { total: '2X' }, 'total', /a size such as/],
    ['negative size', { total: '-1G' }, 'total', /a size such as/],
    ['absurd size', { total: '2048T' }, 'total', /at most 1P/],
    ['zero total', { total: '0' }, 'total', /above 0/],
    ['zero block', { block: '0' }, 'block', /from 1 byte to 1T/],
    ['huge block', { block: '2T' }, 'block', /from 1 byte to 1T/],
    ['duration without unit', { interval: '200' }, 'interval', /a unit is required/],
    ['bad duration unit', { hold: '5 years' }, 'hold', /a duration/],
    ['touch fraction above 1', { touch: '1.5' }, 'touch', /a fraction from 0 to 1/],
    ['negative touch fraction', { touch: '-0.5' }, 'touch', /a fraction from 0 to 1/],
    ['unknown touch mode', { touch: 'all' }, 'touch', /none, memset, pages/],
    ['unknown allocator', { allocator: 'calloc' }, 'allocator', /one of malloc, mmap, populate/],
    ['unknown on-fail', { onFail: 'panic' }, 'onFail', /one of exit, hold, retry/],
    ['unknown after', { after: 'sleep' }, 'after', /one of hold, free/],
    ['total and count', { total: '1G', count: '5' }, 'count', /not both/],
    ['count not a number', { count: 'many' }, 'count', /a whole number of blocks/],
    ['count zero', { count: '0' }, 'count', /a whole number of blocks/],
    ['hold with after free', { after: 'free', hold: '1s' }, 'hold', /no hold time/],
    ['rewrite too often', { rewrite: '10us' }, 'rewrite', /at least 1ms/],
  ];
  it.each(cases)('%s: one line naming %s', (_name, input, field, words) => {
    let message = '';
    try {
      normalizeHogOptions(input, (k) => `--${k}`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.startsWith(`--${field}: expected`)).toBe(true);
    expect(message).toMatch(words);
    expect(message).not.toContain('\n');
  });
});
