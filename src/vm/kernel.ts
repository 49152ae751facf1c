import { accessSync, constants, existsSync, openSync, readSync, closeSync, readdirSync } from 'node:fs';
import { release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { EnvironmentError } from '../errors/environment-error.js';
import { PACKAGE_ROOT } from '../native/build-paths.js';

// Which kernel a VM boots: --kernel PATH, else the host's own /boot/vmlinuz-$(uname -r) when readable,
// else the Debian cloud kernel that scripts/fetch-vm-kernel.sh unpacks (never installs) into
// <repo>/.cache/vm-kernel. Its virtio and block drivers are modules, so a kernel always comes with the
// /lib/modules/<version> tree the guest's init loads them from; the version is read from the bzImage
// header, so a kernel file named anything still finds its modules.

/** A bootable kernel and its modules. */
export interface VmKernel {
  path: string;
  /** The release string, e.g. `6.1.0-56-cloud-amd64`. */
  version: string;
  modulesDir: string;
}

/** Where scripts/fetch-vm-kernel.sh unpacks the Debian cloud kernel. */
const KERNEL_CACHE_DIR = join(PACKAGE_ROOT, '.cache', 'vm-kernel');

const FETCH_HINT =
  'run scripts/fetch-vm-kernel.sh (it unpacks the Debian package linux-image-cloud-amd64, via apt-get download, ' +
  'into .cache/vm-kernel), or `apt-get install linux-image-cloud-amd64`, or pass --kernel PATH';

// Why: one answer to "what does the VM boot", with an error that says how to get a kernel.
export function findVmKernel(opts: { kernel?: string; modulesDir?: string; cacheDir?: string } = {}): VmKernel {
  const path = opts.kernel ? resolve(opts.kernel) : defaultKernel(opts.cacheDir ?? KERNEL_CACHE_DIR);
  if (!path) throw new EnvironmentError(`no kernel to boot: /boot/vmlinuz-${release()} is not readable and none is cached`, FETCH_HINT);
  if (!readable(path)) throw new EnvironmentError(`the VM kernel ${path} is not readable`, FETCH_HINT);
  const version = kernelVersion(path);
  const modulesDir = opts.modulesDir ? resolve(opts.modulesDir) : findModulesDir(path, version, opts.cacheDir ?? KERNEL_CACHE_DIR);
  if (!modulesDir || !existsSync(join(modulesDir, 'kernel'))) {
    throw new EnvironmentError(`no modules tree for kernel ${version} (${path}); the guest needs its virtio modules`, `pass --modules DIR or ${FETCH_HINT}`);
  }
  return { path, version, modulesDir };
}

// Why: a bzImage names its release at a pointer in its setup header, so no file-name convention is needed.
export function kernelVersion(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(0x10000 + 0x200 + 256);
    readSync(fd, head, 0, head.length, 0);
    if (head.toString('latin1', 0x202, 0x206) !== 'HdrS') throw new EnvironmentError(`${path} is not an x86 bzImage kernel`);
    const at = head.readUInt16LE(0x20e) + 0x200;
    const text = head.toString('latin1', at, at + 256);
    const version = text.slice(0, text.search(/[\s\0]/));
    if (!version) throw new EnvironmentError(`${path}: no version string in the kernel header`);
    return version;
  } finally {
    closeSync(fd);
  }
}

function defaultKernel(cacheDir: string): string | undefined {
  const host = `/boot/vmlinuz-${release()}`;
  if (readable(host)) return host;
  const boot = join(cacheDir, 'boot');
  const cached = existsSync(boot) ? readdirSync(boot).filter((f) => f.startsWith('vmlinuz-')).sort() : [];
  const last = cached[cached.length - 1];
  return last ? join(boot, last) : undefined;
}

function findModulesDir(kernelPath: string, version: string, cacheDir: string): string | undefined {
  const candidates = [
    join(dirname(kernelPath), '..', 'lib', 'modules', version), // an unpacked package: <root>/boot/vmlinuz-*
    join(cacheDir, 'lib', 'modules', version),
    join('/lib/modules', version),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'kernel')));
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
