import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { mergeMachine, parseSysctlFlag } from '../../src/scenario/machine.js';
import { machineOf, matrixCombos, overridesOf, parseMatrixAxis } from '../../src/scenario/matrix-keys.js';
import { parseScenarioText } from '../../src/scenario/load.js';

// Machine settings of a VM run (issue 13 item 1): the sysctl allow-list with the kernel's ranges, a
// scenario's vm: block, and the --matrix key table they share.

const thrown = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('did not throw');
};

describe('--sysctl vm.NAME=VALUE', () => {
  it('takes allow-listed keys in any spelling, values in the range the kernel accepts', () => {
    expect(parseSysctlFlag('vm.overcommit_memory=2')).toEqual(['overcommit_memory', 2]);
    expect(parseSysctlFlag('swappiness=200')).toEqual(['swappiness', 200]);
    expect(parseSysctlFlag('vm.page-cluster=0')).toEqual(['page-cluster', 0]);
    expect(parseSysctlFlag('vm/min_free_kbytes=65536')).toEqual(['min_free_kbytes', 65536]);
  });
  it('refuses an unknown key, naming it and the keys it could have been', () => {
    const m = thrown(() => parseSysctlFlag('vm.drop_caches=3'));
    expect(m).toMatch(/^--sysctl: expected a vm\.\* sysctl oomlab can set \(vm\.swappiness, .*vm\.vfs_cache_pressure.*\), got "vm\.drop_caches"$/);
    expect(thrown(() => parseSysctlFlag('kernel.panic=1'))).toContain('got "kernel.panic"');
  });
  it('refuses values out of the kernel range, one line naming the key and the range', () => {
    expect(thrown(() => parseSysctlFlag('vm.swappiness=201'))).toBe('--sysctl vm.swappiness: expected a whole number from 0 to 200 for vm.swappiness, got "201"');
    expect(thrown(() => parseSysctlFlag('vm.overcommit_memory=3'))).toContain('from 0 to 2');
    expect(thrown(() => parseSysctlFlag('vm.watermark_scale_factor=0'))).toContain('from 1 to 3000');
    expect(thrown(() => parseSysctlFlag('vm.page-cluster=32'))).toContain('from 0 to 31');
    expect(thrown(() => parseSysctlFlag('vm.swappiness=-1'))).toContain('got "-1"');
    expect(thrown(() => parseSysctlFlag('vm.swappiness=ten'))).toContain('got "ten"');
    expect(thrown(() => parseSysctlFlag('vm.swappiness'))).toBe('--sysctl: expected vm.NAME=VALUE (e.g. vm.swappiness=10), got "vm.swappiness"');
  });
});

describe("a scenario's vm: block", () => {
  const base = 'name: s\ncgroup: { memory: 64M }\nparticipants:\n  - name: h\n    hog: { total: 8M }\n';
  it('is read into machine settings', () => {
    const s = parseScenarioText(`${base}vm: { mem: 1G, swap: 512M, swapKind: zram, zramAlgo: lz4, lruGen: on, sysctl: { vm.swappiness: 10, overcommit_memory: 2 } }\n`, 'x.yaml');
    expect(s.vm).toEqual({ memBytes: 2 ** 30, swapBytes: 512 * 2 ** 20, swapKind: 'zram', zramAlgo: 'lz4', lruGen: 'on', sysctl: { swappiness: 10, overcommit_memory: 2 } });
  });
  it('refuses a bad value with the file, line and field', () => {
    expect(() => parseScenarioText(`${base}vm:\n  sysctl: { swappiness: 500 }\n`, 'x.yaml')).toThrow(/^x\.yaml:7: vm\.sysctl\.swappiness: expected a whole number from 0 to 200/);
    expect(() => parseScenarioText(`${base}vm: { swapKind: tape }\n`, 'x.yaml')).toThrow(/^x\.yaml:6: vm\.swapKind: expected/);
    expect(() => parseScenarioText(`${base}vm: { mem: 64M }\n`, 'x.yaml')).toThrow(/vm\.mem: expected at least 128M of VM RAM/);
  });
  it('is overridden key by key by the flags, sysctls merged', () => {
    expect(mergeMachine({ memBytes: 1, swapKind: 'disk', sysctl: { swappiness: 10, overcommit_memory: 2 } }, { swapKind: 'zram', sysctl: { swappiness: 100 } })).toEqual({
      memBytes: 1,
      swapKind: 'zram',
      sysctl: { swappiness: 100, overcommit_memory: 2 },
    });
  });
});

describe('--matrix keys', () => {
  it('oomlab vm run takes machine keys; their product is the runs', () => {
    const axes = ['swapKind=disk,zram', 'vm.swappiness=10,100'].map((t) => parseMatrixAxis(t, true));
    const combos = matrixCombos(axes, false);
    expect(combos.map((c) => c.map(([k, v]) => `${k}=${v}`).join(' '))).toEqual([
      'swapKind=disk vm.swappiness=10',
      'swapKind=disk vm.swappiness=100',
      'swapKind=zram vm.swappiness=10',
      'swapKind=zram vm.swappiness=100',
    ]);
    expect(machineOf(combos[3]!)).toEqual({ swapKind: 'zram', sysctl: { swappiness: 100 } });
    expect(overridesOf([['memory', '256M'], ['swapKind', 'zram']])).toEqual({ memory: '256M' });
  });
  it('oomlab run keeps the cgroup keys and says where machine keys belong', () => {
    expect(parseMatrixAxis('swappiness=0,60', false)).toEqual({ key: 'swappiness', values: ['0', '60'] });
    expect(thrown(() => parseMatrixAxis('swapKind=disk,zram', false))).toContain('need oomlab vm run');
  });
  it('checks every value before anything runs', () => {
    expect(thrown(() => parseMatrixAxis('vm.swappiness=10,900', true))).toContain('--matrix vm.swappiness: expected a whole number from 0 to 200');
    expect(thrown(() => parseMatrixAxis('swapKind=disk,floppy', true))).toContain('--matrix swapKind: expected disk, zram, zswap or none, got "floppy"');
    expect(thrown(() => parseMatrixAxis('vm.nope=1', true))).toContain('got "vm.nope"');
  });
  it('refuses more than 16 runs without --allow-big-matrix, and a key twice', () => {
    const ten = (k: string) => parseMatrixAxis(`${k}=${Array.from({ length: 10 }, (_, i) => i * 10).join(',')}`, true);
    expect(thrown(() => matrixCombos([ten('vm.swappiness'), ten('vm.vfs_cache_pressure')], false))).toBe('--matrix: expected at most 16 runs (--allow-big-matrix allows up to 256), got 10 x 10 = 100 runs');
    expect(matrixCombos([ten('vm.swappiness'), ten('vm.vfs_cache_pressure')], true)).toHaveLength(100);
    expect(thrown(() => matrixCombos([ten('vm.swappiness'), ten('vm.swappiness')], true))).toContain('each key once');
  });
});
