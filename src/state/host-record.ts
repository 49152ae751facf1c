import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { EnvironmentError } from '../errors/environment-error.js';

// What a run changed on the host outside its cgroups (the host vm.swappiness on v2, a temporary
// swapfile it turned on), written down *before* the change, so that a harness that is SIGKILLed
// leaves a note from which `oomlab cleanup` and the next run's stale sweep put the host back.
//
// Where: /run/oomlab (under fsRoot), one file per harness, host-p<pid>-t<start ticks>.json. Not beside
// the run's cgroup: cgroupfs holds only the kernel's control files, a regular file cannot be made
// there. /run is a root-owned tmpfs emptied at boot, exactly when the sysctl and the swapon the note
// describes are gone too, so a note never outlives its state. The directory must be ours (owned by
// our euid, a real directory and no symlink, no group or other access) before anything is read from
// it or written to it: another local user who could plant a note could make root write a value of
// their choosing to a sysctl or swapoff a file. Notes are written whole (a temp file, then rename).

/** The one sysctl a run may change, and the only one a note may restore. */
export const SWAPPINESS_FILE = '/proc/sys/vm/swappiness';

/** A harness: a pid and its start time (unique across pid reuse). */
export interface RecordOwner {
  pid: number;
  startTicks: number;
}

/** One harness's note: what to put back if it dies without doing so itself. */
export interface HostRecord {
  owner: RecordOwner;
  /** vm.swappiness before the run changed it, and the value the run set. */
  swappiness?: { original: string; set: string };
  /** Swapfiles the run turned on (each in an oomlab-swap-* directory of its own). */
  swapfiles?: string[];
}

const NAME_RE = /^host-p(\d{1,10})-t(\d{1,20})\.json$/;
const SWAPFILE_RE = /^\/.*\/oomlab-swap-[A-Za-z0-9]{6}\/swapfile$/;

// Why: where the notes live for a given "/" (tests point fsRoot at a temp tree).
export function stateDir(fsRoot = '/'): string {
  return join(fsRoot, 'run', 'oomlab');
}

// Why: a note is trusted only in a directory nobody but us can write; refuse anything else.
function checkDir(dir: string, create: boolean): boolean {
  if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
  let st;
  try {
    st = lstatSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !create) return false;
    throw err;
  }
  const euid = process.geteuid?.() ?? -1;
  // Only root changes host state, so only root's notes exist to act on; a user who is not root reads
  // none (root's are not theirs to act on, and could not be), whoever made the directory.
  if (!create && euid !== 0 && st.uid !== euid) return false;
  if (!st.isDirectory() || st.isSymbolicLink() || st.uid !== euid || (st.mode & 0o077) !== 0) {
    throw new EnvironmentError(`${dir} is not a private directory of this user (owner ${st.uid}, mode ${(st.mode & 0o7777).toString(8)})`, `remove it; oomlab keeps its notes of host changes there and makes it itself, mode 700`);
  }
  return true;
}

const fileOf = (dir: string, o: RecordOwner): string => join(dir, `host-p${o.pid}-t${o.startTicks}.json`);

// Why: the note is replaced whole, so a reader never sees half of one.
export function writeRecord(dir: string, record: HostRecord): void {
  checkDir(dir, true);
  const tmp = join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
  writeFileSync(tmp, `${JSON.stringify(record)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(tmp, fileOf(dir, record.owner));
}

// Why: the harness put everything back itself: its note goes.
export function removeRecord(dir: string, owner: RecordOwner): void {
  try {
    unlinkSync(fileOf(dir, owner));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** What restoring the notes of dead harnesses did. */
export interface RestoreResult {
  restored: string[];
  failed: { what: string; error: string }[];
}

/** How a restore reaches the host (tests replace swapoff). */
export interface RestoreHost {
  fsRoot: string;
  alive(owner: RecordOwner): boolean;
  swapoff?(path: string): void;
  activeSwaps?(): string[];
}

// Why: `oomlab cleanup` and the next run's stale sweep put back what a SIGKILLed harness changed.
export function restoreStaleRecords(host: RestoreHost): RestoreResult {
  const dir = stateDir(host.fsRoot);
  const out: RestoreResult = { restored: [], failed: [] };
  if (!checkDir(dir, false)) return out;
  for (const name of readdirSync(dir).sort()) {
    const m = NAME_RE.exec(name);
    if (!m) continue;
    const owner = { pid: Number(m[1]), startTicks: Number(m[2]) };
    if (host.alive(owner)) continue;
    const path = join(dir, name);
    let ok = true;
    const fail = (what: string, err: unknown): void => {
      ok = false;
      out.failed.push({ what, error: err instanceof Error ? err.message : String(err) });
    };
    let rec: HostRecord;
    try {
      rec = JSON.parse(readFileSync(path, 'utf8')) as HostRecord;
    } catch (err) {
      fail(`note ${path}`, err);
      continue;
    }
    const sw = rec.swappiness;
    if (sw && /^\d{1,3}$/.test(String(sw.original))) {
      try {
        writeFileSync(join(host.fsRoot, SWAPPINESS_FILE), String(sw.original));
        out.restored.push(`vm.swappiness ${sw.original} (harness ${owner.pid} had set ${sw.set})`);
      } catch (err) {
        fail(`vm.swappiness ${sw.original}`, err);
      }
    }
    for (const file of Array.isArray(rec.swapfiles) ? rec.swapfiles : []) {
      if (typeof file !== 'string' || !SWAPFILE_RE.test(file) || file.split('/').some((s) => s === '..' || s === '.')) continue;
      try {
        if ((host.activeSwaps ?? activeSwaps)().includes(file)) (host.swapoff ?? swapoff)(file);
        rmSync(dirname(join(host.fsRoot, file)), { recursive: true, force: true });
        out.restored.push(`swapfile ${file} turned off and removed (harness ${owner.pid})`);
      } catch (err) {
        fail(`swapfile ${file}`, err);
      }
    }
    if (ok) unlinkSync(path);
  }
  return out;
}

// Why: /proc/swaps names what is on; the first column is the path.
function activeSwaps(): string[] {
  try {
    return readFileSync('/proc/swaps', 'utf8').split('\n').slice(1).map((l) => l.split(/\s+/)[0]!).filter(Boolean);
  } catch {
    return [];
  }
}

function swapoff(path: string): void {
  execFileSync('swapoff', [path], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
}
