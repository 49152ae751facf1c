import { describe, expect, it } from 'vitest';
import { confirmSigkill } from '../../src/evidence/confirm-sigkill.js';
import { oomCounters } from '../../src/evidence/oom-counters.js';
import type { RunOomEvent } from '../../src/evidence/oom-event.js';

// The decision when a participant dies of a SIGKILL the harness did not send, on counters that the
// test moves by hand: each group's own oom_kill count, as Cgroup.ownOomKills reads it.
function groups(counts: Record<string, number>) {
  return {
    groups: new Map(Object.keys(counts).filter((k) => k !== 'top').map((k) => [k, {}])),
    groupOf: (g: string | undefined) => ({ ownOomKills: () => counts[g ?? 'top'] ?? 0 }),
  };
}

function owner(name: string, group?: string) {
  return { plan: { name, ...(group ? { group } : {}) }, kills: [] as RunOomEvent[], killsAtStart: 0 };
}

describe('confirmSigkill', () => {
  it('a counter ahead of the explained kills decides an OOM kill, from the signal and the counter', () => {
    const counts = { top: 0 };
    const counters = oomCounters(groups(counts));
    const a = owner('a');
    counts.top = 1;
    const e = confirmSigkill(a, 42, [a], counters, 12.4);
    expect(e).toEqual({ participant: 'a', victimPid: 42, victimName: 'a', atMs: 12, sources: ['signal', 'cgroup-counter'], report: [] });
    expect(a.kills).toEqual([e]);
  });

  it('a counter that did not move decides nothing (someone else sent the SIGKILL, or the report is still on its way)', () => {
    const counters = oomCounters(groups({ top: 3 }));
    const a = owner('a');
    expect(confirmSigkill(a, 42, [a], counters, 1)).toBeUndefined();
    expect(a.kills).toEqual([]);
  });

  it('one counted kill explains one death: two SIGKILLs in a group whose count went up by one', () => {
    const counts = { top: 0 };
    const counters = oomCounters(groups(counts));
    const a = owner('a');
    const b = owner('b');
    counts.top = 1;
    expect(confirmSigkill(a, 1, [a, b], counters, 1)).toBeDefined();
    expect(confirmSigkill(b, 2, [a, b], counters, 2)).toBeUndefined();
    counts.top = 2;
    expect(confirmSigkill(b, 2, [a, b], counters, 3)?.sources).toEqual(['signal', 'cgroup-counter']);
  });

  it('counts per group: a kill counted in another group explains nothing here', () => {
    const counts = { top: 0, svc: 0 };
    const counters = oomCounters(groups(counts));
    const web = owner('web');
    const svc = owner('svc', 'svc');
    counts.svc = 1;
    expect(confirmSigkill(web, 1, [web, svc], counters, 1)).toBeUndefined();
    expect(confirmSigkill(svc, 2, [web, svc], counters, 1)?.participant).toBe('svc');
  });

  it('a kill the kernel reported first gets the signal and the counter among its sources', () => {
    const counts = { top: 0 };
    const counters = oomCounters(groups(counts));
    const a = owner('a');
    a.kills.push({ participant: 'a', victimPid: 42, victimName: 'oomlab-hog', atMs: 5, sources: ['kmsg'], report: ['Killed process 42'] });
    counts.top = 1;
    expect(confirmSigkill(a, 42, [a], counters, 6)).toBeUndefined();
    expect(a.kills).toHaveLength(1);
    expect(a.kills[0]!.sources).toEqual(['kmsg', 'signal', 'cgroup-counter']);
  });

  it('counts from the run\'s start: kills before it are not this run\'s', () => {
    const counts = { top: 7 };
    const counters = oomCounters(groups(counts));
    const a = owner('a');
    expect(counters.unexplained(a, [a])).toBe(0);
    counts.top = 8;
    expect(counters.unexplained(a, [a])).toBe(1);
  });

  it('a global run (no cgroups) reads the machine\'s /proc/vmstat oom_kill', () => {
    const counters = oomCounters(undefined);
    expect(counters.source).toBe('host-counter');
    const a = owner('a');
    expect(counters.unexplained(a, [a])).toBe(0);
  });
});
