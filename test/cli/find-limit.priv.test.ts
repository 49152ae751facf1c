import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliCgroupDir, oomlab, startOomlab } from '../helpers/cli.js';
import { cgroupSkipReason, leftoverRunCgroups, runParentDir } from '../helpers/cgroups.js';
import { markedProcesses } from '../helpers/run-leftovers.js';
import { needs } from '../helpers/skips.js';

const skip = cgroupSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'oomlab-find-limit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run groups a CLI child (by pid) made: named with its pid, where it makes them (v2) or under the worker's (v1). */
const groupsOf = (pid: number): string[] => {
  const d = cliCgroupDir(pid) ?? runParentDir();
  return existsSync(d) ? leftoverRunCgroups(d, pid) : [];
};
const scenario = join(dir, 'small.yaml');
writeFileSync(
  scenario,
  `name: small
cgroup: { memory: 64M, swap: 0 }
groups:
  app: { memory: 48M, swap: 0 }
participants:
  - name: hog
    group: app
    hog: { total: 16M, touch: memset, interval: 0, hold: 100ms }
run: { duration: 20s, until: all-exited, sample: 20ms }
expect:
  - participant: hog
    outcome: completed
`,
);

// Each bad input: exit 2, one line naming the flag, nothing created (no cgroup, no process, no file).
const cases: Array<[name: string, args: string[], line: string]> = [
  ['an inverted range', ['--find-limit', 'memory=512M..32M'], 'oomlab: --find-limit: expected a range LOW..HIGH with LOW below HIGH, got "memory=512M..32M"'],
  ['LOW equal to HIGH', ['--find-limit', 'memory=32M..32M'], 'oomlab: --find-limit: expected a range LOW..HIGH with LOW below HIGH, got "memory=32M..32M"'],
  ['LOW above the scenario\'s limit', ['--find-limit', 'memory=128M..'], "oomlab: --find-limit: expected LOW below HIGH (HIGH is scenario small's memory limit), got 128 MiB..64.0 MiB"],
  ['an absurd range', ['--find-limit', 'memory=32M..900G'], 'oomlab: --find-limit: expected a range at most 90% of MemAvailable ('],
  ['an unknown key', ['--find-limit', 'cpu=1..2'], 'oomlab: --find-limit: expected the key memory or swap'],
  ['a non-size', ['--find-limit', 'memory=32M..lots'], 'oomlab: --find-limit: expected a size such as 4096, 512K, 1M, 2G or 1GiB (binary units), got "lots"'],
  ['a group that does not exist', ['--find-limit', 'memory', '--group', 'db'], 'oomlab: --group: expected one of the scenario\'s groups app, got "db"'],
  ['a bad step', ['--find-limit', 'memory', '--step', '4X'], 'oomlab: --step: expected a size such as 4096, 512K, 1M, 2G or 1GiB (binary units), got "4X"'],
  ['a bad repeat', ['--find-limit', 'memory', '--repeat', '-1'], 'oomlab: --repeat: expected a whole number from 1 to 100, got "-1"'],
  ['--step without --find-limit', ['--step', '4M'], 'oomlab: --step: expected to be used with --find-limit, got "4M"'],
  ['with --matrix', ['--find-limit', 'memory', '--matrix', 'memory=32M,64M'], 'oomlab: --find-limit: expected no --matrix with it (a search picks the values itself), got "memory=32M,64M"'],
];

describe.skipIf(skip)(needs(skip, 'oomlab run --find-limit refuses bad input: exit 2, one line, nothing created'), () => {
  it.each(cases)('%s', async (_name, args, line) => {
    const json = join(dir, `out-${_name.replace(/\W+/g, '-')}.json`);
    const child = startOomlab(['run', scenario, ...args, '--json', json]);
    const r = await child;
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    const lines = String(r.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(line)).toBe(true);
    expect(groupsOf(child.pid!)).toEqual([]);
    expect(markedProcesses(child.pid!)).toEqual([]);
    expect(existsSync(json)).toBe(false);
  });

  it('a search of a group\'s limit prints its plan, each try and the answer, and writes its JSON', async () => {
    const json = join(dir, 'search.json');
    const r = await oomlab(['run', scenario, '--find-limit', 'memory=8M..', '--group', 'app', '--step', '8M', '--json', json], { timeout: 240_000 });
    expect(r.exitCode).toBe(0);
    const out = String(r.stdout).split('\n').filter(Boolean);
    expect(out[0]).toBe("searching the smallest memory limit of group app of small that holds: 8.00 MiB..48.0 MiB in steps of 8.00 MiB, one run per value, at most 5 tries");
    expect(out.slice(1, -1).every((l) => /^try \d\/5: +\S+ MiB (holds|fails: hog oom-killed) \(1 run, \d+\.\ds\)$/.test(l))).toBe(true);
    expect(out.at(-1)).toMatch(/^smallest memory limit that holds: (16\.0|24\.0) MiB \((8\.00|16\.0) MiB failed: hog oom-killed\)$/);
    const { parseSearchDocument } = await import('../../src/limit/document.js');
    const { readFileSync } = await import('node:fs');
    const doc = parseSearchDocument(readFileSync(json), json);
    expect(doc.search).toMatchObject({ key: 'memory', group: 'app', lowBytes: 8 * 2 ** 20, highBytes: 48 * 2 ** 20, status: 'found' });
  }, 300_000);
});
