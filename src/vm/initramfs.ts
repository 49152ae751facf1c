import { readFileSync } from 'node:fs';
import { findBusybox } from './busybox.js';
import { writeCpio, type CpioEntry } from './cpio.js';
import { GUEST_INIT, guestConfigText, type GuestConfig } from './guest-init.js';
import { GUEST_MACHINE } from './guest-machine.js';
import type { GuestModule } from './modules.js';

// The initramfs holds what is needed before the root image is mounted: a static busybox with its
// applet links, the driver modules, /init and this boot's settings and command; and the project's
// build (project-layer.ts). All a few MiB. Node and node_modules live on the root image instead (see root-image.ts), where their pages are page
// cache the guest can reclaim, as on a real machine, not initramfs RAM that would shrink the VM.

/** What goes into one boot's initramfs. */
interface InitramfsSpec {
  config: Omit<GuestConfig, 'modules'>;
  modules: GuestModule[];
  commandScript: string;
  /** The project's build, under /project (project-layer.ts). */
  project: CpioEntry[];
}

// Why: one boot's initramfs as a cpio, built in memory in well under a second. Not compressed: under
// TCG the guest kernel's gunzip of a few MiB is emulated instruction by instruction (bench/vm-boot.mjs),
// while an uncompressed archive is only copied; the few MiB more are freed once it is unpacked.
export function buildInitramfs(spec: InitramfsSpec): Buffer {
  const busybox = findBusybox();
  const entries: CpioEntry[] = [
    ...['bin', 'dev', 'lib', 'lib/modules', 'oomlab', 'proc', 'sys', 'tmp'].map((path): CpioEntry => ({ path, kind: 'dir' })),
    { path: 'dev/console', kind: 'char', major: 5, minor: 1 },
    { path: 'dev/null', kind: 'char', major: 1, minor: 3, mode: 0o666 },
    { path: 'bin/busybox', kind: 'file', data: readFileSync(busybox.path), mode: 0o755 },
    ...busybox.applets.map((a): CpioEntry => ({ path: `bin/${a}`, kind: 'symlink', target: 'busybox' })),
    { path: 'init', kind: 'file', data: Buffer.from(GUEST_INIT), mode: 0o755 },
    ...spec.modules.map((m): CpioEntry => ({ path: `lib/modules/${m.name}.ko`, kind: 'file', data: m.data })),
    { path: 'oomlab/config', kind: 'file', data: Buffer.from(guestConfigText({ ...spec.config, modules: spec.modules.map((m) => m.name) })) },
    { path: 'oomlab/machine.sh', kind: 'file', data: Buffer.from(GUEST_MACHINE) },
    { path: 'oomlab/command.sh', kind: 'file', data: Buffer.from(spec.commandScript), mode: 0o755 },
    ...spec.project,
  ];
  return writeCpio(entries);
}
