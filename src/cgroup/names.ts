import { randomBytes } from 'node:crypto';
import { InputError, showValue } from '../errors/input-error.js';
import { readOptional, type CgroupIo } from './io.js';

// The cgroups oomlab makes directly under a parent carry their owner in the name:
//   oomlab-<tag>-p<pid>-t<start>
// tag is the run id (or "harness" for the leaf the harness moves itself into on v2), pid the harness's
// pid, start its start time in clock ticks after boot (/proc/<pid>/stat field 22). A group is stale
// when no process has that pid with that start time: the harness died (or was SIGKILLed) and the pid,
// even if reused since, belongs to someone else. Nothing without this prefix is ever removed.

/** The process that made a group. */
export interface Owner {
  pid: number;
  startTicks: number;
}

/** A name oomlab made, taken apart. */
interface OomlabName {
  tag: string;
  owner: Owner;
}

const NAME_RE = /^oomlab-([a-z0-9]+)-p(\d+)-t(\d+)$/;
const TAG_RE = /^[a-z0-9]{1,32}$/;

// Why: a short run id that sorts by time (base-36 milliseconds, then random).
export function newRunId(now = Date.now()): string {
  return `${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

// Why: the one spelling of an owned group's name.
export function ownedName(tag: string, owner: Owner): string {
  if (!TAG_RE.test(tag)) throw new InputError('runId', 'lower-case letters and digits, at most 32', showValue(tag));
  return `oomlab-${tag}-p${owner.pid}-t${owner.startTicks}`;
}

// Why: cleanup recognises oomlab's groups by name and nothing else.
export function parseOwnedName(name: string): OomlabName | undefined {
  const m = NAME_RE.exec(name);
  if (!m) return undefined;
  return { tag: m[1]!, owner: { pid: Number(m[2]), startTicks: Number(m[3]) } };
}

// Why: the start time makes a pid unique across reuse; read from /proc/<pid>/stat under fsRoot.
export function readOwner(io: CgroupIo, pid: number): Owner | undefined {
  const text = readOptional(io, io.at(`/proc/${pid}/stat`));
  if (text === undefined) return undefined;
  // Field 2 (comm) may contain spaces and parentheses; the fields after the last ")" start at field 3.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const start = Number(rest[19]);
  return Number.isSafeInteger(start) ? { pid, startTicks: start } : undefined;
}

// Why: "is the harness that made this still running?" — same pid and same start time.
export function ownerAlive(io: CgroupIo, owner: Owner): boolean {
  const now = readOwner(io, owner.pid);
  return now !== undefined && now.startTicks === owner.startTicks;
}
