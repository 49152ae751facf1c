// Orphaned participants. Every participant starts with OOMLAB_HARNESS=<pid>:<start ticks> in its
// environment (spawn.ts), naming the harness that started it; an exec keeps it and children inherit
// it. A name is never enough: any user can call a process oomlab-hog. So a process is killed only
// when its /proc/<pid>/environ carries the marker, the harness it names is gone (no process with
// that pid and that start time), its real uid is our euid (root never kills another user's
// processes), and it was re-parented to pid 1. Stale cgroups' members are killed by cleanupStale.
import { readFileSync } from 'node:fs';
import { listPids, readPpid, readStartTicks } from '../proc/process-tree.js';
import { readText } from '../proc/read-file.js';

/** The environment variable every participant carries. */
export const HARNESS_ENV = 'OOMLAB_HARNESS';

/** The harness a marker names: a pid and its start time (unique across pid reuse). */
interface Harness {
  pid: number;
  startTicks: number;
}

/** One process the cleanup killed. */
interface KilledOrphan {
  pid: number;
  comm: string;
  harness: Harness;
}

let mine: string | undefined;

// Why: the marker value naming this process, put in every participant's environment.
export function harnessMarker(): string {
  mine ??= `${process.pid}:${readStartTicks(process.pid)}`;
  return mine;
}

const MARKER_RE = /^(\d{1,10}):(\d{1,20})$/;

// Why: the one parser of a marker value; undefined for anything malformed.
function parseHarnessMarker(value: string): Harness | undefined {
  const m = MARKER_RE.exec(value);
  if (!m) return undefined;
  const h = { pid: Number(m[1]), startTicks: Number(m[2]) };
  return h.pid > 0 && Number.isSafeInteger(h.startTicks) ? h : undefined;
}

// Why: environ is NUL-separated and only readable by its owner (or root); unreadable means no marker.
function readHarnessMarker(pid: number): Harness | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(`/proc/${pid}/environ`);
  } catch {
    return undefined;
  }
  const prefix = `${HARNESS_ENV}=`;
  for (const entry of bytes.toString('latin1').split('\0')) {
    if (entry.startsWith(prefix)) return parseHarnessMarker(entry.slice(prefix.length));
  }
  return undefined;
}

// Why: the real uid (first of the four on status's Uid: line) is whose process this is.
function readRealUid(pid: number): number | undefined {
  const m = /^Uid:\s+(\d+)/m.exec(readText(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) : undefined;
}

// Why: "is the harness that started this still running?" — same pid and same start time.
function harnessAlive(h: Harness): boolean {
  return readStartTicks(h.pid) === h.startTicks;
}

// Why: participants whose harness died before PR_SET_PDEATHSIG could take them (or their
// re-parented children) are found by the marker oomlab gave them, and killed; nobody else's.
export function killOrphanedParticipants(): KilledOrphan[] {
  const killed: KilledOrphan[] = [];
  const euid = process.geteuid?.() ?? -1;
  for (const pid of listPids()) {
    if (pid === process.pid || readPpid(pid) !== 1) continue;
    const start = readStartTicks(pid);
    if (start < 0 || readRealUid(pid) !== euid) continue;
    const harness = readHarnessMarker(pid);
    if (!harness || harnessAlive(harness)) continue;
    const comm = readText(`/proc/${pid}/comm`)?.trim() ?? '?';
    // Every read above was of this same process only if its start time is unchanged (pid reuse).
    if (readStartTicks(pid) !== start) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push({ pid, comm, harness });
    } catch {
      // gone already
    }
  }
  return killed;
}
