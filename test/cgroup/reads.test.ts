import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realIo } from '../../src/cgroup/io.js';
import { parseFlatKeyed, parseMemoryEvents, parseOomControl, readCgroup, readOwnOomKills, toPressure } from '../../src/cgroup/reads.js';
import { parseLimit } from '../../src/cgroup/values.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cgroup/${name}`, import.meta.url), 'utf8');

describe('parsing cgroup memory files', () => {
  it('v1 memory.stat (captured on this machine): every key a number', () => {
    const stat = parseFlatKeyed(fixture('v1-memory.stat'));
    expect(stat).toMatchObject({ cache: 4767744, rss: 2244608, total_rss: 2244608, pgmajfault: 32 });
    expect(Object.values(stat).every((v) => typeof v === 'number' && !Number.isNaN(v))).toBe(true);
  });

  it('v2 memory.stat', () => {
    expect(parseFlatKeyed('anon 1048576\nfile 0\nkernel_stack 16384\nworkingset_refault_anon 0\n')).toEqual({ anon: 1048576, file: 0, kernel_stack: 16384, workingset_refault_anon: 0 });
  });

  it('v2 memory.events, with and without oom_group_kill (older kernels)', () => {
    expect(parseMemoryEvents('low 0\nhigh 12\nmax 40\noom 2\noom_kill 2\noom_group_kill 1\n')).toEqual({ low: 0, high: 12, max: 40, oom: 2, oomKill: 2, oomGroupKill: 1 });
    expect(parseMemoryEvents('low 0\nhigh 0\nmax 1\noom 1\noom_kill 1\n')).toEqual({ low: 0, high: 0, max: 1, oom: 1, oomKill: 1 });
  });

  it('v1 memory.oom_control and failcnt', () => {
    expect(parseOomControl('oom_kill_disable 1\nunder_oom 1\noom_kill 3\n', '17\n')).toEqual({ oomKill: 3, underOom: true, failcnt: 17 });
    // Kernels before 4.13 have no oom_kill line.
    expect(parseOomControl('oom_kill_disable 0\nunder_oom 0\n')).toEqual({ oomKill: 0, underOom: false });
  });

  it('PSI: some and full lines', () => {
    expect(toPressure('some avg10=0.00 avg60=0.00 avg300=0.00 total=2485\nfull avg10=12.50 avg60=3.01 avg300=0.70 total=1734\n', 'host')).toEqual({
      scope: 'host',
      some: { avg10: 0, avg60: 0, avg300: 0, totalUs: 2485 },
      full: { avg10: 12.5, avg60: 3.01, avg300: 0.7, totalUs: 1734 },
    });
    expect(toPressure('', 'cgroup')).toBeUndefined();
  });

  it('limit values: max, -1 and the v1 "unlimited" number all read as max', () => {
    expect(parseLimit('max\n')).toBe('max');
    expect(parseLimit('-1')).toBe('max');
    expect(parseLimit('9223372036854771712\n')).toBe('max');
    expect(parseLimit('16777216\n')).toBe(16777216);
  });
});

describe('readCgroup on a v1 directory (files as this machine has them)', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it('usage, peak, swap = memsw - usage, failcnt/oom_kill, and the host PSI', () => {
    root = mkdtempSync(join(tmpdir(), 'oomlab-v1-read-'));
    const dir = join(root, 'sys/fs/cgroup/memory/g');
    mkdirSync(dir, { recursive: true });
    mkdirSync(join(root, 'proc/pressure'), { recursive: true });
    const files: Record<string, string> = {
      'memory.usage_in_bytes': '16773120\n',
      'memory.max_usage_in_bytes': '16777216\n',
      'memory.memsw.usage_in_bytes': '17821696\n',
      'memory.failcnt': '211\n',
      'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n',
      'memory.stat': fixture('v1-memory.stat'),
    };
    for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
    writeFileSync(join(root, 'proc/pressure/memory'), 'some avg10=1.00 avg60=0.20 avg300=0.04 total=99\nfull avg10=0.50 avg60=0.10 avg300=0.02 total=50\n');
    const r = readCgroup(realIo(root), dir, 1);
    expect(r).toMatchObject({ usageBytes: 16773120, peakBytes: 16777216, swapBytes: 1048576, events: { oomKill: 1, failcnt: 211, underOom: false } });
    expect(r.stat['rss']).toBe(2244608);
    expect(r.pressure).toMatchObject({ scope: 'host', some: { avg10: 1, totalUs: 99 } });
    // The sampler's per-tick reading: the same figures, memory.stat left unread.
    const sample = readCgroup(realIo(root), dir, 1, false);
    expect(sample).toEqual({ ...r, stat: {} });
  });
});

describe('readOwnOomKills: a group\'s own kills, not its sub-groups\'', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });
  const tree = (files: Record<string, string>): string => {
    root = mkdtempSync(join(tmpdir(), 'oomlab-own-kills-'));
    for (const [f, t] of Object.entries(files)) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), t);
    }
    return root;
  };

  it('v1: memory.oom_control counts in the victim\'s group only (checked on this machine: a kill in a child left its parent at 0)', () => {
    const r = tree({ 'g/memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n', 'g/c/memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 5\n' });
    expect(readOwnOomKills(realIo(r), join(r, 'g'), 1, [join(r, 'g/c')])).toBe(2);
  });

  it('v2: memory.events.local where the kernel has it (5.2+)', () => {
    const r = tree({ 'g/memory.events': 'oom 6\noom_kill 6\n', 'g/memory.events.local': 'oom 1\noom_kill 1\n', 'g/c/memory.events': 'oom_kill 5\n' });
    expect(readOwnOomKills(realIo(r), join(r, 'g'), 2, [join(r, 'g/c')])).toBe(1);
  });

  it('v2 before 5.2: memory.events (hierarchical) less each child\'s', () => {
    const r = tree({ 'g/memory.events': 'oom 6\noom_kill 6\n', 'g/a/memory.events': 'oom_kill 3\n', 'g/b/memory.events': 'oom_kill 2\n' });
    expect(readOwnOomKills(realIo(r), join(r, 'g'), 2, [join(r, 'g/a'), join(r, 'g/b')])).toBe(1);
  });
});
