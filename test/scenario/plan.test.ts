import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { planScenario } from '../../src/scenario/plan.js';
import type { PlanOptions } from '../../src/scenario/types.js';
import { validateScenario } from '../../src/scenario/validate.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const HOST: PlanOptions = { host: { memTotal: 16 * GiB, memAvailable: 10 * GiB, swapTotal: 2 * GiB } };

const plan = (text: string, options: Partial<PlanOptions> = {}) => planScenario(parseScenarioText(text, '/srv/scen/x.yaml'), { ...HOST, ...options });

describe('planScenario', () => {
  it('expands count into name-1..name-N with the same settings', () => {
    const p = plan('name: t\ncgroup: { memory: 1G }\nparticipants:\n  - name: hog\n    hog: { total: 64M }\n    count: 3\n    oomScoreAdj: 100\n  - name: one\n    hog: {}\n');
    expect(p.instances.map((i) => [i.name, i.participant, i.copy, i.copies])).toEqual([
      ['hog-1', 'hog', 1, 3],
      ['hog-2', 'hog', 2, 3],
      ['hog-3', 'hog', 3, 3],
      ['one', 'one', 1, 1],
    ]);
    expect(new Set(p.instances.slice(0, 3).map((i) => JSON.stringify([i.run, i.oomScoreAdj])))).toEqual(new Set([JSON.stringify([p.instances[0]!.run, 100])]));
    expect(p.instances[0]!.run).toMatchObject({ kind: 'hog', hog: { totalBytes: 64 * MiB } });
  });

  it('resolves startAfter to instances and orders instances after what they wait for', () => {
    const p = plan(
      'name: t\ncgroup: { memory: 1G }\nparticipants:\n' +
        '  - name: late\n    hog: {}\n    startAfter: { participant: svc, reached: "1%", delay: 2s }\n' +
        '  - name: svc\n    command: { argv: [sleep, "5"] }\n    startAfter: { participant: hog, exited: true }\n' +
        '  - name: hog\n    hog: {}\n    count: 2\n' +
        '  - name: tail\n    hog: {}\n    startAfter: { participant: hog-2, exited: true }\n',
    );
    expect(p.instances.map((i) => i.name)).toEqual(['hog-1', 'hog-2', 'svc', 'late', 'tail']);
    const byName = Object.fromEntries(p.instances.map((i) => [i.name, i.start]));
    expect(byName['svc']).toEqual({ delayNs: 0, after: { instances: ['hog-1', 'hog-2'], exited: true } });
    expect(byName['late']).toEqual({ delayNs: 2e9, after: { instances: ['svc'], reachedBytes: Math.floor((10 * GiB) / 100 / 4096) * 4096, measure: 'rss' } });
    expect(byName['tail']).toEqual({ delayNs: 0, after: { instances: ['hog-2'], exited: true } });
    expect(byName['hog-1']).toEqual({ delayNs: 0 });
  });

  it('resolves shares of MemAvailable in limits, hog totals, rlimits and bounds; descriptions keep the share', () => {
    const p = plan(
      'name: t\ncgroup: { memory: "25%", swap: "5%" }\ngroups: { svc: { memory: "12.5%", high: 10% } }\nparticipants:\n' +
        '  - name: hog\n    hog: { total: "50%" }\n    rlimitAs: 30%\n    group: svc\n' +
        'expect:\n  - participant: hog\n    peakRss: { max: "25%" }\n',
    );
    expect(p.cgroup).toEqual({ memoryBytes: 2.5 * GiB, swapBytes: 512 * MiB });
    expect(p.groups).toEqual([{ name: 'svc', limits: { memoryBytes: 1.25 * GiB, highBytes: 1024 * MiB } }]);
    expect(p.instances[0]).toMatchObject({ run: { hog: { totalBytes: 5 * GiB } }, rlimitAsBytes: 3 * GiB, boundedBy: 'group', group: 'svc' });
    expect(p.expect).toEqual([{ id: 'expect[0].peakRss', description: 'hog: peak RSS at most 25% of MemAvailable', kind: 'peak', instances: ['hog'], metric: 'rss', bounds: { max: 2.5 * GiB } }]);
  });

  it('rounds a share down to whole pages', () => {
    const p = planScenario(parseScenarioText('name: t\ncgroup: { memory: "33%" }\nparticipants: [{ name: a, hog: {} }]\n', 'x.yaml'), { host: { memTotal: 0, memAvailable: 1_000_000_007, swapTotal: 0 } });
    expect(p.cgroup.memoryBytes! % 4096).toBe(0);
    expect(p.cgroup.memoryBytes).toBe(Math.floor(330_000_002 / 4096) * 4096);
  });

  it('applies --matrix overrides to the top-level cgroup only', () => {
    const text = 'name: t\ncgroup: { memory: 256M, swap: 0, swappiness: 60 }\ngroups: { svc: { memory: 128M } }\nparticipants: [{ name: a, hog: {} }]\n';
    const p = plan(text, { overrides: { memory: '512M', swap: '10%', swappiness: '0' } });
    expect(p.cgroup).toEqual({ memoryBytes: 512 * MiB, swapBytes: 1 * GiB, swappiness: 0 });
    expect(p.groups[0]!.limits).toEqual({ memoryBytes: 128 * MiB });
    expect(plan(text, { overrides: { swappiness: 100 } }).cgroup).toEqual({ memoryBytes: 256 * MiB, swapBytes: 0, swappiness: 100 });
  });

  it('an override can bound a scenario that has no limit of its own', () => {
    const text = 'name: t\nparticipants: [{ name: a, hog: {} }]\n';
    expect(() => plan(text)).toThrow(InputError);
    expect(plan(text, { overrides: { memory: '1G' } }).instances[0]!.boundedBy).toBe('scenario');
  });

  it('plans global scenarios only inside a VM, with no cgroup limits', () => {
    const text = 'name: t\nglobal: true\ncgroup: { swappiness: 10 }\nparticipants: [{ name: a, hog: {} }]\n';
    const p = plan(text, { inVm: true });
    expect(p.global).toBe(true);
    expect(p.cgroup).toEqual({ swappiness: 10 });
    expect(p.instances[0]!.boundedBy).toBe('none');
    expect(() => plan(text)).toThrow('/srv/scen/x.yaml:2: global: expected global: true only inside a VM');
  });

  it('accepts unbounded participants with allowUnbounded', () => {
    const p = plan('name: t\nparticipants: [{ name: a, hog: {} }]\n', { allowUnbounded: true });
    expect(p.instances[0]!.boundedBy).toBe('none');
    expect(p.cgroup).toEqual({});
  });

  it("resolves a command's relative cwd against the scenario file's directory, as a string", () => {
    const p = plan('name: t\ncgroup: { memory: 1G }\nparticipants:\n  - name: a\n    command: { argv: [x], cwd: ../svc }\n  - name: b\n    command: { argv: [x], cwd: /abs }\n  - name: c\n    command: { argv: [x] }\n');
    expect(p.instances.map((i) => i.run)).toEqual([
      { kind: 'command', argv: ['x'], env: {}, cwd: '/srv/svc' },
      { kind: 'command', argv: ['x'], env: {}, cwd: '/abs' },
      { kind: 'command', argv: ['x'], env: {} },
    ]);
  });

  it('resolves assertions to instances and keeps run control', () => {
    const p = plan('name: t\ncgroup: { memory: 1G }\nparticipants: [{ name: hog, hog: {}, count: 2 }]\nrun: { until: duration, duration: 5s }\nexpect:\n  - participant: hog-2\n    outcome: survived\n  - victim: hog\n  - runtime: { min: 1s }\n');
    expect(p.expect.map((e) => ('instances' in e ? e.instances : e.kind))).toEqual([['hog-2'], ['hog-1', 'hog-2'], 'runtime']);
    expect(p.run).toEqual({ durationNs: 5e9, until: 'duration', sampleNs: 50e6 });
  });

  it('plans outcome: runtime-oom with and without a runtime, beside a runtime bound on the run', () => {
    const p = plan('name: t\ncgroup: { memory: 1G }\nparticipants: [{ name: svc, command: { argv: [node] }, count: 2 }]\nexpect:\n  - participant: svc\n    outcome: runtime-oom\n    runtime: node\n  - participant: svc-1\n    outcome: runtime-oom\n  - runtime: { max: 5s }\n');
    expect(p.expect).toEqual([
      { id: 'expect[0].outcome', description: 'svc: outcome is runtime-oom (node)', kind: 'outcome', instances: ['svc-1', 'svc-2'], outcome: 'runtime-oom', runtime: 'node' },
      { id: 'expect[1].outcome', description: 'svc-1: outcome is runtime-oom', kind: 'outcome', instances: ['svc-1'], outcome: 'runtime-oom' },
      { id: 'expect[2].runtime', description: 'the run lasts at most 5s', kind: 'runtime', bounds: { max: 5e9 } },
    ]);
  });

  it('does not change the scenario, so one scenario can be planned per matrix cell', () => {
    const s = parseScenarioText('name: t\ncgroup: { memory: "10%" }\nparticipants: [{ name: a, hog: { total: "1%" }, count: 2 }]\n', 'x.yaml');
    const before = JSON.stringify(s);
    planScenario(s, { ...HOST, overrides: { memory: '1G' } });
    planScenario(s, HOST);
    expect(JSON.stringify(s)).toBe(before);
  });

  it('names no file for scenarios that did not come from one', () => {
    const s = validateScenario({ name: 't', participants: [{ name: 'a', hog: {} }] });
    expect(() => planScenario(s, HOST)).toThrow(/^participants\[0\]: expected memory bounded by a cgroup limit/);
  });

  it('treats bad host facts as a programming error, not user input', () => {
    const s = validateScenario({ name: 't', cgroup: { memory: '1G' }, participants: [{ name: 'a', hog: {} }] });
    expect(() => planScenario(s, { host: { memTotal: 1, memAvailable: Number.NaN, swapTotal: 0 } })).toThrow(TypeError);
  });
});
