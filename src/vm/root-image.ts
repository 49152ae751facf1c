import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EnvironmentError } from '../errors/environment-error.js';
import { privateTempRoot } from '../host/private-temp.js';
import { PACKAGE_ROOT } from '../native/build-paths.js';
import { findBusybox } from './busybox.js';

// Why an ext4 image and not a share of the host's tree: the Debian cloud kernel has no 9p
// (CONFIG_NET_9P is off) and virtiofs needs a host daemon (virtiofsd) running beside qemu. So the
// host's own node (with the libraries ldd names, also those of build/Release's binaries), a static
// busybox, and the project's node_modules are copied, at their host paths, into a
// staging directory, and `mkfs.ext4 -d` (e2fsprogs; no loop device, no root needed) turns that into
// an image the guest mounts read-only under a tmpfs overlay. Nothing is downloaded. The image is
// cached in .cache/vm-root (or, for a user who cannot write there, in their private temp directory),
// keyed by the size and mtime of every file that goes in, so it is rebuilt (several seconds) only
// after `npm install` or an upgrade of node.

/** A built root image. */
interface RootImage {
  path: string;
  /** True when this call built it (false: it came from the cache). */
  built: boolean;
}

/** Where root images are cached. */
const ROOT_CACHE_DIR = join(PACKAGE_ROOT, '.cache', 'vm-root');

const LAYOUT_VERSION = '1';
/** What of the project goes in: only its dependencies. Its own build rides in each boot's initramfs
 *  (project-layer.ts), as it changes with every compile. */
const REPO_ENTRIES = ['node_modules'];
/** Caches that tools write inside node_modules at run time (vitest's results, ...): not content. */
const SKIP = /\/node_modules\/\.(vite[^/]*|vitest|cache)(\/|$)/;

// Why: the guest runs the host's node and the project's build, so it needs them on a disk of its own.
export function ensureRootImage(opts: { repo?: string; node?: string; cacheDir?: string } = {}): RootImage {
  const repo = opts.repo ?? PACKAGE_ROOT;
  const node = opts.node ?? process.execPath;
  const busybox = findBusybox().path;
  const binaries = [node, ...nativeBinaries(repo)];
  const libs = [...new Set(binaries.flatMap(sharedLibraries))];
  // The native binaries are here only for the libraries they load; they themselves ride in the initramfs.
  const key = fingerprint([busybox, node, ...libs], repo);
  const name = `root-${key}.img`;
  // A user who cannot write the package's cache (not root, where root installed it) still uses an image
  // built there, and builds a missing one in a cache of their own.
  const shared = opts.cacheDir ?? ROOT_CACHE_DIR;
  if (existsSync(join(shared, name))) return { path: join(shared, name), built: false };
  const cacheDir = opts.cacheDir || canWrite(shared) ? shared : join(privateTempRoot(), 'vm-root');
  const path = join(cacheDir, name);
  if (existsSync(path)) return { path, built: false };

  mkdirSync(cacheDir, { recursive: true });
  const stage = mkdtempSync(join(tmpdir(), 'oomlab-vm-root-'));
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    for (const dir of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'run', 'root', 'results', 'oomlab']) mkdirSync(join(stage, dir));
    copyInto(stage, busybox, '/bin/busybox');
    for (const applet of findBusybox().applets) symlinkSync('busybox', join(stage, 'bin', applet));
    copyInto(stage, node, node);
    for (const lib of libs) copyInto(stage, lib, lib);
    writeFileSync(join(stage, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
    writeFileSync(join(stage, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
    for (const name of REPO_ENTRIES.filter((n) => existsSync(join(repo, n)))) {
      cpSync(join(repo, name), join(stage, repo, name), { recursive: true, verbatimSymlinks: true, filter: (src) => !SKIP.test(src) });
    }
    const bytes = treeBytes(stage);
    const sizeMiB = Math.ceil((bytes.size * 1.1) / 2 ** 20) + 64;
    mkfsExt4(stage, tmp, sizeMiB, bytes.count * 2 + 4096);
    for (const old of readdirSync(cacheDir).filter((f) => f.startsWith('root-') && f.endsWith('.img'))) rmSync(join(cacheDir, old), { force: true });
    renameSync(tmp, path);
    return { path, built: true };
  } finally {
    rmSync(stage, { recursive: true, force: true });
    rmSync(tmp, { force: true });
  }
}

// A cache directory this user may write, or the place to make one.
function canWrite(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(d)) {
      try {
        accessSync(d, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    }
    if (d === dirname(d)) return false;
  }
}

// The project's own binaries (built from source or prebuilt), and every native addon in node_modules (a dependency's .node file may
// load a library node does not, such as librt: vitest's bundler does, when a test suite runs in a guest).
function nativeBinaries(repo: string): string[] {
  const own = [join(repo, 'build', 'Release'), join(repo, 'prebuilds', `${process.platform}-${process.arch}`)].flatMap((dir) =>
    existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.node') || f === 'oomlab-hog').map((f) => join(dir, f)) : [],
  );
  const modules = join(repo, 'node_modules');
  const addons = existsSync(modules)
    ? readdirSync(modules, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.node')).map((f) => join(modules, f))
    : [];
  return [...own, ...addons];
}

// Why: the libraries a dynamically linked program loads, as the paths ldd resolves them to. Without
// ldd itself that list would be empty, and an image built from it would hold a node that cannot start
// (the guest then says only `node: not found`): so a missing ldd, or a dynamic program with no
// library found, is this machine's problem, said before anything is built.
function sharedLibraries(binary: string): string[] {
  let out: string;
  try {
    out = execFileSync('ldd', [binary], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/bin:/bin` } });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new EnvironmentError('ldd not found: the VM root image needs the libraries of the host\'s node', 'apt-get install libc-bin');
    return []; // static, or not an ELF file
  }
  const libs = [...out.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]).filter((p): p is string => !!p);
  if (!libs.length && /=>|ld-linux/.test(out)) throw new EnvironmentError(`ldd named no library path for ${binary}: ${out.trim().split('\n')[0]}`, 'check that the host\'s node runs (ldd on it)');
  return libs;
}

function copyInto(stage: string, from: string, at: string): void {
  const dest = join(stage, at);
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(from, dest, { dereference: true });
}

function fingerprint(files: string[], repo: string): string {
  const hash = createHash('sha256').update(LAYOUT_VERSION);
  const add = (path: string): void => {
    if (SKIP.test(path)) return;
    const st = lstatSync(path);
    hash.update(`${path}\0${st.size}\0${st.mtimeMs}\0`);
    if (st.isDirectory()) for (const name of readdirSync(path).sort()) add(join(path, name));
  };
  for (const f of files) {
    const st = statSync(f);
    hash.update(`${f}\0${st.size}\0${st.mtimeMs}\0`);
  }
  for (const name of REPO_ENTRIES) if (existsSync(join(repo, name))) add(join(repo, name));
  return hash.digest('hex').slice(0, 16);
}

function treeBytes(dir: string): { size: number; count: number } {
  let size = 0;
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    count++;
    if (entry.isFile()) size += statSync(join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return { size, count };
}

function mkfsExt4(stage: string, image: string, sizeMiB: number, inodes: number): void {
  try {
    execFileSync('mkfs.ext4', ['-q', '-F', '-O', '^has_journal', '-m', '0', '-N', String(inodes), '-L', 'oomlab-root', '-E', 'root_owner=0:0', '-d', stage, image, `${sizeMiB}M`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` },
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new EnvironmentError(`mkfs.ext4 could not build the VM root image${stderr ? `: ${stderr}` : ''}`, 'apt-get install e2fsprogs (1.43 or later, for mkfs.ext4 -d)');
  }
}
