import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findBusybox } from '../../src/vm/busybox.js';
import { findVmKernel } from '../../src/vm/kernel.js';
import { findQemu } from '../../src/vm/qemu-process.js';
import type { VmRunResult } from '../../src/vm/run-in-vm.js';

export const MiB = 2 ** 20;
export const REPO = join(import.meta.dirname, '..', '..');
export const HOG = join(REPO, 'build', 'Release', 'oomlab-hog');

// Why: VM tests state what is missing (qemu, a kernel, busybox-static, mkfs.ext4) instead of failing.
export function vmSkipReason(): string | undefined {
  const checks: [string, () => unknown][] = [
    ['qemu-system-x86 (apt-get install qemu-system-x86)', findQemu],
    ['a VM kernel (scripts/fetch-vm-kernel.sh)', () => findVmKernel()],
    ['a static busybox (apt-get install busybox-static)', findBusybox],
    ['mkfs.ext4 (e2fsprogs)', () => ['/usr/sbin/mkfs.ext4', '/sbin/mkfs.ext4'].find(existsSync) ?? fail()],
    ['the native build (npm run build)', () => existsSync(HOG) || fail()],
  ];
  for (const [what, check] of checks) {
    try {
      check();
    } catch {
      return `needs ${what}`;
    }
  }
  return undefined;
}

function fail(): never {
  throw new Error('missing');
}

// Why: boot times are recorded, never asserted; they land in test-artifacts/vm-timings.jsonl.
export function recordTiming(test: string, r: VmRunResult): void {
  const dir = join(REPO, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const row = { test, accel: r.accel, bootMs: r.bootMs, guestUptimeMs: r.guestUptimeMs, prepareMs: r.prepareMs, totalMs: r.totalMs, at: new Date().toISOString() };
  appendFileSync(join(dir, 'vm-timings.jsonl'), `${JSON.stringify(row)}\n`);
}

// Why: key=value lines a guest script prints, as a map (the last value of a key wins).
export function keyValues(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([\w.-]+)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) map.set(m[1], m[2]);
  }
  return map;
}

// Why: a failed VM test must show what the guest said.
export function explain(r: VmRunResult): string {
  return `outcome=${r.outcome} exit=${r.exitCode} failure=${r.failure ?? ''}\n--- console ---\n${r.consoleLog.slice(-4000)}`;
}

// Why: the kernel's OOM report(s) out of a whole dmesg: from the first `invoked oom-killer` on.
export function oomReportExcerpt(kmsg: string): string {
  const lines = kmsg.split('\n');
  const start = lines.findIndex((l) => l.includes('invoked oom-killer'));
  return start < 0 ? '' : `${lines.slice(start).filter((l) => !/reboot: |Power down|oomlab-init: /.test(l)).join('\n').trimEnd()}\n`;
}
