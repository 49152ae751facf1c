import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliCgroupDir, oomlab, startOomlab } from '../helpers/cli.js';
import { cgroupSkipReason, ownCgroupDir, runParentDir } from '../helpers/cgroups.js';
import { byDesign, needs } from '../helpers/skips.js';
import { exeOf } from '../helpers/run-leftovers.js';

const skip = cgroupSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'oomlab-run-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The oomlab groups where a CLI child started by pid would make its run groups, or the worker's (v1). */
const groupsDir = (pid?: number): string => (pid !== undefined ? cliCgroupDir(pid) : undefined) ?? runParentDir();
const oomlabGroups = (pid?: number): string[] => {
  const d = groupsDir(pid);
  return existsSync(d) ? readdirSync(d).filter((n) => n.startsWith('oomlab-') && !n.startsWith('oomlab-harness-')) : [];
};
/** Every cgroup under the place a CLI child (by pid) makes its run groups, and under the worker's. */
const madeBy = (pid: number): string[] => {
  const d = groupsDir(pid);
  return existsSync(d) ? readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
};
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const valid = (extra = ''): string => `name: ok
cgroup: { memory: 64M }
participants:
  - name: hog
    hog: { total: 16M, touch: memset, interval: 0, hold: 100ms }
${extra}`;

// The malformed-scenario table: each is refused before anything is created (exit 2, one line). Each
// message is matched whole from its start, `oomlab: <file>:<line>: <field>: expected <what>`, so a
// word that also occurs in the file's name (every case's file is named after the case) proves nothing.
type Case = [name: string, text: string, line: number, field: string, expected: string];
const malformed: Case[] = [
  ['bad YAML', 'name: [unclosed\n', 2, 'YAML', 'valid YAML or JSON, got Flow sequence in block collection'],
  ['a tab in indentation', 'name: x\n\tcgroup: {}\n', 2, 'YAML', 'valid YAML or JSON, got Tabs are not allowed as indentation'],
  ['unknown top-level key', `${valid()}colour: red\n`, 6, 'colour', 'one of the known keys name, description, global, cgroup, groups, participants, run, expect, vm, got unknown key "colour"'],
  ['unknown key in a hog', valid().replace('hold: 100ms', 'hold: 100ms, speed: 9'), 5, 'participants[0].hog.speed', 'one of the known keys block, total, count'],
  ['unknown key in cgroup', valid().replace('memory: 64M', 'memory: 64M, memroy: 1G'), 2, 'cgroup.memroy', 'one of the known keys memory, high, swap'],
  ['negative size', valid().replace('total: 16M', 'total: -16M'), 5, 'participants[0].hog.total', 'a size such as 4096, 512K, 1M, 2G or 1GiB (binary units), got "-16M"'],
  ['absurd size', valid().replace('total: 16M', 'total: 9000T'), 5, 'participants[0].hog.total', 'a size such as 4096, 512K, 1M, 2G or 1GiB (binary units), at most 1P, got "9000T"'],
  ['bad unit', valid().replace('memory: 64M', 'memory: 64Q'), 2, 'cgroup.memory', 'a size such as 4096, 512K, 1M, 2G or 1GiB (binary units), or a share of MemAvailable such as 25%, got "64Q"'],
  ['duration without unit', valid().replace('hold: 100ms', 'hold: 100'), 5, 'participants[0].hog.hold', 'a duration such as 200us, 50ms, 5s or 2m (a unit is required), got 100'],
  ['touch fraction above 1', valid().replace('touch: memset', 'touch: 1.5'), 5, 'participants[0].hog.touch', 'none, memset, pages, or a fraction from 0 to 1 such as 0.5, got 1.5'],
  ['unknown participant in startAfter', `${valid()}    startAfter: { participant: ghost, exited: true }\n`, 6, 'participants[0].startAfter.participant', 'one of the participants hog, got "ghost"'],
  ['unknown participant in expect', `${valid()}expect:\n  - participant: ghost\n    outcome: survived\n`, 7, 'expect[0].participant', 'one of the participants hog, got "ghost"'],
  ['unknown group', `${valid()}    group: nowhere\n`, 6, 'participants[0].group', 'a defined group (none are defined), got "nowhere"'],
  ['cycle in startAfter', `name: cyc
cgroup: { memory: 64M }
participants:
  - name: a
    hog: { total: 1M }
    startAfter: { participant: b, exited: true }
  - name: b
    hog: { total: 1M }
    startAfter: { participant: a, exited: true }
`, 9, 'participants[1].startAfter.participant', 'startAfter without a cycle, got a -> b -> a'],
  ['path trick in a participant name', valid().replace('name: hog', 'name: ../x'), 4, 'participants[0].name', 'a name of lower-case letters, digits, - and _, starting with a letter, at most 48 characters, got "../x"'],
  ['slash in a group name', `${valid()}groups:\n  a/b: { memory: 16M }\n`, 7, 'groups["a/b"]', 'a name of lower-case letters, digits, - and _, starting with a letter, at most 48 characters, got "a/b"'],
  ['path trick in the scenario name', valid().replace('name: ok', 'name: ../../etc'), 1, 'name', 'a name of lower-case letters, digits, - and _, starting with a letter, at most 48 characters, got "../../etc"'],
  ['duplicate participant names', `${valid()}  - name: hog\n    hog: { total: 1M }\n`, 6, 'participants[1].name', 'a name not used by another participant or its copies (name-1..name-N), got "hog"'],
  ['count of zero', `${valid()}    count: 0\n`, 6, 'participants[0].count', 'a whole number from 1 to 1000, got 0'],
  ['hog and command in one participant', `${valid()}    command: { argv: ["true"] }\n`, 4, 'participants[0]', 'exactly one of hog, command, node, probe, got hog and command'],
  ['unknown until', `${valid()}run: { until: forever }\n`, 6, 'run.until', 'one of all-exited, first-oom-kill, duration, got "forever"'],
  ['unbounded memory', 'name: u\nparticipants:\n  - name: hog\n    hog: { total: 1M }\n', 3, 'participants[0]', 'memory bounded by a cgroup limit (set cgroup.memory, or pass --allow-unbounded), got hog unbounded'],
  ['limit above 90% of MemAvailable', valid().replace('memory: 64M', 'memory: 1T'), 2, 'cgroup.memory', 'a limit at most 90% of MemAvailable ('],
];
const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Inside a VM `global: true` is allowed: there it is no mistake (test/vm runs it).
const inVm = process.env.OOMLAB_IN_VM === '1';

describe.skipIf(skip)(needs(skip, 'oomlab run refuses malformed scenarios: exit 2, one line, nothing created'), () => {
  it('has cases', () => {
    expect(malformed.length).toBe(23);
  });

  it.each(malformed)('%s', async (name, text, line, field, expected) => {
    const file = write(`${name.replace(/\W+/g, '-')}.yaml`, text);
    const before = oomlabGroups();
    const child = startOomlab(['run', file]);
    const r = await child;
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    const lines = String(r.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^oomlab: ${escapeRe(file)}:${line}: ${escapeRe(field)}: expected ${escapeRe(expected)}`));
    expect(oomlabGroups()).toEqual(before);
    expect(madeBy(child.pid!).filter((n) => !before.includes(n))).toEqual([]);
  });

  it.skipIf(inVm)(byDesign(inVm, 'global: true outside a VM', 'inside a VM global is allowed'), async () => {
    const file = write('global-outside-a-VM.yaml', 'name: g\nglobal: true\nparticipants:\n  - name: hog\n    hog: { total: 1M }\n');
    const r = await oomlab(['run', file]);
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr)).toBe(`oomlab: ${file}:2: global: expected global: true only inside a VM (it lets the whole machine run out of memory), got true on a host that is not a VM`);
  });

  it('a missing scenario file and an unknown built-in name are exit 2 too', async () => {
    const missing = join(dir, 'no-such.yaml');
    const r = await oomlab(['run', missing]);
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr)).toBe(`oomlab: ${missing}: scenario file: expected a readable scenario file, got no such file`);
    const unknown = await oomlab(['run', 'no-such-scenario']);
    expect(unknown.exitCode).toBe(2);
    expect(String(unknown.stderr)).toBe('oomlab: scenario: expected a built-in scenario name (see oomlab list) or a file path (containing a / or ending in .yaml, .yml or .json), got "no-such-scenario"');
  });
});

describe.skipIf(skip)(needs(skip, 'the harness interrupted mid-run'), () => {
  const holding = (): string =>
    write(
      'holding.yaml',
      `name: holding
cgroup: { memory: 128M }
participants:
  - name: hog
    hog: { total: 32M, touch: memset, interval: 0 }
    count: 2
run: { duration: 60s, until: duration, sample: 20ms }
`,
    );
  /** The oomlab-hog processes in run groups under `dir`. Not the harness's own leaf (v2: oomlab-harness-...),
   *  where its fork server (an oomlab-hog too, but no participant) lives beside it. */
  const hogsUnder = (dir: string): number[] =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          const group = ownCgroupDir(Number(p));
          return exeOf(Number(p))?.endsWith('/oomlab-hog') === true && group.startsWith(`${dir}/oomlab-`) && !group.startsWith(`${dir}/oomlab-harness-`);
        } catch {
          return false;
        }
      })
      .map(Number);
  const waitFor = async (cond: () => boolean, ms = 10_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('after SIGINT it stops the participants, removes its cgroups, and prints a summary', async () => {
    const child = startOomlab(['run', holding()]);
    const before = oomlabGroups(child.pid);
    const where = groupsDir(child.pid);
    await waitFor(() => oomlabGroups(child.pid).length > before.length && hogsUnder(where).length === 2);
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toMatch(/^hog-1\s+(completed|timed-out)\s/m);
    expect(r.stdout).toMatch(/^hog-2\s+(completed|timed-out)\s/m);
    expect(r.stdout).toMatch(/^verdict: pass$/m);
    expect(oomlabGroups(child.pid)).toEqual(before);
    expect(hogsUnder(where)).toEqual([]);
  });

  it('after SIGKILL its hogs die with it (PDEATHSIG), and `oomlab cleanup` removes the cgroup it left', async () => {
    const child = startOomlab(['run', holding()]);
    const before = oomlabGroups(child.pid);
    const where = groupsDir(child.pid);
    await waitFor(() => oomlabGroups(child.pid).length > before.length && hogsUnder(where).length === 2);
    const left = oomlabGroups(child.pid).filter((g) => !before.includes(g));
    expect(left).toHaveLength(1);
    child.kill('SIGKILL');
    await child;
    await waitFor(() => hogsUnder(where).length === 0);
    expect(oomlabGroups(child.pid)).toEqual(expect.arrayContaining(left));
    // v1: the killed harness's groups are under the worker's own memory cgroup, where cleanup looks; v2:
    // under the CLI child's own cgroup, which cleanup is told, as a user would pass a delegated parent.
    const cleanup = await oomlab(cliCgroupDir(child.pid!) ? ['cleanup', '--cgroup-parent', where] : ['cleanup']);
    expect(cleanup.exitCode).toBe(0);
    expect(String(cleanup.stdout).split('\n')).toContain(`removed ${join(where, left[0]!)}`);
    expect(oomlabGroups(child.pid)).toEqual(before);
  });
});
