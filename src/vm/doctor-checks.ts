import { spawnSync } from 'node:child_process';
import type { DoctorCheck } from '../host/doctor-check.js';
import { formatSize } from '../units/size.js';
import { chooseAccel } from './accel.js';
import { findBusybox } from './busybox.js';
import { findVmKernel } from './kernel.js';
import { findQemu } from './qemu-process.js';
import { largestVmBytes } from './vm-size.js';

// What `oomlab vm run` needs, each asked of the same code the VM uses (so doctor cannot say yes where
// a VM would fail), and none of it needs root: the way in for a user who cannot make cgroups.

const attempt = (name: string, fn: () => string): DoctorCheck => {
  try {
    return { name, ok: true, detail: fn() };
  } catch (err) {
    return { name, ok: false, detail: (err as Error).message };
  }
};

// Why: `oomlab doctor`'s VM section: qemu, a kernel, busybox, mkfs.ext4 -d, KVM or TCG, the largest VM.
export async function vmChecks(): Promise<DoctorCheck[]> {
  let kernel: string | undefined;
  const checks = [
    attempt('vm: qemu', () => findQemu()),
    attempt('vm: kernel', () => {
      const k = findVmKernel();
      kernel = k.path;
      return `${k.path} (${k.version})`;
    }),
    attempt('vm: busybox', () => `${findBusybox().path} (static)`),
    attempt('vm: mkfs.ext4 -d', () => mkfsVersion()),
  ];
  if (checks[0]!.ok && kernel) {
    const accel = await chooseAccel(kernel);
    checks.push({ name: 'vm: acceleration', ok: true, detail: accel === 'kvm' ? 'KVM' : 'TCG (KVM is not usable here: no access to /dev/kvm, or its guest never ran); VMs run, more slowly' });
  }
  const max = largestVmBytes();
  checks.push({ name: 'vm: largest VM now', ok: max >= 128 * 2 ** 20, detail: `--mem up to ${formatSize(max)} (90% of MemAvailable, less 256 MiB for qemu)` });
  return checks;
}

// mkfs.ext4 builds the guest's root image from a directory (-d, e2fsprogs 1.43+), without root or a
// loop device; it is looked up as root-image.ts does, with /usr/sbin and /sbin after the user's PATH.
function mkfsVersion(): string {
  const r = spawnSync('mkfs.ext4', ['-V'], { encoding: 'utf8', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error('mkfs.ext4 not found (apt-get install e2fsprogs)');
  const m = /mke2fs (\d+)\.(\d+)[.\d]*/.exec(`${r.stdout}${r.stderr}`);
  if (!m) throw new Error('mkfs.ext4 -V printed no version (needs e2fsprogs 1.43 or later)');
  if (Number(m[1]) === 1 && Number(m[2]) < 43) throw new Error(`${m[0]} has no -d (needs e2fsprogs 1.43 or later)`);
  return m[0];
}
