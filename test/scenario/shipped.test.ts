import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { planScenario } from '../../src/scenario/plan.js';

// Every scenario file shipped in scenarios/ (and every valid fixture) loads and plans on an ordinary
// 8 GiB machine, so a format change that breaks one is caught here rather than by a user.

const GiB = 1024 ** 3;
const HOST = { memTotal: 8 * GiB, memAvailable: 6 * GiB, swapTotal: 2 * GiB };

const ROOT = join(import.meta.dirname, '../..');

function scenarioFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((n) => /\.(ya?ml|json)$/.test(n) && !n.startsWith('bad-'))
    .map((n) => join(ROOT, dir, n));
}

describe('shipped scenarios', () => {
  const builtIn = scenarioFiles('scenarios');
  const fixtures = scenarioFiles('test/fixtures/scenarios');
  const files = [...builtIn, ...fixtures];

  it('has every built-in scenario and the valid fixtures to check', () => {
    expect(builtIn.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(expect.arrayContaining(['touched-oom.yaml', 'contention-three.yaml', 'contention-three-global.yaml']));
    expect(builtIn.length).toBeGreaterThanOrEqual(11);
    expect(fixtures.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s loads and plans', async (file) => {
    const s = await loadScenario(file);
    const plan = planScenario(s, { host: HOST, inVm: s.global });
    expect(plan.instances.length).toBeGreaterThan(0);
  });
});
