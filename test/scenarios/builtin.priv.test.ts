import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runScenarioFile, SCENARIO_DIR } from '../../src/run/run-scenario.js';
import { cgroupSkipReason, hierarchy, leftoverRunCgroups } from '../helpers/cgroups.js';
import { checkedResult } from '../helpers/scenario.js';
import { byDesign, needs } from '../helpers/skips.js';
import { addTestSwap, removeAllTestSwaps, swapSkipReason } from '../helpers/swapfile.js';

const MiB = 1024 ** 2;
const names = readdirSync(join(import.meta.dirname, '../../scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -5))
  .sort();
const NEEDS_V2 = new Set(['memory-high-throttle']);
// `global: true` scenarios have no cgroup limit: they run only in a VM (test/vm/run-scenarios.priv.test.ts).
const NEEDS_VM = new Set(['contention-three-global']);
const skip = cgroupSkipReason();
const version = skip ? undefined : hierarchy().version;
const swapSkip = await swapSkipReason();
/** Whether a scenario lets a cgroup swap, read from its YAML by the test itself. */
const swaps = (name: string): boolean => {
  const doc = parse(readFileSync(join(SCENARIO_DIR, `${name}.yaml`), 'utf8')) as { cgroup?: { swap?: unknown }; groups?: Record<string, { swap?: unknown }> };
  return [doc.cgroup, ...Object.values(doc.groups ?? {})].some((c) => c?.swap !== undefined && c.swap !== 0 && c.swap !== '0');
};

// Every built-in scenario runs for real and passes its own expect: block. A swapfile (1 GiB) is on
// for the whole file when the machine can add one; scenarios that swap need it, the others run anyway.
describe.skipIf(skip)(needs(skip, 'the built-in scenarios pass on this machine'), () => {
  beforeAll(async () => {
    if (!swapSkip) await addTestSwap(1024 * MiB);
  });
  afterAll(async () => {
    await removeAllTestSwaps();
    expect(leftoverRunCgroups()).toEqual([]);
  });

  it('there are built-in scenarios for each part of the article', () => {
    expect(names).toEqual(expect.arrayContaining(['virtual-only', 'virtual-only-32bit', 'touched-oom', 'swap-absorbs', 'contention-two', 'contention-three', 'protected-service', 'memory-high-throttle', 'crash-loop']));
  });

  for (const name of names) {
    const v2Only = NEEDS_V2.has(name) && version !== 2;
    const vmOnly = NEEDS_VM.has(name);
    const noSwap = swaps(name) && swapSkip !== undefined;
    const title = noSwap
      ? needs(swapSkip, name)
      : byDesign(vmOnly || v2Only, name, vmOnly ? 'global: runs alone in a VM of its own, test/vm/run-scenarios' : 'cgroup v2 only; it runs in the v2 VM');
    it.skipIf(v2Only || vmOnly || noSwap)(title, async () => {
      const r = checkedResult(await runScenarioFile(name));
      const failed = r.assertions.filter((a) => !a.passed).map((a) => `${a.description}: expected ${a.expected}, got ${a.actual}`);
      expect(failed).toEqual([]);
      expect(r.verdict).toBe('pass');
      expect(r.assertions.length).toBeGreaterThan(0);
      // A hog's kill reads as the article's did: the kernel names the participant (its first 15 bytes).
      for (const e of r.oomEvents.filter((k) => r.participants.some((p) => p.name === k.participant && p.kind === 'hog'))) {
        expect(e.victimName).toBe(e.participant!.slice(0, 15));
        expect(e.report.some((l) => l.includes(`(${e.participant!.slice(0, 15)})`))).toBe(true);
      }
    });
  }

  it.skipIf(version !== 1)(byDesign(version !== 1, 'memory-high-throttle is refused on cgroup v1 with a reason (exit 3)', 'v1 only'), async () => {
    await expect(runScenarioFile('memory-high-throttle')).rejects.toThrow(/needs cgroup v2/);
  });
});
