import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { replayIncident } from '../../src/replay/run-replay.js';

// Issue 12, acceptance 4: a log with no OOM, a grep-filtered report without its table, --event out of
// range, hostile sizes and names: one line each, exit 2, and nothing created (no file, no cgroup, no VM:
// every case here fails before anything runs; the output files asked for are checked not to exist).

const BIN = 'dist/oomlab.cjs';
const F = 'test/fixtures/kernel-logs/';
const dir = mkdtempSync(join(tmpdir(), 'oomlab-replay-test-'));

async function replay(args: string[], input?: string) {
  const out = join(dir, 'out.json');
  const yaml = join(dir, 'out.yaml');
  const r = await execa(process.execPath, [BIN, 'replay', ...args, '--json', out, '--write', yaml], { reject: false, ...(input !== undefined ? { input } : {}) });
  expect(readdirSync(dir).filter((f) => f.startsWith('out.'))).toEqual([]);
  return r;
}

describe('oomlab replay refuses bad input with one line and exit 2', () => {
  it('a log with no OOM in it', async () => {
    const r = await replay(['-'], 'usb 1-1: new high-speed USB device\nEXT4-fs (sda1): mounted\n');
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/log: expected a kernel log with an OOM report in it .*got none found/);
  });

  it('a grep-filtered report without its task table names what is missing', async () => {
    const r = await replay([`${F}freeswitch-3.10-rhel7-killed-uid-after-name.txt`]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/task table .*\[ pid \].*grep-filtered/);
  });

  it('--event 99', async () => {
    const r = await replay([`${F}article-2.6.32-i686.txt`, '--event', '99']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe('oomlab: --event: expected an event number from 1 to 1 (this log has 1 OOM event), got 99');
  });

  it('--event counts kills as explain does: a memory.oom.group repeat of the victim is not an event', async () => {
    const r = await replay([`${F}k8s-6.x-kubepods-slice-oom-group.txt`, '--event', '2']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe('oomlab: --event: expected an event number from 1 to 1 (this log has 1 OOM event), got 2');
  });

  it('a bad --scale, a scale too large for the machine, a bad --top', async () => {
    for (const [args, re] of [
      [['--scale', '2'], /--scale: expected auto, or a number/],
      [['--scale', '1/0'], /--scale: expected auto/],
      [['--top', '0'], /--top: expected a whole number from 1 to 64/],
      [['--cgroup', 'v3'], /--cgroup: expected v1 or v2/],
      [['--matrix', 'foo=1'], /--matrix: expected a key: memory, swap, swappiness or oomScoreAdj\.PARTICIPANT/],
      [['--scale', '1/4', '--matrix', 'oomScoreAdj.nginx=1'], /--matrix oomScoreAdj.nginx: expected a participant of the replay \(rest, test_mem1, test_mem-1, test_mem-2\)/],
      [['--scale', '1/4', '--matrix', 'memory=1G'], /--matrix memory: expected swap or oomScoreAdj/],
    ] as const) {
      const run = (args as readonly string[]).includes('--matrix') ? [] : ['--no-run'];
      const r = await replay([`${F}article-2.6.32-i686.txt`, ...run, ...args]);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe('');
    }
  });

  it('a --scale whose VM does not fit (the 6.11 report is a 8 GiB machine: 4 GiB at most)', async () => {
    const r = await replay([`${F}stress-ng-6.11-global-meminfo.txt`, '--no-run', '--scale', '1']);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^oomlab: --scale: expected a scale at which VM memory fits this machine \(at most .*\), got 1 needs 7\.\d+ GiB$/m);
  });

  it('a task table claiming 10 TiB is refused, not scaled to nothing', async () => {
    const text = readFileSync(`${F}article-2.6.32-i686.txt`, 'utf8').replace('[10021]     0 10021   636028   457164', '[10021]     0 10021   636028   2684354560');
    const r = await replay(['-', '--no-run'], text);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/log: expected a report this machine can replay at a scale of at least 1\/256/);
  });

  it('a name with control characters reaches neither the terminal nor the scenario', async () => {
    const text = readFileSync(`${F}article-2.6.32-i686.txt`, 'utf8').replaceAll('test_mem1', 'te\u001b[2Jst\u0007');
    const r = await execa(process.execPath, [BIN, 'replay', '-', '--no-run', '--scale', '1/4'], { input: text, reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(r.stdout).toMatch(/^  te_2jst +<- /m);
  });
});

describe('replayIncident, the library call', () => {
  it('builds without running, and throws an InputError (exit code 2) for a log without a report', async () => {
    const out = await replayIncident(readFileSync(`${F}article-2.6.32-i686.txt`, 'utf8'), { scale: '1/4', run: false, source: 'article' });
    expect(out.replay).toBeUndefined();
    expect(out.plan.tasks.find((t) => t.pid === 10020)?.participant).toBe('test_mem1');
    expect(out.original[0]).toMatchObject({ pid: 10020, name: 'test_mem1', killed: true, estimated: true });
    await expect(replayIncident('nothing here\n', { run: false })).rejects.toMatchObject({ exitCode: 2 });
  });
});

writeFileSync(join(dir, '.keep'), '');
