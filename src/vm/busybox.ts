import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { EnvironmentError } from '../errors/environment-error.js';

// The guest's shell and tools (init, mount, insmod, mkswap, tar, ...) are one static busybox, so the
// initramfs needs no libraries. Debian: the busybox-static package.

/** A static busybox and the applets it provides. */
interface Busybox {
  path: string;
  applets: string[];
}

let cached: Busybox | undefined;

// Why: find the static busybox once, or say which package to install.
export function findBusybox(): Busybox {
  if (cached) return cached;
  const path = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
  if (!path) throw new EnvironmentError('no busybox for the VM guest', 'apt-get install busybox-static');
  // A dynamically linked busybox names its loader; in the initramfs there is none.
  if (hasInterpreter(readFileSync(path))) {
    throw new EnvironmentError(`${path} is dynamically linked; the VM guest needs a static one`, 'apt-get install busybox-static');
  }
  const file = execFileSync(path, ['--list'], { encoding: 'utf8' });
  const applets = file.split('\n').filter((a) => /^[\w.[-]+$/.test(a) && a !== 'busybox');
  if (!applets.includes('sh') || !applets.includes('insmod')) {
    throw new EnvironmentError(`${path} lacks sh or insmod`, 'apt-get install busybox-static');
  }
  cached = { path, applets };
  return cached;
}

// Why: an ELF64 file with a PT_INTERP program header needs a dynamic loader.
function hasInterpreter(elf: Buffer): boolean {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const size = elf.readUInt16LE(0x36);
  const count = elf.readUInt16LE(0x38);
  for (let i = 0; i < count; i++) if (elf.readUInt32LE(phoff + i * size) === 3) return true;
  return false;
}
