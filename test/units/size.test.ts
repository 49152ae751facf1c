import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { formatSize, parseSize } from '../../src/units/size.js';

describe('parseSize', () => {
  it.each([
    ['4096', 4096],
    ['1K', 1024],
    ['1k', 1024],
    ['127K', 127 * 1024],
    ['1M', 1024 ** 2],
    ['1MiB', 1024 ** 2],
    ['2G', 2 * 1024 ** 3],
    ['3GiB', 3 * 1024 ** 3],
    ['1T', 1024 ** 4],
    ['0.5G', 512 * 1024 ** 2],
    [' 16 M ', 16 * 1024 ** 2],
    [0, 0],
    [65536, 65536],
  ])('%j is %d bytes', (input, bytes) => {
    expect(parseSize(input, '--total')).toBe(bytes);
  });

  it.each(['', 'abc', '-1M', '1X', '1MB', '1kB', '1..5G', 'G', '2E', '1e3', '2048T', '1M1'])('rejects %j naming the field', (input) => {
    expect(() => parseSize(input, '--total')).toThrow(InputError);
    expect(() => parseSize(input, '--total')).toThrow(/^--total: expected a size such as 4096, 512K, 1M, 2G or 1GiB/);
  });

  it.each([-1, 1.5, Number.NaN, Infinity, null, {}, true])('rejects the non-size value %j', (input) => {
    expect(() => parseSize(input, 'cgroup.memory')).toThrow(/^cgroup\.memory: expected/);
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [127 * 1024, '127 KiB'],
    [3057 * 1024 ** 2, '2.99 GiB'],
    [1.5 * 1024 ** 3, '1.50 GiB'],
  ])('%d bytes prints as %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});
