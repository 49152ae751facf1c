import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oomlab } from '../helpers/cli.js';
import { vmSkipReason } from '../helpers/vm.js';

// Issue 12: real reports replayed in a disposable VM (global OOMs only ever run in one), from the built
// bin as a user runs it: the same victim again (acceptance 1 and 2), and the --write output run
// unchanged with `oomlab vm run` (acceptance 3). Scales are given (the VMs stay at most 2 GiB here).

const skip = vmSkipReason();
const F = 'test/fixtures/kernel-logs/';
const dir = mkdtempSync(join(tmpdir(), 'oomlab-replay-vm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ReplayJson {
  schema: string;
  reproduced: boolean;
  source: { kernel: string; constraint: string };
  original: { victim: { pid: number; name: string } };
  replay: { victim: { participant: string; pid: number } | null; ranking: Array<{ participant?: string; killed?: boolean }> };
  scale: number;
  result: { schema: string; participants: Array<{ name: string; outcome: string }>; oomEvents: Array<{ participant?: string }> };
}

async function replay(args: string[]): Promise<{ exitCode: number | undefined; stdout: string; json: ReplayJson }> {
  const file = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  const r = await oomlab(['replay', ...args, '--json', file], { timeout: 400_000 });
  expect(r.exitCode, `${r.stdout}\n${r.stderr}`).not.toBe(3);
  return { exitCode: r.exitCode, stdout: String(r.stdout), json: JSON.parse(readFileSync(file, 'utf8')) as ReplayJson };
}

describe.skipIf(skip)(`oomlab replay in a VM${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it("the article's report (2.6.32, swap estimated from the score) at scale 1/4: test_mem1 is killed again, both test_mem survive", async () => {
    const r = await replay([`${F}article-2.6.32-i686.txt`, '--scale', '1/4']);
    expect(r.json.schema).toBe('oomlab/replay@1');
    expect(r.json.result.schema).toBe('oomlab/result@2');
    expect(r.json.reproduced, r.stdout).toBe(true);
    expect(r.exitCode).toBe(0);
    expect(r.json.replay.victim).toEqual({ participant: 'test_mem1', originalName: 'test_mem1', pid: 10020 });
    expect(r.stdout).toContain('reproduced: test_mem1 (pid 10020 in the report) was killed again, as participant test_mem1');
    const outcome = (n: string) => r.json.result.participants.find((p) => p.name === n)?.outcome;
    expect(outcome('test_mem1')).toBe('oom-killed');
    expect(outcome('test_mem-1')).not.toBe('oom-killed');
    expect(outcome('test_mem-2')).not.toBe('oom-killed');
    expect(r.json.replay.ranking.find((row) => row.killed)?.participant).toBe('test_mem1');
  }, 400_000);

  it('a 6.11 global report (stress-ng, oom_score_adj 1000) at scale 1/8', async () => {
    const r = await replay([`${F}stress-ng-6.11-global-meminfo.txt`, '--scale', '1/8']);
    expect(r.json.reproduced, r.stdout).toBe(true);
    expect(r.json.replay.victim?.pid).toBe(116);
  }, 400_000);

  it('a 4.12 global report (no Mem-Info; the victim invoked the oom-killer) at scale 1/2', async () => {
    const r = await replay([`${F}linux-mm-4.12-global-allocate.txt`, '--scale', '1/2']);
    expect(r.json.source.kernel).toBe('4.12.0-rc1-mm1+');
    expect(r.json.reproduced, r.stdout).toBe(true);
    expect(r.json.replay.victim?.pid).toBe(492);
  }, 400_000);

  it('a memcg report (4.8, memory+swap limit) with --cgroup v2 in a VM with swap', async () => {
    const r = await replay([`${F}cadvisor-4.8-docker-two-kills.txt`, '--event', '2', '--cgroup', 'v2']);
    expect(r.json.source.constraint).toBe('memcg');
    expect(r.json.reproduced, r.stdout).toBe(true);
    expect(r.json.replay.victim?.pid).toBe(1667);
  }, 400_000);

  it('--write output runs unchanged with oomlab vm run, and its expectation (the victim OOM-killed) holds', async () => {
    const yaml = join(dir, 'replay.yaml');
    const w = await oomlab(['replay', `${F}guest-global-oom-6.x.txt`, '--event', '2', '--no-run', '--write', yaml]);
    expect(w.exitCode, String(w.stderr)).toBe(0);
    const head = readFileSync(yaml, 'utf8').split('\n')[1]!;
    const m = /oomlab vm run FILE --mem (\d+M) --swap (\d+M)/.exec(head);
    expect(m, head).not.toBeNull();
    const r = await oomlab(['vm', 'run', yaml, '--mem', m![1]!, '--swap', m![2]!], { timeout: 300_000 });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    // The file's only expectation is that oomlab-hog (pid 126 in the report) is OOM-killed: exit 0 is that it held.
    expect(readFileSync(yaml, 'utf8')).toMatch(/expect:\n {2}- participant: oomlab-hog\n {4}outcome: oom-killed\n/);
    expect(String(r.stdout)).toMatch(/^pass +oomlab-hog: outcome is oom-killed$/m);
  }, 400_000);
});
