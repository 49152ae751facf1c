import { randomBytes } from 'node:crypto';
import { truncateSync, writeFileSync, closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors/input-error.js';
import { ENV_NAME } from '../scenario/normalize-participant.js';
import { PACKAGE_ROOT } from '../native/build-paths.js';
import { chooseAccel, type Accel } from './accel.js';
import { makeTempDir, release, track } from './cleanup.js';
import { commandScriptText, sentinels } from './guest-init.js';
import { buildInitramfs } from './initramfs.js';
import type { VmFacts } from '../host/vm-facts.js';
import type { GuestMachineConfig } from './guest-machine.js';
import { findVmKernel, type VmKernel } from './kernel.js';
import { machineModules } from './kernel-features.js';
import { machineFacts } from './machine-record.js';
import { moduleAvailable, resolveModules } from './modules.js';
import { projectLayer } from './project-layer.js';
import { qemuArgv } from './qemu-argv.js';
import { findQemu, startQemu } from './qemu-process.js';
import { writeSwapImage } from './swap-image.js';
import { readResultsDisk } from './results.js';
import { ensureRootImage } from './root-image.js';
import { checkVmFits } from './vm-size.js';

/** One disposable VM run. */
export interface VmRunOptions {
  /** argv run inside the guest (chrooted into a copy of the host's node and this project). */
  command: string[];
  memBytes: number;
  /** Size of the guest's swap disk (or zram device); 0 for none. */
  swapBytes: number;
  /** Swap kind, sysctls, MGLRU (default: a disk swap of swapBytes, nothing else set). */
  machine?: Omit<GuestMachineConfig, 'swapBytes'>;
  cpus: number;
  /** How the guest's init mounts cgroups. */
  cgroup: 'v1' | 'v2';
  /** The whole run, boot to power-off; qemu is killed after it. */
  timeoutMs: number;
  /** A bzImage; default: findVmKernel()'s choice. */
  kernel?: string;
  /** Its /lib/modules/<version> tree; default: found from the kernel's version. */
  modulesDir?: string;
  /** Working directory of the command in the guest (default: the project root, at its host path). */
  cwd?: string;
  env?: Record<string, string>;
  /** Skip the KVM probe. */
  accel?: Accel;
  /** Modules to load besides the drivers the VM needs (e.g. `zram`). */
  extraModules?: string[];
  /** More of the project to put in the guest, relative to its root (e.g. `src`, `test` for a test run). */
  projectEntries?: string[];
  /** Extra kernel command-line words (e.g. `cgroup_no_v1=all`). */
  append?: string[];
  /** qemu's CPU model (default: `host` under KVM, `qemu64,+rdrand` under TCG). */
  cpuModel?: string;
  onConsoleLine?: (line: string) => void;
  /** Called once qemu, the kernel and the disks are there, just before qemu starts (the "booting" line). */
  onStart?: () => void;
}

/** What a VM run brought back. */
export interface VmRunResult {
  /** `exited`: the command ran and ended; `timeout`: qemu was killed; `guest-failed`: init could not set
   *  up (reason in `failure`); `vm-failed`: qemu or the guest kernel died before the command ended. */
  outcome: 'exited' | 'timeout' | 'guest-failed' | 'vm-failed';
  /** The command's exit code (128+N when killed by signal N), when it ended. */
  exitCode: number | null;
  failure?: string;
  /** The serial console: the guest kernel's urgent messages, the command's stdout and stderr, and the
   *  init's sentinels (its last 8 MiB when there was more). */
  consoleLog: string;
  /** The guest's `dmesg` after the command. */
  kmsg: string;
  /** Regular files the command wrote to /results ($OOMLAB_RESULTS), by relative path. */
  files: Record<string, Buffer>;
  /** What the results disk held that was not brought back (links, devices, oversized files), one line
   *  each, with the guest's names made printable. The guest is not trusted: see results.ts. */
  refused: string[];
  /** qemu start to the guest's command start, in ms. */
  bootMs: number | null;
  /** The guest's /proc/uptime when the command started, in ms (kernel + init only). */
  guestUptimeMs: number | null;
  /** Building the root image (when not cached) and the initramfs, in ms. */
  prepareMs: number;
  totalMs: number;
  accel: Accel;
  kernel: VmKernel;
  /** The machine as asked for and as the guest's kernel held it (the result's `host.vm`). */
  machine: VmFacts;
}

const MODULES = ['virtio_pci', 'virtio_blk', 'overlay'];
/** The root image's filesystem and its checksum: built into the cloud kernel, modules in the generic one. */
const FS_MODULES = ['crc32c_generic', 'ext4'];
const MiB = 2 ** 20;
/** The console log kept (its last part) when a command prints a lot; onConsoleLine still sees all. */
const CONSOLE_MAX_CHARS = 8 * MiB;

// Why: the API `oomlab vm run` and the VM tests call: boot, run, bring results back, leave nothing.
export async function runInVm(o: VmRunOptions): Promise<VmRunResult> {
  validate(o);
  checkVmFits(o.memBytes);
  const t0 = performance.now();
  findQemu(); // before any disk is made: a machine without qemu says so at once
  const kernel = findVmKernel({ kernel: o.kernel, modulesDir: o.modulesDir });
  const accel = o.accel ?? (await chooseAccel(kernel.path));
  const machine: GuestMachineConfig = { sysctl: {}, ...o.machine, swapKind: o.machine?.swapKind ?? (o.swapBytes > 0 ? 'disk' : 'none'), swapBytes: o.swapBytes };
  if (machine.swapKind !== 'none' && o.swapBytes === 0) throw new InputError('--swap', `a swap size above 0 for --swap-kind ${machine.swapKind}`, '0');
  const diskSwap = (machine.swapKind === 'disk' || machine.swapKind === 'zswap') && o.swapBytes > 0;
  const machineMods = machineModules(kernel, machine);
  const root = ensureRootImage();
  const nonce = randomBytes(8).toString('hex');
  const tempDir = makeTempDir();
  let qemuKill = (): void => {};
  const res = { tempDir, kill: () => qemuKill() };
  track(res);
  try {
    const initrd = join(tempDir, 'initrd.gz');
    writeFileSync(initrd, buildInitramfs({
      config: { nonce, cgroup: o.cgroup, swap: diskSwap, machine },
      modules: resolveModules(kernel.modulesDir, [...MODULES, ...FS_MODULES.filter((m) => moduleAvailable(kernel.modulesDir, m)), ...machineMods, ...(o.extraModules ?? [])]),
      commandScript: commandScriptText(o.command, o.cwd ?? PACKAGE_ROOT, o.env ?? {}),
      project: projectLayer(PACKAGE_ROOT, o.projectEntries),
    }));
    const resultsImage = sparseFile(join(tempDir, 'results.img'), 256 * MiB);
    const swapImage = diskSwap ? join(tempDir, 'swap.img') : undefined;
    if (swapImage) writeSwapImage(swapImage, o.swapBytes);
    const argv = qemuArgv({ accel, memBytes: o.memBytes, cpus: o.cpus, kernel: kernel.path, initrd, rootImage: root.path, resultsImage, swapImage, append: o.append, cpuModel: o.cpuModel });
    const prepareMs = performance.now() - t0;
    const s = sentinels(nonce);
    const log: string[] = [];
    let bootMs: number | null = null;
    let guestUptimeMs: number | null = null;
    let exitCode: number | null = null;
    let failure: string | undefined;
    o.onStart?.();
    const tStart = performance.now();
    let logChars = 0;
    const qemu = startQemu(argv, (line) => {
      log.push(line);
      logChars += line.length + 1;
      // Trimmed in one splice once it holds twice the limit, so many tiny lines cost no per-line shift.
      if (logChars > 2 * CONSOLE_MAX_CHARS) {
        let drop = 0;
        while (logChars > CONSOLE_MAX_CHARS && drop < log.length - 1) logChars -= log[drop++]!.length + 1;
        log.splice(0, drop);
      }
      if (bootMs === null && line.includes(s.start)) {
        bootMs = performance.now() - tStart;
        const up = Number(line.slice(line.indexOf(s.start) + s.start.length).trim());
        guestUptimeMs = Number.isFinite(up) ? Math.round(up * 1000) : null;
      } else if (line.includes(s.exit)) {
        exitCode = Number.parseInt(line.slice(line.indexOf(s.exit) + s.exit.length).trim(), 10);
      } else if (line.includes(s.fail)) {
        failure ??= line.slice(line.indexOf(s.fail) + s.fail.length).trim();
      }
      o.onConsoleLine?.(line);
    });
    qemuKill = qemu.kill;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      qemu.kill();
    }, o.timeoutMs);
    const exit = await qemu.exited;
    clearTimeout(timer);
    const back = readResultsDisk(resultsImage);
    const outcome = timedOut ? 'timeout' : failure !== undefined ? 'guest-failed' : exitCode !== null ? 'exited' : 'vm-failed';
    if (outcome === 'vm-failed') failure = qemuFailure(exit, qemu.stderr(), log);
    return {
      outcome,
      exitCode: exitCode ?? back.exitCode ?? null,
      ...(failure !== undefined ? { failure } : {}),
      consoleLog: lastChars(log, CONSOLE_MAX_CHARS),
      kmsg: back.kmsg,
      files: back.files,
      refused: back.refused,
      bootMs: bootMs === null ? null : Math.round(bootMs),
      guestUptimeMs,
      prepareMs: Math.round(prepareMs),
      totalMs: Math.round(performance.now() - t0),
      accel,
      kernel,
      machine: machineFacts(back.machine, { ...machine, memBytes: o.memBytes }),
    };
  } finally {
    release(res);
  }
}

function qemuFailure(exit: { code: number | null; signal: string | null }, stderr: string, log: string[]): string {
  const panic = log.find((l) => l.includes('Kernel panic'));
  if (panic) return panic.trim();
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  return `qemu ended (${how}) before the command did${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`;
}

// The log's last `max` characters' worth of whole lines.
function lastChars(log: string[], max: number): string {
  let chars = 0;
  let from = log.length;
  while (from > 1 && chars + log[from - 1]!.length + 1 <= max) chars += log[--from]!.length + 1;
  return log.slice(Math.min(from, log.length - 1)).join('\n');
}

function sparseFile(path: string, bytes: number): string {
  closeSync(openSync(path, 'w'));
  truncateSync(path, bytes);
  return path;
}

function validate(o: VmRunOptions): void {
  if (!Array.isArray(o.command) || o.command.length === 0) throw new InputError('command', 'a command to run in the VM');
  if (!Number.isInteger(o.memBytes) || o.memBytes < 128 * MiB) throw new InputError('--mem', 'a size of at least 128M', String(o.memBytes));
  if (!Number.isInteger(o.swapBytes) || o.swapBytes < 0 || (o.swapBytes > 0 && o.swapBytes < MiB)) {
    throw new InputError('--swap', '0 or a size of at least 1M', String(o.swapBytes));
  }
  if (!Number.isInteger(o.cpus) || o.cpus < 1 || o.cpus > 64) throw new InputError('--cpus', 'an integer from 1 to 64', String(o.cpus));
  if (o.cgroup !== 'v1' && o.cgroup !== 'v2') throw new InputError('--cgroup', 'v1 or v2', String(o.cgroup));
  for (const key of Object.keys(o.env ?? {})) {
    if (!ENV_NAME.test(key)) throw new InputError('env', 'variable names of letters, digits and _, not starting with a digit', JSON.stringify(key));
  }
}
