import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { parseSearchFlags } from '../../src/limit/flag.js';
import { ladder, maxTries, resolveBounds, withLimit } from '../../src/limit/bounds.js';
import { validateScenario } from '../../src/scenario/index.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const host = { memTotal: 16 * GiB, memAvailable: 10 * GiB, swapTotal: 0 };
const scenario = validateScenario({
  name: 'svc',
  cgroup: { memory: '256M', swap: 0 },
  groups: { app: { memory: '128M' } },
  participants: [{ name: 'hog', hog: { total: '16M' }, group: 'app' }],
});

const error = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message;
  }
  throw new Error('no error');
};

describe('--find-limit, --step, --repeat, --group as typed', () => {
  it('takes a key alone, a full range, or one end of it', () => {
    expect(parseSearchFlags('memory')).toEqual({ key: 'memory', stepBytes: 4 * MiB, repeat: 1 });
    expect(parseSearchFlags('memory=32M..512M')).toEqual({ key: 'memory', lowBytes: 32 * MiB, highBytes: 512 * MiB, stepBytes: 4 * MiB, repeat: 1 });
    expect(parseSearchFlags('memory=..1.5G', { step: '8M', repeat: '3' })).toEqual({ key: 'memory', highBytes: 1.5 * GiB, stepBytes: 8 * MiB, repeat: 3 });
    expect(parseSearchFlags('swap=0..1G', { group: 'app' })).toEqual({ key: 'swap', lowBytes: 0, highBytes: GiB, stepBytes: 4 * MiB, repeat: 1, group: 'app' });
    expect(parseSearchFlags('memory=64M..')).toMatchObject({ lowBytes: 64 * MiB });
  });

  it.each([
    ['an unknown key', 'memroy=32M..512M', {}, '--find-limit: expected the key memory or swap, optionally with a range such as memory=32M..512M, got "memroy"'],
    ['a non-size', 'memory=lots..512M', {}, '--find-limit: expected a size such as 4096, 512K, 1M, 2G or 1GiB (binary units), got "lots"'],
    ['an inverted range', 'memory=512M..32M', {}, '--find-limit: expected a range LOW..HIGH with LOW below HIGH, got "memory=512M..32M"'],
    ['LOW equal to HIGH', 'memory=64M..64M', {}, '--find-limit: expected a range LOW..HIGH with LOW below HIGH, got "memory=64M..64M"'],
    ['a range without ..', 'memory=64M', {}, '--find-limit: expected a range LOW..HIGH (memory or swap, optionally with a range such as memory=32M..512M (or memory=..512M, memory=64M..)), got "memory=64M"'],
    ['an empty range', 'memory=..', {}, '--find-limit: expected a range LOW..HIGH'],
    ['an absurd size', 'memory=1M..9000T', {}, '--find-limit: expected a size such as 4096, 512K, 1M, 2G or 1GiB (binary units), at most 1P, got "9000T"'],
    ['a tiny step', 'memory', { step: '1K' }, '--step: expected a size of at least 64K, got "1K"'],
    ['a step that is no size', 'memory', { step: 'fine' }, '--step: expected a size such as 4096, 512K, 1M, 2G or 1GiB (binary units), got "fine"'],
    ['repeat zero', 'memory', { repeat: '0' }, '--repeat: expected a whole number from 1 to 100, got "0"'],
    ['repeat not a number', 'memory', { repeat: 'twice' }, '--repeat: expected a whole number from 1 to 100, got "twice"'],
    ['a group name that is a path', 'memory', { group: '../x' }, '--group: expected the name of one of the scenario\'s groups, got "../x"'],
  ])('refuses %s in one line naming the flag', (_name, flag, more, message) => {
    const text = error(() => parseSearchFlags(flag, more));
    expect(text.startsWith(message)).toBe(true);
    expect(text).not.toContain('\n');
  });
});

describe('the search bounds against the scenario and the machine', () => {
  it('HIGH defaults to the scenario\'s (or the group\'s) limit, LOW to the step; at most ceil(log2(n)) + 2 tries', () => {
    expect(resolveBounds(scenario, parseSearchFlags('memory'), host)).toEqual({ key: 'memory', group: null, lowBytes: 4 * MiB, highBytes: 256 * MiB, stepBytes: 4 * MiB, repeat: 1, maxTries: 8 });
    expect(resolveBounds(scenario, parseSearchFlags('memory', { group: 'app' }), host)).toMatchObject({ group: 'app', lowBytes: 4 * MiB, highBytes: 128 * MiB, maxTries: 7 });
    const b = resolveBounds(scenario, parseSearchFlags('memory=32M..512M'), host);
    expect(b.maxTries).toBe(Math.ceil(Math.log2(120)) + 2);
    expect(maxTries(0, 10, 4)).toBe(4);
    expect(maxTries(0, 4, 4)).toBe(2);
  });

  it('the ladder runs from LOW to HIGH in steps, the last one shorter', () => {
    expect(ladder({ lowBytes: 0, highBytes: 10, stepBytes: 4 })).toEqual([0, 4, 8, 10]);
    const l = ladder({ lowBytes: 32 * MiB, highBytes: 512 * MiB, stepBytes: 4 * MiB });
    expect(l).toHaveLength(121);
    expect([l[0], l[1], l.at(-1)]).toEqual([32 * MiB, 36 * MiB, 512 * MiB]);
  });

  it.each([
    ['a range above 90% of MemAvailable', 'memory=32M..10G', {}, '--find-limit: expected a range at most 90% of MemAvailable (9.00 GiB on this host), got 32.0 MiB..10.0 GiB'],
    ['LOW at or above the scenario\'s limit', 'memory=300M..', {}, "--find-limit: expected LOW below HIGH (HIGH is scenario svc's memory limit), got 300 MiB..256 MiB"],
    ['a group that does not exist', 'memory', { group: 'db' }, '--group: expected one of the scenario\'s groups app, got "db"'],
    ['no HIGH and no limit to start from', 'swap', { group: 'app' }, '--find-limit: expected a range swap=LOW..HIGH (group app sets no swap limit to start from), got "swap"'],
    ['a memory range below 1M', 'memory=512K..8M', { step: '512K' }, '--find-limit: expected a memory range from at least 1M, got 512 KiB..8.00 MiB'],
    ['a step wider than the range', 'memory=32M..40M', { step: '16M' }, '--step: expected a step no larger than the range (8.00 MiB), got 16.0 MiB'],
  ])('refuses %s', (_name, flag, more, message) => {
    expect(error(() => resolveBounds(scenario, parseSearchFlags(flag, more), host))).toBe(message);
  });

  it('a global scenario has no limit to search', () => {
    const g = validateScenario({ name: 'g', global: true, participants: [{ name: 'hog', hog: { total: '1M' } }] });
    expect(error(() => resolveBounds(g, parseSearchFlags('memory=8M..64M'), host))).toMatch(/^--find-limit: expected a scenario with a cgroup/);
  });

  it('each try changes one limit in a copy', () => {
    const top = withLimit(scenario, { key: 'memory', group: null }, 100 * MiB);
    expect(top.cgroup).toEqual({ memory: { bytes: 100 * MiB }, swap: { bytes: 0 } });
    const app = withLimit(scenario, { key: 'memory', group: 'app' }, 64 * MiB);
    expect(app.groups[0]!.limits.memory).toEqual({ bytes: 64 * MiB });
    expect(app.cgroup).toBe(scenario.cgroup);
    expect(scenario.groups[0]!.limits.memory).toEqual({ bytes: 128 * MiB });
  });
});
