import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors/environment-error.js';
import { FILE_MAP, fileFor, V1_ONLY, type CanonicalFile } from '../../src/cgroup/file-map.js';

describe('the v2 -> v1 file map', () => {
  it('maps the limits and reads to their v1 files', () => {
    expect(fileFor(1, 'memory.max')).toBe('memory.limit_in_bytes');
    expect(fileFor(1, 'memory.swap.max')).toBe('memory.memsw.limit_in_bytes');
    expect(fileFor(1, 'memory.current')).toBe('memory.usage_in_bytes');
    expect(fileFor(1, 'memory.peak')).toBe('memory.max_usage_in_bytes');
    expect(fileFor(1, 'memory.events')).toBe('memory.oom_control');
    expect(fileFor(1, 'cgroup.procs')).toBe('cgroup.procs');
  });

  it('v2 names are canonical: on v2 every name maps to itself', () => {
    for (const name of Object.keys(FILE_MAP) as CanonicalFile[]) expect(fileFor(2, name)).toBe(name);
  });

  it('says "needs cgroup v2" for files v1 does not have', () => {
    for (const name of ['memory.high', 'memory.oom.group', 'cgroup.kill', 'memory.pressure'] as const) {
      expect(() => fileFor(1, name)).toThrow(EnvironmentError);
      expect(() => fileFor(1, name)).toThrow(/needs cgroup v2/);
    }
  });

  it('marks the files whose v1 meaning is memory + swap', () => {
    expect(FILE_MAP['memory.swap.max']).toMatchObject({ meaning: 'memory-plus-swap' });
    expect(FILE_MAP['memory.swap.current']).toMatchObject({ meaning: 'memory-plus-swap' });
  });

  it('lists the v1-only files and where their job went', () => {
    expect(Object.keys(V1_ONLY)).toEqual(['memory.swappiness', 'memory.oom_control', 'memory.failcnt']);
  });
});
