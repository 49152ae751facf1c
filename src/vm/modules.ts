import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EnvironmentError } from '../errors/environment-error.js';

// The guest's init loads its drivers with busybox `insmod`, which takes one file and knows nothing of
// dependencies. So the order is worked out here, on the host: each module's `depends=` field is read
// from its .modinfo section (no depmod or modules.dep needed: a kernel unpacked with `dpkg -x` has no
// modules.dep), and dependencies come first. Modules built into the kernel are skipped.

/** A module to put in the initramfs, in load order. */
export interface GuestModule {
  name: string;
  data: Buffer;
}

// Why: the drivers a guest needs (virtio disks, overlayfs, ...) plus their dependencies, in load order.
export function resolveModules(modulesDir: string, wanted: string[]): GuestModule[] {
  const index = indexModules(modulesDir);
  const builtin = builtinModules(modulesDir);
  const order: GuestModule[] = [];
  const seen = new Set<string>();
  const visit = (raw: string, chain: string[]): void => {
    const name = normalize(raw);
    if (seen.has(name) || builtin.has(name)) return;
    const path = index.get(name);
    if (!path) throw new EnvironmentError(`kernel module ${name} not found in ${modulesDir}${chain.length ? ` (needed by ${chain.join(' <- ')})` : ''}`);
    seen.add(name);
    const data = loadModule(path);
    for (const dep of modinfoDepends(data)) visit(dep, [name, ...chain]);
    order.push({ name, data });
  };
  for (const name of wanted) visit(name, []);
  return order;
}

// Why: whether a kernel has a module (a file in its tree, or built in), for features chosen per run.
export function moduleAvailable(modulesDir: string, name: string): boolean {
  const n = normalize(name);
  return indexModules(modulesDir).has(n) || builtinModules(modulesDir).has(n);
}

// Why: a module's dependencies are listed in its own .modinfo section as `depends=a,b`.
export function modinfoDepends(ko: Buffer): string[] {
  const at = ko.indexOf('\0depends=');
  if (at < 0) return [];
  const start = at + '\0depends='.length;
  const end = ko.indexOf(0, start);
  return ko.toString('latin1', start, end).split(',').filter(Boolean);
}

function normalize(name: string): string {
  return name.replace(/-/g, '_');
}

const indexes = new Map<string, Map<string, string>>();

// A kernel's module tree is walked once per process (a generic kernel has thousands of modules).
function indexModules(modulesDir: string): Map<string, string> {
  const known = indexes.get(modulesDir);
  if (known) return known;
  const index = new Map<string, string>();
  indexes.set(modulesDir, index);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ko(\.(gz|xz|zst))?$/.test(entry.name)) index.set(normalize(entry.name.replace(/\.ko(\..*)?$/, '')), path);
    }
  };
  walk(join(modulesDir, 'kernel'));
  return index;
}

function builtinModules(modulesDir: string): Set<string> {
  const file = join(modulesDir, 'modules.builtin');
  if (!existsSync(file)) return new Set();
  return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => normalize(basename(l).replace(/\.ko$/, ''))));
}

function loadModule(path: string): Buffer {
  const raw = readFileSync(path);
  if (path.endsWith('.gz')) return gunzipSync(raw);
  if (path.endsWith('.xz')) return execFileSync('xz', ['-dc', path], { maxBuffer: 1 << 28 });
  if (path.endsWith('.zst')) return execFileSync('zstd', ['-dcq', path], { maxBuffer: 1 << 28 });
  return raw;
}
