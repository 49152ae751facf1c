import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from '../errors/environment-error.js';
import { readStartTicks } from '../proc/process-tree.js';

// Temp space that other local users cannot touch. oomlab often runs as root, and /tmp is shared: a
// sweep of `/tmp/oomlab-vm-<dead pid>-*` would let anyone plant such a name (or swap a directory for a
// symbolic link mid-walk) and have root delete what they point at. So every temp directory oomlab
// makes for later sweeping lives in one private parent per user, `$TMPDIR/oomlab-<uid>`: made 0700,
// and used only after checking it is a real directory (not a link), owned by this user, with no
// access for group or others; anything else there is refused, not repaired. Inside it nobody else can
// create, rename or delete, so a sweep there cannot be steered. Each directory carries a marker naming
// the process that made it (pid and start time); a sweep removes only directories of its own kind
// whose maker is gone, and renames each into a fresh trash name first, so the removal never walks a
// path that something could still be using. Nothing outside the private parent is ever swept.
// ($XDG_RUNTIME_DIR is not used: it is a small tmpfs, and a VM's swap image lives here.)

const MARKER = '.oomlab-owner';

// Why: the private parent of this user's temp directories, made or checked.
export function privateTempRoot(base = tmpdir()): string {
  const uid = process.geteuid?.() ?? 0;
  const root = join(base, `oomlab-${uid}`);
  try {
    mkdirSync(root, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = lstatSync(root);
  const fix = `remove it, or point TMPDIR somewhere else`;
  if (st.isSymbolicLink()) throw new EnvironmentError(`${root} is a symbolic link, not oomlab's private temp directory`, fix);
  if (!st.isDirectory()) throw new EnvironmentError(`${root} is not a directory`, fix);
  if (st.uid !== uid) throw new EnvironmentError(`${root} belongs to uid ${st.uid}, not to this user (uid ${uid})`, fix);
  if ((st.mode & 0o077) !== 0) throw new EnvironmentError(`${root} is open to others (mode ${(st.mode & 0o777).toString(8)}; it must be 700)`, fix);
  return root;
}

// Why: a fresh temp directory of one kind (e.g. `vm`), after sweeping that kind's orphans.
export function makePrivateTempDir(kind: string, base?: string): string {
  const root = privateTempRoot(base);
  sweepOrphans(root, kind);
  const dir = mkdtempSync(join(root, `${kind}-${process.pid}-`));
  writeFileSync(join(dir, MARKER), `${process.pid} ${readStartTicks(process.pid)}\n`, { mode: 0o600 });
  return dir;
}

/** What a sweep did. */
interface SweepReport {
  removed: string[];
  kept: string[];
}

// Why: remove the directories of `kind` whose maker is gone, and only those.
export function sweepOrphans(root: string, kind: string): SweepReport {
  const report: SweepReport = { removed: [], kept: [] };
  const pattern = new RegExp(`^${kind}-\\d+-`);
  for (const name of readdirSync(root)) {
    if (!pattern.test(name)) continue;
    const path = join(root, name);
    if (!ownOrphan(path)) {
      report.kept.push(path);
      continue;
    }
    const trash = join(root, `trash-${process.pid}-${Math.random().toString(36).slice(2)}`);
    try {
      renameSync(path, trash);
      rmSync(trash, { recursive: true, force: true });
      report.removed.push(path);
    } catch {
      report.kept.push(path); // another sweep took it first
    }
  }
  return report;
}

function ownOrphan(path: string): boolean {
  try {
    const st = lstatSync(path);
    if (!st.isDirectory() || st.uid !== (process.geteuid?.() ?? 0)) return false;
    const m = /^(\d+) (-?\d+)\n$/.exec(readFileSync(join(path, MARKER), 'utf8'));
    if (!m) return false;
    const pid = Number(m[1]);
    return pid !== process.pid && readStartTicks(pid) !== Number(m[2]);
  } catch {
    return false; // no marker (or unreadable): not provably ours
  }
}
