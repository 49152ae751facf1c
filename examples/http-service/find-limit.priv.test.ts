// The example's question, "what memory limit does this service need?", answered by the library:
// findLimit() runs the service and its load (scenario.yaml) for real at the values it bisects, and
// the answer is checked the way a team would: runs at the answer pass, runs one step below do not.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findLimit, runScenario } from 'oomlab';

const scenario = fileURLToPath(new URL('./scenario.yaml', import.meta.url));
const root = process.getuid?.() === 0;
const MiB = 1024 * 1024;
const RERUNS = 3;

describe.skipIf(!root)(`the smallest memory limit the example service holds in${root ? '' : ' (skipped: needs root for cgroups)'}`, () => {
  it(`is found between 32M and 512M; ${RERUNS} runs at it pass, and one step below at least one of 5 fails`, async () => {
    const doc = await findLimit(scenario, { search: 'memory=32M..512M', repeat: 2 });
    const s = doc.search;
    expect(s.status).toBe('found');
    expect(s.tries.length).toBeLessThanOrEqual(s.maxTries);
    const answer = s.answerBytes!;
    expect(answer).toBeGreaterThan(32 * MiB);
    expect(answer).toBeLessThan(512 * MiB);
    // The bisection's own evidence: the answer held (twice), one step below failed.
    expect(s.tries.find((t) => t.valueBytes === answer)?.verdict).toBe('holds');
    expect(s.tries.find((t) => t.valueBytes === answer - s.stepBytes)?.verdict).toBe('fails');
    // Reruns until `until` says stop, at most `max`: the verdicts.
    const at = async (bytes: number, max: number, until: (v: string) => boolean): Promise<string[]> => {
      const verdicts: string[] = [];
      while (verdicts.length < max && !verdicts.some(until)) verdicts.push((await runScenario(scenario, { overrides: { memory: bytes } })).verdict);
      return verdicts;
    };
    expect(await at(answer, RERUNS, () => false)).toEqual(Array(RERUNS).fill('pass'));
    // Near the edge a run's need varies a little (reclaim of the node binary's page cache races the
    // load); one step below fails often but not always, so up to 5 runs are made there.
    expect(await at(answer - s.stepBytes, 5, (v) => v === 'fail')).toContain('fail');
  }, 600_000);
});
