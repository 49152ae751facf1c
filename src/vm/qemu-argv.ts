import { DISK_SERIAL } from './guest-init.js';

/** Everything one qemu command line depends on. */
export interface QemuSpec {
  accel: 'kvm' | 'tcg';
  memBytes: number;
  cpus: number;
  kernel: string;
  initrd: string;
  rootImage: string;
  resultsImage: string;
  /** Omitted when the VM has no swap. */
  swapImage?: string;
  /** Extra kernel command-line words. */
  append?: string[];
  /** CPU model; default `host` under KVM, `qemu64,+rdrand` under TCG. */
  cpuModel?: string;
}

// Why: the kernel command line. `oomlab.vm=1` is how the guest's runner knows it may run `global: true`
// scenarios (a host cannot have it by accident). `quiet` keeps the serial console (and so boot under TCG) fast; the full
// log is still in the ring buffer, which is large enough for every OOM report, and comes back via dmesg.
// The rest skip work this VM never needs, each of which TCG emulates slowly at boot (bench/vm-boot.mjs):
// probing a PS/2 keyboard and mouse and three serial ports that are not there, the crypto self-tests,
// and waiting on jitter entropy (the CPU model has RDRAND).
export function kernelCommandLine(extra: string[] = []): string {
  return ['console=ttyS0', 'oomlab.vm=1', 'quiet', 'panic=-1', 'oops=panic', 'log_buf_len=4M', 'rdinit=/init', 'tsc=reliable', 'no_timer_check', ...FAST_BOOT, ...extra].join(' ');
}

/** Kernel options that only skip probing and self-tests: nothing a scenario sees changes. */
const FAST_BOOT = ['i8042.noaux', 'i8042.nokbd', 'i8042.nopnp', '8250.nr_uarts=1', 'cryptomgr.notests', 'random.trust_cpu=on'];

// Why: one place that spells the VM: no network (-nic none, -nodefaults), the serial console on stdio,
// no reboot (a panic or poweroff ends qemu), and each disk tagged with the serial the guest finds it by.
export function qemuArgv(s: QemuSpec): string[] {
  const disk = (id: string, file: string, serial: string, extra = ''): string[] => [
    '-drive', `file=${file},format=raw,if=none,id=${id}${extra}`,
    '-device', `virtio-blk-pci,drive=${id},serial=${serial}`,
  ];
  return [
    '-accel', s.accel,
    // Under TCG: the plain qemu64 model (emulating fewer features than `max` is cheaper; node started
    // faster with it in bench/vm-boot.mjs) plus RDRAND, so the guest's random pool is ready at once
    // instead of after a second or more of jitter entropy (node's start waits for it).
    '-cpu', s.cpuModel ?? (s.accel === 'kvm' ? 'host' : 'qemu64,+rdrand'),
    // q35, not pc: on pc the kernel enables each virtio disk's legacy interrupt through an ACPI PCI
    // link (LNKA..D), about 0.1 s per disk under TCG; q35's are fixed GSIs, about 2 ms. Boot to the
    // guest's command went from 2.66 to 2.32 s (bench/vm-boot.mjs). Not microvm: under TCG this kernel
    // hangs there calibrating its TSC (no PIT/HPET reference).
    '-M', 'q35',
    '-m', `${Math.floor(s.memBytes / 2 ** 20)}M`,
    '-smp', String(s.cpus),
    '-nodefaults', '-no-user-config', '-nic', 'none',
    '-display', 'none', '-monitor', 'none',
    '-chardev', 'stdio,id=console,signal=off', '-serial', 'chardev:console',
    '-no-reboot',
    '-kernel', s.kernel,
    '-initrd', s.initrd,
    '-append', kernelCommandLine(s.append),
    ...disk('root', s.rootImage, DISK_SERIAL.root, ',readonly=on'),
    ...disk('results', s.resultsImage, DISK_SERIAL.results),
    ...(s.swapImage ? disk('swap', s.swapImage, DISK_SERIAL.swap, ',cache=unsafe') : []),
  ];
}
