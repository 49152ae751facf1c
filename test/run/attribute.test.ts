import { describe, expect, it } from 'vitest';
import { parseKernelLog } from '../../src/kernel-log/index.js';
import { attributeKills } from '../../src/evidence/attribute.js';
import { Instance } from '../../src/run/instance.js';
import type { SeenKill } from '../../src/evidence/oom-watch.js';
import type { RunCgroups } from '../../src/run/run-cgroups.js';
import type { PlannedInstance } from '../../src/scenario/types.js';

// Captured on this machine (cgroup v1, kernel 6.18) in a full test run: the kernel had printed its
// OOM report head 10 times in 5 s already, so of this kill only the `Killed process` line came.
const LONE_LINE = 'Memory cgroup out of memory: Killed process 419 (stress-ng-vm) total-vm:308736kB, anon-rss:62480kB, file-rss:640kB, shmem-rss:0kB, UID:0 pgtables:192kB oom_score_adj:1000';

function seen(text: string): SeenKill[] {
  return parseKernelLog(text).map((event) => ({ event, lines: [text], atMs: 100 }));
}

function instance(name: string, group?: string, pids: number[] = []): Instance {
  const plan = { name, participant: name, copy: 1, copies: 1, run: { kind: 'command' }, ...(group ? { group } : {}) } as unknown as PlannedInstance;
  const i = new Instance(plan, { name, kind: 'command', cgroupProcs: [], oomScoreAdj: 0 });
  for (const pid of pids) i.pids.add(pid);
  return i;
}

// A run's cgroups with fixed oom_kill counters, each group's own (not its sub-groups').
function cgroups(counters: Record<string, number>, top = 'run'): RunCgroups {
  const group = (name: string) => ({ name, cg: { path: `/sys/fs/cgroup/memory/x/${name}`, ownOomKills: () => counters[name] ?? 0 }, limits: {} });
  return {
    topName: top,
    all: () => Object.keys(counters).map(group),
    groupOf: (g?: string) => group(g ?? top).cg,
  } as unknown as RunCgroups;
}

describe('attributeKills', () => {
  it('parses the lone line: pid and name, no cgroup', () => {
    const [e] = parseKernelLog(LONE_LINE);
    expect(e?.victim).toMatchObject({ pid: 419, name: 'stress-ng-vm' });
    expect(e?.memcg).toBeUndefined();
  });

  it('a pid seen in a participant\'s tree decides, from the kernel log alone', () => {
    const stress = instance('stress', undefined, [400, 419]);
    const [e] = attributeKills(seen(LONE_LINE), new Map([['stress', stress]]), cgroups({ run: 1 }));
    expect(e).toMatchObject({ participant: 'stress', victimPid: 419, sources: ['kmsg'] });
  });

  it('an unseen pid: the group whose oom_kill counter is ahead of its attributed kills decides', () => {
    const stress = instance('stress', undefined, [400]);
    const [e] = attributeKills(seen(LONE_LINE), new Map([['stress', stress]]), cgroups({ run: 1 }));
    expect(e).toMatchObject({ participant: 'stress', victimPid: 419, sources: ['kmsg', 'cgroup-counter'] });
    expect(stress.kills).toHaveLength(1);
  });

  it('takes the sub-group whose own counter is ahead, not the top group', () => {
    const service = instance('service', 'svc');
    const batch = instance('batch', 'bat');
    const [e] = attributeKills(seen(LONE_LINE), new Map([['service', service], ['batch', batch]]), cgroups({ run: 0, svc: 0, bat: 1 }));
    expect(e?.participant).toBe('batch');
  });

  it('no counter ahead: not this run\'s kill (another process on the host)', () => {
    const stress = instance('stress', undefined, [400]);
    expect(attributeKills(seen(LONE_LINE), new Map([['stress', stress]]), cgroups({ run: 0 }))).toEqual([]);
    // and a counter already matched by an attributed kill is not ahead either
    stress.kills.push({ victimPid: 1, victimName: 'x', atMs: 1, sources: ['kmsg'], report: [] });
    expect(attributeKills(seen(LONE_LINE), new Map([['stress', stress]]), cgroups({ run: 1 }))).toEqual([]);
  });

  it('two sub-groups ahead: no guess', () => {
    const a = instance('a', 'ga');
    const b = instance('b', 'gb');
    expect(attributeKills(seen(LONE_LINE), new Map([['a', a], ['b', b]]), cgroups({ run: 0, ga: 1, gb: 1 }))).toEqual([]);
  });

  it('the kernel\'s second line for an oom.group victim is not a second kill', () => {
    const filler = instance('filler', undefined, [419]);
    const twice = [...seen(LONE_LINE), ...seen(LONE_LINE)];
    expect(attributeKills(twice, new Map([['filler', filler]]), cgroups({ run: 2 }))).toHaveLength(1);
    expect(filler.kills).toHaveLength(1);
  });

  it('a report that comes after the counter decided the kill adds its detail to that kill, not a second one', () => {
    const stress = instance('stress', undefined, [419]);
    stress.kills.push({ participant: 'stress', victimPid: 419, victimName: 'stress', atMs: 50, sources: ['signal', 'cgroup-counter'], report: [] });
    expect(attributeKills(seen(LONE_LINE), new Map([['stress', stress]]), cgroups({ run: 1 }))).toEqual([]);
    expect(stress.kills).toHaveLength(1);
    expect(stress.kills[0]).toEqual({
      participant: 'stress', victimPid: 419, victimName: 'stress-ng-vm', atMs: 50, constraint: 'memcg', anonRssKb: 62480, totalVmKb: 308736, oomScoreAdj: 1000,
      sources: ['kmsg', 'signal', 'cgroup-counter'], report: [LONE_LINE],
    });
  });
});
