import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, oomlab } from '../helpers/cli.js';
import { memcgV1SkipReason, ownMemcgV1Dir } from '../helpers/privileges.js';

const skip = memcgV1SkipReason();
const dir = mkdtempSync(join(tmpdir(), 'oomlab-run-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oomlabGroups = (): string[] => readdirSync(ownMemcgV1Dir()!).filter((n) => n.startsWith('oomlab-'));
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

// The malformed-scenario table: each is refused before anything is created (exit 2, one line).
const malformed: Array<[string, string, RegExp]> = [
  ['bad YAML', 'name: [unclosed\n', /^oomlab: .*\.yaml:\d+: YAML: expected valid YAML or JSON/],
  ['a tab in indentation', 'name: x\n\tcgroup: {}\n', /\.yaml:2: YAML: expected valid YAML or JSON, got Tabs are not allowed/],
  ['unknown top-level key', `${valid()}colour: red\n`, /:\d+: colour: /],
  ['unknown key in a hog', valid().replace('hold: 100ms', 'hold: 100ms, speed: 9'), /participants\[0\]\.hog\.speed/],
  ['unknown key in cgroup', valid().replace('memory: 64M', 'memory: 64M, memroy: 1G'), /cgroup\.memroy/],
  ['negative size', valid().replace('total: 16M', 'total: -16M'), /participants\[0\]\.hog\.total: expected a size/],
  ['absurd size', valid().replace('total: 16M', 'total: 9000T'), /participants\[0\]\.hog\.total/],
  ['bad unit', valid().replace('memory: 64M', 'memory: 64Q'), /cgroup\.memory: expected/],
  ['duration without unit', valid().replace('hold: 100ms', 'hold: 100'), /participants\[0\]\.hog\.hold: expected a duration/],
  ['touch fraction above 1', valid().replace('touch: memset', 'touch: 1.5'), /participants\[0\]\.hog\.touch/],
  ['unknown participant in startAfter', `${valid()}    startAfter: { participant: ghost, exited: true }\n`, /startAfter.*ghost|ghost/],
  ['unknown participant in expect', `${valid()}expect:\n  - participant: ghost\n    outcome: survived\n`, /expect\[0\]/],
  ['unknown group', `${valid()}    group: nowhere\n`, /participants\[0\]\.group/],
  ['cycle in startAfter', `name: cyc
cgroup: { memory: 64M }
participants:
  - name: a
    hog: { total: 1M }
    startAfter: { participant: b, exited: true }
  - name: b
    hog: { total: 1M }
    startAfter: { participant: a, exited: true }
`, /cycle/],
  ['path trick in a participant name', valid().replace('name: hog', 'name: ../x'), /participants\[0\]\.name/],
  ['slash in a group name', `${valid()}groups:\n  a/b: { memory: 16M }\n`, /groups/],
  ['path trick in the scenario name', valid().replace('name: ok', 'name: ../../etc'), /name: expected/],
  ['duplicate participant names', `${valid()}  - name: hog\n    hog: { total: 1M }\n`, /participants\[1\]\.name/],
  ['count of zero', `${valid()}    count: 0\n`, /participants\[0\]\.count/],
  ['hog and command in one participant', `${valid()}    command: { argv: [true] }\n`, /participants\[0\]/],
  ['unknown until', `${valid()}run: { until: forever }\n`, /run\.until/],
  ['global outside a VM', 'name: g\nglobal: true\nparticipants:\n  - name: hog\n    hog: { total: 1M }\n', /global/],
  ['unbounded memory', 'name: u\nparticipants:\n  - name: hog\n    hog: { total: 1M }\n', /cgroup\.memory|bounded|limit/],
  ['limit above 90% of MemAvailable', valid().replace('memory: 64M', 'memory: 1T'), /cgroup\.memory.*90%/],
];

describe('oomlab run refuses malformed scenarios: exit 2, one line, nothing created', () => {
  it.each(malformed)('%s', async (name, text, message) => {
    const file = write(`${name.replace(/\W+/g, '-')}.yaml`, text);
    const before = skip ? [] : oomlabGroups();
    const r = await oomlab(['run', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    const lines = String(r.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oomlab: /);
    expect(lines[0]).toMatch(message);
    if (!skip) expect(oomlabGroups()).toEqual(before);
  });

  it('a missing scenario file and an unknown built-in name are exit 2 too', async () => {
    const r = await oomlab(['run', join(dir, 'no-such.yaml')]);
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr).trim().split('\n')).toHaveLength(1);
  });
});

describe.skipIf(skip)(`the harness interrupted mid-run${skip ? ` (skipped: ${skip})` : ''}`, () => {
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
  const hogPids = (): number[] =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'oomlab-hog' && readFileSync(`/proc/${p}/cgroup`, 'utf8').includes(`-p`);
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
    const before = oomlabGroups();
    const child = execa('node', [CLI, 'run', holding()], { reject: false });
    await waitFor(() => oomlabGroups().length > before.length && hogPids().length >= 2);
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toMatch(/^hog-1\s+(completed|timed-out)\s/m);
    expect(r.stdout).toMatch(/^verdict: /m);
    expect(oomlabGroups()).toEqual(before);
    expect(hogPids()).toEqual([]);
  });

  it('after SIGKILL its hogs die with it (PDEATHSIG), and `oomlab cleanup` removes the cgroup it left', async () => {
    const before = oomlabGroups();
    const child = execa('node', [CLI, 'run', holding()], { reject: false });
    await waitFor(() => oomlabGroups().length > before.length && hogPids().length >= 2);
    const left = oomlabGroups().filter((g) => !before.includes(g));
    child.kill('SIGKILL');
    await child;
    await waitFor(() => hogPids().length === 0);
    expect(oomlabGroups()).toEqual(expect.arrayContaining(left));
    const cleanup = await oomlab(['cleanup']);
    expect(cleanup.exitCode).toBe(0);
    for (const g of left) expect(cleanup.stdout).toContain(`removed ${join(ownMemcgV1Dir()!, g)}`);
    expect(oomlabGroups()).toEqual(before);
  });
});
