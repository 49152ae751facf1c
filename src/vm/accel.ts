import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../native/build-paths.js';
import { startQemu } from './qemu-process.js';

// KVM when it works, else TCG. "Works" is tested, not assumed: on some hosts /dev/kvm opens and
// KVM_CREATE_VM succeeds but the vCPU never runs (nested virtualisation), and a VM booted that way
// hangs silently. So the probe boots the real kernel under KVM with early printk on the serial
// console and waits a few seconds for its first line ("Linux version ...", printed within
// milliseconds of entry under KVM). The answer is kept per host boot (keyed by boot_id) in
// .cache/vm-accel.json, so only the first VM after a host reboot pays for the probe.
// OOMLAB_VM_ACCEL=kvm|tcg skips the probe.

export type Accel = 'kvm' | 'tcg';

/** Where the probe's answer is kept, per host boot. */
const ACCEL_CACHE = join(PACKAGE_ROOT, '.cache', 'vm-accel.json');

let memo: Accel | undefined;

// Why: choose the accelerator once per host boot, without ever hanging on a broken KVM.
export async function chooseAccel(kernel: string, opts: { timeoutMs?: number; cacheFile?: string } = {}): Promise<Accel> {
  const forced = process.env.OOMLAB_VM_ACCEL;
  if (forced === 'kvm' || forced === 'tcg') return forced;
  if (memo) return memo;
  const cacheFile = opts.cacheFile ?? ACCEL_CACHE;
  const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  const cached = readCache(cacheFile);
  if (cached?.bootId === bootId) return (memo = cached.accel);
  memo = (await kvmBoots(kernel, opts.timeoutMs ?? 3000)) ? 'kvm' : 'tcg';
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, `${JSON.stringify({ bootId, accel: memo })}\n`);
  } catch {
    // a read-only tree: probe again next time
  }
  return memo;
}

// Why: the probe itself, exported so a test or `oomlab vm doctor` can run it without the cache.
export async function kvmBoots(kernel: string, timeoutMs: number): Promise<boolean> {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return false;
  }
  let seen = (): void => {};
  const firstLine = new Promise<boolean>((resolve) => {
    seen = () => resolve(true);
    setTimeout(() => resolve(false), timeoutMs).unref();
  });
  const argv = ['-accel', 'kvm', '-cpu', 'host', '-M', 'pc', '-m', '128M', '-nodefaults', '-no-user-config', '-nic', 'none', '-display', 'none',
    '-monitor', 'none', '-chardev', 'stdio,id=console,signal=off', '-serial', 'chardev:console', '-no-reboot', '-kernel', kernel,
    '-append', 'console=ttyS0 earlyprintk=serial panic=-1'];
  const qemu = startQemu(argv, (line) => {
    if (/Linux version|\[\s*\d+\.\d+\]/.test(line)) seen();
  });
  const ok = await Promise.race([firstLine, qemu.exited.then(() => false)]);
  qemu.kill();
  await qemu.exited;
  return ok;
}

function readCache(file: string): { bootId: string; accel: Accel } | undefined {
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof v !== 'object' || v === null) return undefined;
    const { bootId, accel } = v as Record<string, unknown>;
    return typeof bootId === 'string' && (accel === 'kvm' || accel === 'tcg') ? { bootId, accel } : undefined;
  } catch {
    return undefined;
  }
}
