import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { loadLab, parseLabText } from '../../src/lab/lab-file.js';
import { labFromMatrix } from '../../src/lab/lab-matrix.js';
import { PACKAGE_ROOT } from '../../src/native/build-paths.js';

// Lab files (`oomlab lab`): the built-in one, a matrix one, and the mistakes a user makes in one.

const parse = (text: string) => parseLabText(text, '/labs/x.yaml');

describe('lab files', () => {
  it('reads the built-in article lab: four machines over a base, its questions', async () => {
    const lab = await loadLab(join(PACKAGE_ROOT, 'labs', 'article-swap.yaml'));
    expect(lab.scenario).toBe(join(PACKAGE_ROOT, 'labs', 'scenarios', 'article-crawl.yaml'));
    expect(lab.base).toEqual({ memBytes: 512 * 2 ** 20, swapBytes: 256 * 2 ** 20 });
    expect(lab.runs.map((r) => [r.label, r.machine])).toEqual([
      ['disk-swap', { swapKind: 'disk' }],
      ['zram', { swapKind: 'zram' }],
      ['no-swap', { swapKind: 'none' }],
      ['overcommit-2', { swapKind: 'none', sysctl: { overcommit_memory: 2 } }],
    ]);
    expect(lab.questions.find((q) => q.question.includes('overcommit 2'))).toEqual({ question: expect.stringContaining('overcommit 2'), participant: 'test_mem', outcome: 'malloc-failed', max: { oomKills: 0 } });
    expect(lab.questions[0]).toEqual({ question: expect.stringContaining('probe p99'), participant: 'service', outcome: 'survived', max: { probeP99: 50 }, best: 'probeP99' });
  });
  it('takes a matrix as --matrix does, bounds in their units', () => {
    const lab = parse('name: m\nscenario: touched-oom\nmatrix: { swapKind: [disk, zram], vm.swappiness: [10, 100] }\nexpect:\n  - { question: q, max: { probeP99: 50ms, psiFull: 2s, peakSwap: 64M }, best: probeP99 }\n');
    expect(lab.scenario).toBe('touched-oom');
    expect(lab.runs.map((r) => r.label)).toEqual(['swapKind=disk vm.swappiness=10', 'swapKind=disk vm.swappiness=100', 'swapKind=zram vm.swappiness=10', 'swapKind=zram vm.swappiness=100']);
    expect(lab.questions[0]!.max).toEqual({ probeP99: 50, psiFull: 2_000_000, peakSwap: 64 * 2 ** 20 });
    expect(labFromMatrix('touched-oom', ['swapKind=disk,zram', 'vm.swappiness=10,100'], {}, false).runs.map((r) => r.label)).toEqual(lab.runs.map((r) => r.label));
  });
  it('refuses mistakes in one line naming the file and the field', () => {
    const cases: Array<[string, RegExp]> = [
      ['name: a\nscenario: s\n', /^\/labs\/x\.yaml: compare: expected either compare:/],
      ['name: a\nscenario: s\ncompare: [{ name: x, swapKind: tape }]\n', /compare\.0\.swapKind: expected disk, zram, zswap or none, got "tape"/],
      ['name: a\nscenario: s\ncompare: [{ name: x, sysctl: { vm.dirty_bytes: 1 } }]\n', /compare\.0\.sysctl\.vm\.dirty_bytes: expected a vm\.\* sysctl/],
      ['name: a\nscenario: s\nmatrix: { vm.swappiness: [1,2,3,4,5], vm.page-cluster: [0,1,2,3,4] }\n', /--matrix: expected at most 16 runs .* got 5 x 5 = 25 runs/],
      ['name: a\nscenario: s\ncompare: [{ name: x }]\nexpect: [{ question: q, max: { probeP99: fast } }]\n', /expect\.0\.max\.probeP99: expected a duration/],
      ['name: a\nscenario: s\ncompare: [{ name: x }]\nexpect: [{ question: q, best: speed }]\n', /^\/labs\/x\.yaml: expect\.0\.best: /],
      ['name: a\nscenario: s\ncompare: [{ name: x }]\nextra: 1\n', /^\/labs\/x\.yaml: lab: /],
    ];
    for (const [text, re] of cases) {
      let err: unknown;
      try {
        parse(text);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(InputError);
      expect((err as Error).message, text).toMatch(re);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
