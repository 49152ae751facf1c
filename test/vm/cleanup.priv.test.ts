import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { privateTempRoot } from '../../src/host/private-temp.js';
import { describe, expect, it } from 'vitest';
import { chooseAccel, kvmBoots } from '../../src/vm/accel.js';
import { findVmKernel } from '../../src/vm/kernel.js';
import { runInVm } from '../../src/vm/run-in-vm.js';
import { MiB, recordTiming, vmSkipReason } from '../helpers/vm.js';

const skip = vmSkipReason();

function leftovers(): { qemu: number; tempDirs: string[] } {
  let qemu = 0;
  try {
    qemu = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'qemu-system-x86_64'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
  } catch {
    qemu = 0; // pgrep exits 1 when nothing matches
  }
  const mine = new RegExp(`^vm-${process.pid}-`);
  return { qemu, tempDirs: readdirSync(privateTempRoot()).filter((n) => mine.test(n)) };
}

describe.skipIf(skip)(`a VM leaves nothing behind${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('kills qemu and removes its temp dir when the run times out', async () => {
    const lines: string[] = [];
    const r = await runInVm({
      command: ['sleep', '1000'], memBytes: 256 * MiB, swapBytes: 16 * MiB, cpus: 1, cgroup: 'v2', timeoutMs: 45_000,
      onConsoleLine: (l) => lines.push(l),
    });
    recordTiming('cleanup-timeout', r);
    expect(r.outcome).toBe('timeout');
    expect(r.exitCode).toBeNull();
    expect(lines.some((l) => l.startsWith('OOMLAB-VM-START-'))).toBe(true); // it did boot and start the command
    expect(leftovers()).toEqual({ qemu: 0, tempDirs: [] });
  });

  it('reports a command that cannot start with the shell’s exit code, and cleans up', async () => {
    const r = await runInVm({ command: ['/no/such/program'], memBytes: 256 * MiB, swapBytes: 0, cpus: 1, cgroup: 'v1', timeoutMs: 100_000 });
    recordTiming('cleanup-exit-127', r);
    expect(r.outcome).toBe('exited');
    expect(r.exitCode).toBe(127);
    expect(leftovers()).toEqual({ qemu: 0, tempDirs: [] });
  });

  it('probes KVM within its timeout and leaves no qemu behind, whatever the answer', async () => {
    const kernel = findVmKernel().path;
    const works = await kvmBoots(kernel, 3000);
    console.log(`KVM boots on this host: ${works}`);
    // The accelerator a VM run picks (with no cached answer and nothing forced) agrees with the probe.
    const forced = process.env.OOMLAB_VM_ACCEL;
    delete process.env.OOMLAB_VM_ACCEL;
    const cacheFile = join(mkdtempSync(join(tmpdir(), 'oomlab-accel-')), 'accel.json');
    try {
      expect(await chooseAccel(kernel, { cacheFile, timeoutMs: 3000 })).toBe(works ? 'kvm' : 'tcg');
    } finally {
      if (forced !== undefined) process.env.OOMLAB_VM_ACCEL = forced;
      rmSync(dirname(cacheFile), { recursive: true, force: true });
    }
    expect(leftovers().qemu).toBe(0);
  });
});
