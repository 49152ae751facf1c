import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKernelLog } from '../../src/kernel-log/index.js';
import { buildReplay } from '../../src/replay/build-scenario.js';
import { guestBaselineBytes, parseScale } from '../../src/replay/scale.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { replayYaml } from '../../src/replay/write-yaml.js';
import { participantNames, sanitizeName } from '../../src/replay/names.js';

// Issue 12, acceptance 5: scenario generation on the captured reports in test/fixtures/kernel-logs:
// which tasks become participants, their sizes, their order, the swap estimates, the name mapping.

const F = 'test/fixtures/kernel-logs/';
const GiB = 2 ** 30;
const MiB = 2 ** 20;
const event = (file: string, i = 0) => parseKernelLog(readFileSync(F + file, 'utf8'))[i]!;
const build = (file: string, scale: string, i = 0, extra = {}) => buildReplay(event(file, i), { scale: parseScale(scale), memAvailableBytes: 20 * GiB, source: file, eventNumber: i + 1, ...extra });
const hogTotal = (p: { hog?: { total?: string | number } }) => p.hog?.total;

describe('a global OOM of a high-order allocation (4.7, order 2, from a `dmesg -H` paste)', () => {
  it('says that hogs reproduce a shortage of memory, not of contiguous memory', () => {
    const plan = build('lkml-4.7-dmesg-H-quoted-kthreadd.txt', '1/8');
    expect(plan.constraint).toBe('global');
    expect(plan.notes).toContainEqual(expect.stringMatching(/^the allocation that failed was of order 2 \(4 contiguous pages\): the hogs leave the VM short of memory, not of contiguous memory/));
    // the VM is sized by the tasks' memory, not by the machine's 8 GiB, and says so
    expect(plan.notes).toContainEqual(expect.stringMatching(/^the VM has \d+ MiB, below the usual 512 MiB floor: that is what the report's tasks held at this scale/));
  });
  it('an order-0 report gets no such note', () => {
    expect(build('article-2.6.32-i686.txt', '1/4').notes.some((n) => n.includes('contiguous'))).toBe(false);
  });
});

describe('the article (2.6.32, global, no swap column)', () => {
  const plan = build('article-2.6.32-i686.txt', '1/4');

  it('makes a global scenario of the three test_mem processes and the rest, valid against the schema', () => {
    expect(plan.constraint).toBe('global');
    expect(plan.scenario.global).toBe(true);
    expect(plan.tasks.map((t) => [t.participant, t.name, t.pid, t.role])).toEqual([
      ['rest', '44 other tasks', undefined, 'rest'],
      ['test_mem1', 'test_mem1', 10020, 'holds'],
      ['test_mem-1', 'test_mem', 10022, 'holds'],
      ['test_mem-2', 'test_mem', 10021, 'grows'],
    ]);
    expect(plan.tasks[0]!.folded).toHaveLength(44);
    expect(() => validateScenario(plan.scenario)).not.toThrow();
  });

  it("estimates test_mem1's swap from its score 365: 365/1000 of RAM + swap less its rss", () => {
    const ramKb = 1046000 * 4;
    const expected = Math.round(0.365 * (ramKb + 4046840) - 2722 * 4);
    const est = plan.estimates.find((e) => e.pid === 10020)!;
    expect(est.swapKb).toBe(expected);
    expect(est.how).toContain('score 365');
    // The rest of the swap in use (swap was full) is spread over the others, never more than the total.
    const sum = plan.estimates.reduce((s, e) => s + e.swapKb, 0);
    expect(sum).toBeLessThanOrEqual(4046840 + 1);
    expect(sum).toBeGreaterThan(4046840 * 0.95);
  });

  it('orders most swap first, then the resident one, then the task that invoked the oom-killer, which grows without a total', () => {
    const names = plan.scenario.participants.map((p) => p.name);
    expect(names).toEqual(['rest', 'test_mem1', 'test_mem-1', 'test_mem-2']);
    const grows = plan.scenario.participants[3]!;
    expect(hogTotal(grows)).toBeUndefined();
    expect(grows.startAfter).toEqual({ participant: 'test_mem-1', reached: '477M', measure: 'vsz' });
    // test_mem1 holds (rss + estimated swap) x 1/4.
    const est = plan.estimates.find((e) => e.pid === 10020)!;
    expect(hogTotal(plan.scenario.participants[1]!)).toBe(`${Math.round(((2722 * 4 + est.swapKb) * 1024) / 4 / MiB)}M`);
    expect(plan.scenario.expect).toEqual([{ participant: 'test_mem1', outcome: 'oom-killed' }]);
  });

  it('sizes the VM as the tasks\' resident memory x scale plus the guest baseline, and swap as total swap x scale', () => {
    expect(plan.vm!.swapBytes).toBe(Math.round((4046840 * 1024) / 4 / MiB) * MiB);
    const residentScaled = (plan.tasks.reduce((s, t) => s + t.rssKb, 0) * 1024) / 4;
    expect(plan.vm!.memBytes).toBeGreaterThan(residentScaled + 100 * MiB);
    expect(plan.vm!.memBytes % (8 * MiB)).toBe(0);
    // The smallest such VM: 8 MiB less would leave less room than the tasks need.
    expect(plan.vm!.memBytes - 8 * MiB - guestBaselineBytes(plan.vm!.memBytes - 8 * MiB)).toBeLessThan(residentScaled);
    expect(plan.vm!.memBytes - guestBaselineBytes(plan.vm!.memBytes)).toBeGreaterThanOrEqual(residentScaled);
  });

  it('--scale auto picks the largest scale at which the VM fits 25% of MemAvailable', () => {
    const auto = build('article-2.6.32-i686.txt', 'auto', 0, { memAvailableBytes: 8 * GiB });
    expect(auto.vm!.memBytes).toBeLessThanOrEqual(2 * GiB);
    expect(auto.scale).toBeGreaterThan(0.3);
    expect(auto.scale).toBeLessThan(0.6);
    // At most 4 GiB, however much is available: a 4 GiB + 4 GiB swap machine then runs at 0.9.
    const roomy = build('article-2.6.32-i686.txt', 'auto', 0, { memAvailableBytes: 64 * GiB });
    expect(roomy.vm!.memBytes).toBeLessThanOrEqual(4 * GiB);
    expect(roomy.scale).toBeGreaterThan(auto.scale);
    const small = build('local-6.18-memcg-v1-two-procs.dmesg.txt', 'auto');
    expect(small.scale).toBe(1);
  });

  it('refuses a fixed scale whose VM does not fit, naming --scale', () => {
    expect(() => build('article-2.6.32-i686.txt', '1', 0, { memAvailableBytes: 4 * GiB })).toThrow(/^--scale: expected a scale at which VM memory fits/);
  });

  it('--write output carries the header and loads as a scenario unchanged', () => {
    const text = replayYaml(plan, { file: 'article.txt', event: 1 });
    expect(text.split('\n')[0]).toBe('# Generated by oomlab replay from article.txt, event 1, at scale 1/4.');
    expect(text).toContain('# Run it with: oomlab vm run FILE --mem 1120M --swap 988M');
    const loaded = parseScenarioText(text, 'replay.yaml');
    expect(loaded.participants.map((p) => p.name)).toEqual(['rest', 'test_mem1', 'test_mem-1', 'test_mem-2']);
    expect(loaded.global).toBe(true);
  });
});

describe('reports with a swap column and memory cgroups', () => {
  it('6.11 global (stress-ng): swapents read, not estimated; the oom_score_adj 1000 task grows', () => {
    const plan = build('stress-ng-6.11-global-meminfo.txt', '1/8');
    expect(plan.estimates).toEqual([]);
    expect(plan.tasks.map((t) => [t.participant, t.oomScoreAdj, t.role])).toEqual([
      ['rest', -1000, 'rest'],
      ['stress-ng-vm', 1000, 'grows'],
    ]);
    expect(plan.scenario.participants[1]!.oomScoreAdj).toBe(1000);
    expect(plan.vm!.swapBytes).toBe(0);
  });

  it('4.12 global without Mem-Info: the VM has no swap and says why; -900 and -1000 tasks fold into rest', () => {
    const plan = build('linux-mm-4.12-global-allocate.txt', '1/2');
    expect(plan.vm!.swapBytes).toBe(0);
    expect(plan.notes).toEqual(["the report has no `Total swap` line: the VM's swap is the table's swap"]);
    expect(plan.tasks.map((t) => [t.participant, t.role])).toEqual([['rest', 'rest'], ['allocate', 'grows']]);
    expect(plan.tasks[0]!.folded).toHaveLength(20);
  });

  it('a machine smaller than the 512 MiB floor (6.1, 255 MiB, no swap): a 512 MiB VM with a -1000 ballast first', () => {
    const plan = build('guest-global-oom-6.x.txt', '1');
    expect(plan.vm).toEqual({ memBytes: 512 * MiB, swapBytes: 0, cgroup: 'v2' });
    const ballast = plan.scenario.participants[0]!;
    expect(ballast).toMatchObject({ name: 'ballast', oomScoreAdj: -1000 });
    // Its size leaves the measured 512 MiB guest's room minus the tasks' resident memory.
    const userMiB = plan.tasks.filter((t) => t.role !== 'ballast').reduce((s, t) => s + t.rssKb, 0) / 1024;
    expect(hogTotal(ballast)).toBe(`${Math.floor(512 - guestBaselineBytes(512 * MiB) / MiB - userMiB)}M`);
    expect(plan.scenario.participants.map((p) => p.name)).toEqual(['ballast', 'rest', 'oomlab-hog-1', 'oomlab-hog-2']);
  });

  it('6.18 memcg v1, two python3 processes: the victim (15574) holds, the trigger (15573) grows, in a 64M cgroup', () => {
    const plan = build('local-6.18-memcg-v1-two-procs.dmesg.txt', '1');
    expect(plan.constraint).toBe('memcg');
    expect(plan.vm).toBeUndefined();
    expect(plan.scenario.cgroup).toEqual({ memory: '64M', swap: '0M' });
    expect(plan.tasks.map((t) => [t.participant, t.pid, t.role])).toEqual([
      ['python3-1', 15574, 'holds'],
      ['python3-2', 15573, 'grows'],
    ]);
    expect(hogTotal(plan.scenario.participants[0]!)).toBe(`${Math.round(44176 / 1024)}M`);
    expect(plan.scenario.expect).toEqual([{ participant: 'python3-1', outcome: 'oom-killed' }]);
  });

  it('4.15 Kubernetes pod: oom_score_adj 939 kept on every participant, memory+swap unlimited leaves swap unset', () => {
    const plan = build('k8s-blog-4.15-dmesg-T-kubepods.txt', '1');
    expect(plan.scenario.cgroup).toEqual({ memory: '123M' });
    expect(plan.scenario.participants.every((p) => p.oomScoreAdj === 939)).toBe(true);
    expect(plan.tasks.find((t) => t.pid === 32308)!.role).toBe('holds');
    expect(plan.tasks.find((t) => t.pid === 32332)!.role).toBe('grows');
  });

  it('a memcg event with --cgroup v2 runs in a VM', () => {
    const plan = build('guest-memcg-v2-6.x.txt', '1', 1, { cgroup: 'v2' });
    expect(plan.vm?.cgroup).toBe('v2');
    expect(plan.scenario.cgroup?.memory).toBe('32M');
  });

  it('--top bounds the participants and folds the rest', () => {
    const plan = build('article-2.6.32-i686.txt', '1/4', 0, { top: 1 });
    // The victim and the trigger are always kept, whatever --top says; the other test_mem joins the rest.
    expect(plan.tasks.map((t) => [t.participant, t.pid])).toEqual([['rest', undefined], ['test_mem1', 10020], ['test_mem', 10021]]);
    expect(plan.tasks[0]!.folded).toHaveLength(45);
  });
});

describe('names', () => {
  it('maps any comm onto the scenario name rule and numbers duplicates', () => {
    expect(sanitizeName('Web Content')).toBe('web_content');
    expect(sanitizeName('kworker/0:1')).toBe('kworker_0_1');
    expect(sanitizeName('(resolved)')).toBe('resolved');
    expect(sanitizeName('1234')).toBe('t_1234');
    expect(sanitizeName('\u001b[31mevil')).toBe('t_31mevil');
    expect(sanitizeName('tasks')).toBe('tasks_task');
    expect(sanitizeName('rest')).toBe('rest_task');
    expect(participantNames(['java', 'java', 'nginx', 'java'])).toEqual(['java-1', 'java-2', 'nginx', 'java-3']);
  });
});
