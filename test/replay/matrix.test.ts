import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKernelLog } from '../../src/kernel-log/index.js';
import { buildReplay } from '../../src/replay/build-scenario.js';
import { variantPlan } from '../../src/replay/matrix.js';
import { parseScale } from '../../src/replay/scale.js';
import { planScenario, validateScenario } from '../../src/scenario/index.js';

// Issue 12, item 3: `--matrix` on a replay. Values are in the report's terms and scaled; the new
// `oomScoreAdj.NAME` key of the matrix key table works on plain scenarios too (the plan applies it).

const F = 'test/fixtures/kernel-logs/';
const GiB = 2 ** 30;
const MiB = 2 ** 20;
const plan = (file: string, scale: string) => buildReplay(parseKernelLog(readFileSync(F + file, 'utf8'))[0]!, { scale: parseScale(scale), memAvailableBytes: 20 * GiB });

describe('--matrix on a replay', () => {
  const article = plan('article-2.6.32-i686.txt', '1/4');

  it('swap=0,8G sets the VM swap to the value x scale; the plan itself is left alone', () => {
    expect(variantPlan(article, { key: 'swap', values: [] }, '0').vm!.swapBytes).toBe(0);
    expect(variantPlan(article, { key: 'swap', values: [] }, '8G').vm!.swapBytes).toBe(2 * GiB);
    expect(article.vm!.swapBytes).toBe(988 * MiB);
  });

  it('oomScoreAdj.test_mem1=-500 changes that participant only, and the variant is a valid scenario', () => {
    const v = variantPlan(article, { key: 'oomScoreAdj.test_mem1', values: [] }, '-500');
    expect(v.scenario.participants.map((p) => p.oomScoreAdj)).toEqual([undefined, -500, undefined, undefined]);
    expect(article.scenario.participants[1]!.oomScoreAdj).toBeUndefined();
    expect(() => validateScenario(v.scenario)).not.toThrow();
  });

  it('refuses an unknown participant, a bad adj, and memory on a global replay, naming the flag', () => {
    expect(() => variantPlan(article, { key: 'oomScoreAdj.nginx', values: [] }, '0')).toThrow(/^--matrix oomScoreAdj.nginx: expected a participant of the replay \(rest, test_mem1, test_mem-1, test_mem-2\)/);
    expect(() => variantPlan(article, { key: 'oomScoreAdj.test_mem1', values: [] }, '2000')).toThrow(/from -1000 to 1000/);
    expect(() => variantPlan(article, { key: 'memory', values: [] }, '8G')).toThrow(/^--matrix memory: expected swap or oomScoreAdj/);
  });

  it('memory=128M on a memcg replay sets the cgroup limit', () => {
    const k8s = plan('k8s-blog-4.15-dmesg-T-kubepods.txt', '1');
    expect(variantPlan(k8s, { key: 'memory', values: [] }, '128M').scenario.cgroup).toEqual({ memory: '128M' });
  });
});

describe('the oomScoreAdj matrix key on a plain scenario', () => {
  const scenario = validateScenario({ name: 's', cgroup: { memory: '64M' }, participants: [{ name: 'a', hog: { total: '1M' } }, { name: 'b', hog: { total: '1M' }, oomScoreAdj: 100 }] });
  const host = { memTotal: 8 * GiB, memAvailable: 4 * GiB, swapTotal: 0 };

  it('replaces that participant\'s oom_score_adj in the plan', () => {
    const p = planScenario(scenario, { host, overrides: { oomScoreAdj: { participant: 'b', value: '-500' } } });
    expect(p.instances.map((i) => i.oomScoreAdj)).toEqual([undefined, -500]);
  });

  it('names the flag for a participant that does not exist', () => {
    expect(() => planScenario(scenario, { host, overrides: { oomScoreAdj: { participant: 'zz', value: '1' } } })).toThrow(/--matrix oomScoreAdj.zz: expected a participant of the scenario \(a, b\)/);
  });
});
