import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

// V8's code cache for the CLI's bundle, kept per user and per bundle, never shipped. V8 checks a cache
// only against its own version, its flags and the *length* of the source: a cache made from another
// bundle of the same length is accepted, and then the cached code runs instead of the visible file.
// So the cache is never taken from the package (anyone upstream could have made it), but made on this
// machine, by this user, from this bundle: its file name and its first line carry the SHA-256 of the
// bundle's bytes together with node's and V8's versions and the architecture, and a cache is used only
// when that line matches the bundle being run, and only from a file and directory that belong to this
// user and that nobody else can write (the cache runs as code with this user's rights). It lives in
// $OOMLAB_CACHE_DIR, else $XDG_CACHE_HOME/oomlab, else ~/.cache/oomlab. This module imports node's
// built-ins only: the bin (src/cli/launcher.ts) runs it before anything else is loaded.

const MAGIC = 'oomlab-v8-code-cache/1';

/** Where one bundle's cache lives, and the key it must carry. */
interface CacheLocation {
  dir: string;
  file: string;
  /** SHA-256 (hex) of the bundle's bytes, node's and V8's versions and the architecture. */
  key: string;
}

/** A cache as read: its V8 data when usable, else why not. */
interface CacheRead {
  data?: Buffer;
  /** The whole file (its key line and the data), when usable: what a VM guest is handed. */
  file?: Buffer;
  /** `used`, `missing`, or what was wrong (`refused: ...`, `rejected: ...`). */
  status: string;
  /** Whether writing a fresh cache here is safe and useful. */
  writable: boolean;
}

const euid = (): number => process.geteuid?.() ?? -1;

// Why: the one key that ties a cache to the bundle's exact bytes and to this node.
function cacheKey(bundle: Buffer): string {
  return createHash('sha256').update(bundle).update(`\0${process.version}\0${process.versions.v8}\0${process.arch}`).digest('hex');
}

// Why: the cache's place for this bundle, or undefined where this user has no cache directory.
export function cacheLocation(bundle: Buffer, env: NodeJS.ProcessEnv = process.env): CacheLocation | undefined {
  let dir = env.OOMLAB_CACHE_DIR;
  if (!dir) {
    const base = env.XDG_CACHE_HOME || (env.HOME ?? safeHomedir());
    if (!base) return undefined;
    dir = env.XDG_CACHE_HOME ? join(base, 'oomlab') : join(base, '.cache', 'oomlab');
  }
  const key = cacheKey(bundle);
  return { dir, file: join(dir, `cli-${key.slice(0, 32)}.v8`), key };
}

/** Caches kept per user: each build makes two (the CLI's bundle and a VM guest's); a few installs may share the directory. */
const KEEP = 6;

function pruneOld(dir: string): void {
  const caches = readdirSync(dir)
    .filter((n) => /^cli-[0-9a-f]{32}\.v8$/.test(n))
    .map((n) => ({ path: join(dir, n), mtime: lstatSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of caches.slice(KEEP)) rmSync(old.path, { force: true });
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function safeHomedir(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

// Why: a directory or file the cache may come from: ours, and writable by nobody else.
function ownershipProblem(what: string, st: { uid: number; mode: number }): string | undefined {
  if (st.uid !== euid()) return `${what} belongs to uid ${st.uid}, not to this user`;
  if ((st.mode & 0o022) !== 0) return `${what} is writable by others (mode ${(st.mode & 0o777).toString(8)})`;
  return undefined;
}

// Why: read a cache only when it provably belongs to this user and to this bundle.
export function readCache(loc: CacheLocation): CacheRead {
  let dirStat;
  try {
    dirStat = lstatSync(loc.dir);
  } catch {
    return { status: 'missing', writable: true };
  }
  if (!dirStat.isDirectory()) return { status: `refused: ${loc.dir} is not a directory`, writable: false };
  const dirProblem = ownershipProblem(loc.dir, dirStat);
  if (dirProblem) return { status: `refused: ${dirProblem}`, writable: false };
  let fd: number;
  try {
    fd = openSync(loc.file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { status: 'missing', writable: true };
    return { status: `refused: ${loc.file} ${code === 'ELOOP' ? 'is a symbolic link' : `cannot be read (${code})`}`, writable: true };
  }
  try {
    const st = fstatSync(fd);
    const problem = !st.isFile() ? `${loc.file} is not a regular file` : ownershipProblem(loc.file, st);
    if (problem) return { status: `refused: ${problem}`, writable: true };
    const bytes = readFileSync(fd);
    const nl = bytes.indexOf(10);
    const header = nl < 0 ? '' : bytes.toString('latin1', 0, nl);
    if (header !== `${MAGIC} ${loc.key}`) return { status: 'rejected: it was not made from this bundle with this node (its key does not match)', writable: true };
    return { data: bytes.subarray(nl + 1), file: bytes, status: 'used', writable: true };
  } finally {
    closeSync(fd);
  }
}

// Why: write a fresh cache atomically (a temp file renamed over the old one: a link in its place is
// replaced, never followed), making the directory 0700 only where its parent is this user's.
export function writeCache(loc: CacheLocation, data: Buffer): boolean {
  try {
    try {
      lstatSync(loc.dir);
    } catch {
      // ~/.cache may not exist yet either: the nearest existing ancestor must be this user's.
      let parent = dirname(loc.dir);
      for (let i = 0; i < 2 && !exists(parent); i++) parent = dirname(parent);
      if (lstatSync(parent).uid !== euid()) return false;
      mkdirSync(loc.dir, { recursive: true, mode: 0o700 });
    }
    if (ownershipProblem(loc.dir, lstatSync(loc.dir))) return false;
    const tmp = `${loc.file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC} ${loc.key}\n`, 'latin1'), data]), { mode: 0o600, flag: 'wx' });
    try {
      renameSync(tmp, loc.file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    pruneOld(loc.dir);
    return true;
  } catch {
    return false; // a cache only saves time: without one the bin compiles as usual
  }
}
