import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { cacheLocation, readCache } from '../code-cache/cache-file.js';
import type { CpioEntry } from './cpio.js';
import { GUEST_BUNDLE, GUEST_RUN } from './guest-command.js';

// The project's own build (dist/, build/Release or prebuilds/, scenarios/, package.json: a few MiB) changes with
// every compile, and tsc rewrites every output's mtime even when nothing changed. So it does not go
// into the cached root image (whose rebuild copies ~180 MiB); it rides in each boot's initramfs under
// /project/<host path>, and the guest's init stacks /project as an overlay lower layer above the root
// image, so it appears at its host path with no copying.
// node_modules, which changes only with `npm install`, stays in the root image.
// The guest runs the host's node on the host's bundle, so the host's own code cache for that bundle
// (src/code-cache/: checked here exactly as the bin checks it) is handed in at the guest's cache
// directory (its HOME is /root); oomlab's start-up is most of a VM run's boot time under TCG.

/** The bundles a guest runs (the CLI's, and the one of a scenario run the host already checked), each
 *  with a command that compiles its start-up and changes nothing (the guest's refuses to run on a host). */
const CACHED_BUNDLES: ReadonlyArray<readonly [bundle: string, training: readonly string[]]> = [['oomlab-cli.cjs', ['list']], [GUEST_BUNDLE, [GUEST_RUN]]];

/** What of the project goes into each boot, relative to the project root. */
const PROJECT_ENTRIES = ['package.json', 'dist', 'build/Release', 'prebuilds', 'scenarios'];

// Declarations and source maps are for editors and debuggers, not for running: they stay out.
const SKIP = /(^|\/)(obj\.target|\.deps)(\/|$)|\.d\.ts$|\.map$/;

// Why: the project's build as initramfs entries under /project, at its host path.
export function projectLayer(repo: string, extra: readonly string[] = []): CpioEntry[] {
  const entries: CpioEntry[] = [];
  const dirs = new Set<string>();
  const addDir = (path: string): void => {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!dirs.has(d)) entries.push({ path: d, kind: 'dir' });
      dirs.add(d);
    }
  };
  const addFile = (abs: string): void => {
    const st = statSync(abs);
    addDir(join('project', abs, '..'));
    entries.push({ path: join('project', abs), kind: 'file', data: readFileSync(abs), mode: st.mode & 0o777 });
  };
  // A symbolic link to a file is carried as the file; one to a directory is not followed (a loop
  // would never end).
  const walk = (abs: string): void => {
    const l = lstatSync(abs);
    if (l.isSymbolicLink() && !statSync(abs, { throwIfNoEntry: false })?.isFile()) return;
    if (!l.isDirectory()) return addFile(abs);
    for (const name of readdirSync(abs).sort()) {
      const child = join(abs, name);
      if (!SKIP.test(relative(repo, child))) walk(child);
    }
  };
  // `extra`: paths relative to the project, or absolute (a scenario's command directories).
  for (const rel of [...PROJECT_ENTRIES, ...extra]) if (existsSync(resolve(repo, rel))) walk(resolve(repo, rel));
  const caches = CACHED_BUNDLES.map(([name, training]) => hostCodeCache(repo, name, training)).filter((c) => c !== undefined);
  if (caches.length) entries.push({ path: 'project/root', kind: 'dir', mode: 0o700 }, { path: 'project/root/.cache', kind: 'dir', mode: 0o700 }, { path: 'project/root/.cache/oomlab', kind: 'dir', mode: 0o700 });
  for (const cache of caches) entries.push({ path: `project/root/.cache/oomlab/${cache.name}`, kind: 'file', data: cache.bytes, mode: 0o600 });
  return entries;
}

// Why: this user's code cache for a bundle the guest will run, when there is a trustworthy one. A user
// who never ran that bundle here (the guest's is never run on a host; the build trained only the
// building user's) gets one made now, once per build, by its training command: else each of their
// VMs would compile it under TCG.
function hostCodeCache(repo: string, name: string, training: readonly string[]): { name: string; bytes: Buffer } | undefined {
  const bundle = join(repo, 'dist', name);
  if (!existsSync(bundle)) return undefined;
  const loc = cacheLocation(readFileSync(bundle));
  if (!loc) return undefined;
  let read = readCache(loc);
  if (read.status === 'missing' && read.writable) {
    try {
      execFileSync(process.execPath, [join(repo, 'dist', 'oomlab.cjs'), ...training], { env: { ...process.env, OOMLAB_CODE_CACHE: 'write', OOMLAB_IN_VM: '' }, stdio: 'ignore', timeout: 60_000 });
    } catch {
      // the guest's refuses (exit 2) as it should, and writes its cache as it exits
    }
    read = readCache(loc);
  }
  return read.file ? { name: basename(loc.file), bytes: read.file } : undefined;
}
