import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { privateTempRoot } from '../../src/host/private-temp.js';
import { startOomlab } from '../helpers/cli.js';
import { commandOnPath } from '../helpers/commands.js';
import { vmSkipReason } from '../helpers/vm.js';

// Issue 13, acceptance 5: a machine setting or a lab the user got wrong is one line and exit 2 (exit 3
// when it is the kernel that cannot), before any VM boots: no qemu started, no temp dir left.

const dir = mkdtempSync(join(tmpdir(), 'oomlab-lab-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refused(args: string[]): Promise<{ code: number; err: string }> {
  const child = startOomlab(args);
  const pid = child.pid!;
  const r = await child;
  // Nothing of this run left: its temp dirs are named vm-<pid>-*, and a qemu of it would name one.
  const root = privateTempRoot();
  const left = (() => {
    try {
      return readdirSync(root).filter((n) => n.startsWith(`vm-${pid}-`));
    } catch {
      return [];
    }
  })();
  expect(left).toEqual([]);
  const qemus = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`vm-${pid}-`);
    } catch {
      return false;
    }
  });
  expect(qemus).toEqual([]);
  expect(String(r.stdout)).toBe('');
  // No `booting a VM ...` line either: that is said only once qemu is about to start.
  const lines = String(r.stderr).split('\n').filter((l) => l && !l.startsWith('oomlab lab: '));
  expect(lines, String(r.stderr)).toHaveLength(1);
  return { code: r.exitCode!, err: lines[0]! };
}

describe('oomlab vm run / oomlab lab: bad machine settings', () => {
  it('an unknown sysctl: exit 2 naming it', async () => {
    const r = await refused(['vm', 'run', 'virtual-only', '--sysctl', 'vm.dirty_expire_centisecs=1']);
    expect(r).toEqual({ code: 2, err: expect.stringMatching(/^oomlab: --sysctl: expected a vm\.\* sysctl oomlab can set \(.*\), got "vm\.dirty_expire_centisecs"$/) });
  });
  it('a value out of the kernel range: exit 2 with the range', async () => {
    const r = await refused(['vm', 'run', 'virtual-only', '--sysctl', 'vm.overcommit_memory=3']);
    expect(r).toEqual({ code: 2, err: 'oomlab: --sysctl vm.overcommit_memory: expected a whole number from 0 to 2 for vm.overcommit_memory, got "3"' });
  });
  it('a matrix of 100 runs: exit 2, unless --allow-big-matrix', async () => {
    const vals = Array.from({ length: 10 }, (_, i) => i * 10).join(',');
    const r = await refused(['vm', 'run', 'virtual-only', '--matrix', `vm.swappiness=${vals}`, '--matrix', `vm.vfs_cache_pressure=${vals}`]);
    expect(r).toEqual({ code: 2, err: 'oomlab: --matrix: expected at most 16 runs (--allow-big-matrix allows up to 256), got 10 x 10 = 100 runs' });
  });
  it('a swap kind, compressor or matrix key that does not exist: exit 2', async () => {
    expect((await refused(['vm', 'run', 'virtual-only', '--swap-kind', 'tape'])).err).toBe('oomlab: --swap-kind: expected disk, zram, zswap or none, got "tape"');
    expect((await refused(['vm', 'run', 'virtual-only', '--zram-algo', 'gzip'])).code).toBe(2);
    expect((await refused(['vm', 'run', 'virtual-only', '--matrix', 'swapkind=disk'])).err).toContain('--matrix: expected a key: memory, swap, swappiness, oomScoreAdj.PARTICIPANT, swapKind');
  });
  it('a lab file with a mistake: exit 2 naming the file and field', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nscenario: virtual-only\ncompare:\n  - { name: a, sysctl: { swappiness: 999 } }\n');
    expect(await refused(['lab', file])).toEqual({ code: 2, err: `oomlab: ${file}: compare.0.sysctl.swappiness: expected a whole number from 0 to 200 for vm.swappiness, got 999` });
    expect((await refused(['lab', 'no-such-lab'])).err).toMatch(/^oomlab: lab: expected a lab file, or a built-in lab: .*got "no-such-lab"$/);
  });
  it('a probe bigger than its cgroup: exit 2 naming the field, before a VM boots', async () => {
    const file = join(dir, 'big-probe.yaml');
    writeFileSync(file, 'name: big-probe\ncgroup: { memory: 64M }\nparticipants:\n  - name: service\n    probe: { workingSet: 128M, every: 10ms, touch: read }\n');
    const r = await refused(['vm', 'run', file, '--swap-kind', 'zram']);
    expect(r).toEqual({ code: 2, err: `oomlab: ${file}:5: participants[0].probe.workingSet: expected a working set below its cgroup's memory limit (cgroup.memory: 64.0 MiB), got 128 MiB` });
  });
  it('a VM kernel that is not there: exit 3 saying how to get one, and no line saying a VM boots', async () => {
    const r = await refused(['vm', 'run', 'touched-oom', '--kernel', join(dir, 'no-such-vmlinuz')]);
    // Where qemu itself is missing, that is what the user is told first (and it is as much a refusal).
    const first = commandOnPath('qemu-system-x86_64') === undefined ? /^oomlab: qemu-system-x86_64 not found \(apt-get install qemu-system-x86\)$/ : /^oomlab: the VM kernel \S+no-such-vmlinuz is not readable \(run scripts\/fetch-vm-kernel\.sh/;
    expect(r).toEqual({ code: 3, err: expect.stringMatching(first) });
  });
  it.skipIf(vmSkipReason() !== undefined)('zswap on a kernel without it: exit 3 saying so and how to get one', async () => {
    const r = await refused(['vm', 'run', 'swap-absorbs', '--swap-kind', 'zswap']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^oomlab: --swap-kind zswap: the VM kernel \S+-cloud-amd64 has no zswap \(CONFIG_ZSWAP is not set\) \(the generic Debian kernel has it: scripts\/fetch-vm-kernel\.sh --generic/);
  });
});
