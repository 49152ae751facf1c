import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCgroupRoot } from '../../src/cgroup/index.js';
import { runScenarioFile, SCENARIO_DIR } from '../../src/run/run-scenario.js';
import { leftoverRunCgroups } from '../helpers/leftovers.js';
import { memcgV1SkipReason } from '../helpers/privileges.js';
import { addTestSwap, removeAllTestSwaps, swapSkipReason } from '../helpers/swapfile.js';

const MiB = 1024 ** 2;
const names = readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -5))
  .sort();
const NEEDS_V2 = new Set(['memory-high-throttle']);
// `global: true` scenarios have no cgroup limit: they run only in a VM (test/vm/article-global.priv.test.ts).
const NEEDS_VM = new Set(['contention-three-global']);
const skip = memcgV1SkipReason() ?? (await swapSkipReason());
const version = skip ? undefined : openCgroupRoot().version;

// Every built-in scenario runs for real and passes its own expect: block. A swapfile (1 GiB) is on
// for the whole file, since several scenarios let their cgroup swap; it is removed afterwards.
describe.skipIf(skip)(`the built-in scenarios pass on this machine${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    await addTestSwap(1024 * MiB);
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
    const why = vmOnly ? ' (skipped: global, runs only in a VM; see test/vm)' : v2Only ? ' (skipped: needs cgroup v2; it runs in the VM tests)' : '';
    it.skipIf(v2Only || vmOnly)(`${name}${why}`, async () => {
      const r = await runScenarioFile(name);
      const failed = r.assertions.filter((a) => !a.passed).map((a) => `${a.description}: expected ${a.expected}, got ${a.actual}`);
      expect(failed).toEqual([]);
      expect(r.verdict).toBe('pass');
      expect(r.assertions.length).toBeGreaterThan(0);
    });
  }

  it.skipIf(version !== 1)('memory-high-throttle is refused on cgroup v1 with a reason (exit 3)', async () => {
    await expect(runScenarioFile('memory-high-throttle')).rejects.toThrow(/needs cgroup v2/);
  });
});
