import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { planScenario } from '../../src/scenario/plan.js';

// Every scenario file shipped in scenarios/ (and every valid fixture) loads and plans on an ordinary
// 8 GiB machine, so a format change that breaks one is caught here rather than by a user.

const GiB = 1024 ** 3;
const HOST = { memTotal: 8 * GiB, memAvailable: 6 * GiB, swapTotal: 2 * GiB };

async function scenarioFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /\.(ya?ml|json)$/.test(n) && !n.startsWith('bad-')).map((n) => join(dir, n));
}

describe('shipped scenarios', async () => {
  const files = [...(await scenarioFiles('scenarios')), ...(await scenarioFiles('test/fixtures/scenarios'))];
  it.each(files)('%s loads and plans', async (file) => {
    const s = await loadScenario(file);
    const plan = planScenario(s, { host: HOST, inVm: s.global });
    expect(plan.instances.length).toBeGreaterThan(0);
  });
});
