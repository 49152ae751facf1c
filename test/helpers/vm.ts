import { execFileSync } from 'node:child_process';
import { accessSync, appendFileSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { VmRunResult } from '../../src/vm/run-in-vm.js';
import { commandOnPath } from './commands.js';
import { toolReason, type ToolId } from './tools.js';

export const MiB = 2 ** 20;
export const REPO = join(import.meta.dirname, '..', '..');
export const HOG = join(REPO, 'build', 'Release', 'oomlab-hog');

// Why: VM tests state what is missing (qemu, a kernel, busybox-static, mkfs.ext4) instead of failing.
// Each check is the test's own look at the machine (a file, a command on PATH), never the code under
// test: a bug in findQemu or findVmKernel must fail the VM tests, not skip them. The native build is
// no skip reason: `npm install` makes it, and a test without it fails with the loader's message.
export function vmSkipReason(): string | undefined {
  const release = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
  const kernels = [`/boot/vmlinuz-${release}`, ...cachedKernels()];
  const checks: Array<[ToolId, boolean]> = [
    ['qemu', commandOnPath('qemu-system-x86_64') !== undefined],
    ['vm-kernel', kernels.some(readable)],
    ['busybox', ['/bin/busybox', '/usr/bin/busybox'].some(existsSync)],
    ['mkfs', commandOnPath('mkfs.ext4') !== undefined || ['/usr/sbin/mkfs.ext4', '/sbin/mkfs.ext4'].some(existsSync)],
  ];
  const missing = checks.find(([, ok]) => !ok);
  return missing ? toolReason(missing[0]) : undefined;
}

function cachedKernels(): string[] {
  const dir = join(REPO, '.cache', 'vm-kernel', 'boot');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('vmlinuz-')).map((n) => join(dir, n)) : [];
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
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
