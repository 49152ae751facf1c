import { join } from 'node:path';
import { EnvironmentError } from '../errors/environment-error.js';
import { cgroupError } from './errors.js';
import { enableMemoryForChildren } from './delegation.js';
import { InputError, showValue } from '../errors/input-error.js';
import { readPids, type CgroupIo } from './io.js';
import { destroyCgroup, type DestroyOptions } from './destroy.js';
import { checkLimits, planLimits } from './limits.js';
import { readLimits } from './limits-read.js';
import { readCgroup, readOwnOomKills } from './reads.js';
import type { HostSwappiness } from './swappiness.js';
import { parseLimit } from './values.js';
import { writeControl } from './write.js';
import type { CgroupReading, CgroupVersion, MemoryLimits } from './types.js';

// One cgroup oomlab made, on either version. The handle is the only way to reach it, so everything
// removed by destroy() is something oomlab created.

/** A cgroup oomlab made. */
export interface Cgroup {
  readonly version: CgroupVersion;
  readonly name: string;
  /** Its directory (under fsRoot). */
  readonly path: string;
  /** The file a process writes its pid into to join (the hog does this before it allocates). */
  readonly procsFile: string;
  /** Apply limits; absent fields are left as they are. `field` names the source in errors. */
  setLimits(limits: MemoryLimits, field?: string): void;
  /** The limits the kernel holds now. */
  readLimits(): MemoryLimits;
  /** Usage, peak, swap, events, memory.stat and PSI. */
  read(): CgroupReading;
  /** The same without memory.stat (`stat` is {}): what the sampler reads every tick. */
  sample(): CgroupReading;
  /** Pids in this group (not its children). */
  pids(): number[];
  /** OOM kills of processes in this group itself, not its children (v1 oom_control, v2 memory.events.local). */
  ownOomKills(): number;
  /** A sub-group (scenario `groups`), destroyed with this one. */
  createChild(name: string, limits?: MemoryLimits, field?: string): Cgroup;
  /** A child without limits for this group's own processes (named `_members`, which no scenario group
   *  can be: names start with a letter): on v2 a group whose children have controllers may hold none. */
  createMembersLeaf(): Cgroup;
  /** Kill every member of the subtree, wait until empty, rmdir depth-first. */
  destroy(opts?: DestroyOptions): Promise<void>;
}

/** What a handle needs from the root that made it. */
export interface CgroupContext {
  io: CgroupIo;
  version: CgroupVersion;
  swappiness: HostSwappiness;
}

const CHILD_RE = /^[a-z][a-z0-9_-]{0,47}$/;
const V1_PLAIN_FILES = new Set(['tasks', 'notify_on_release', 'release_agent']);

// Why: mkdir + limits as one step; if the limits are refused, the new directory is removed again.
export function createCgroup(ctx: CgroupContext, parentDir: string, name: string, limits: MemoryLimits, field: string): Cgroup {
  const path = join(parentDir, name);
  const checked = checkLimits(limits, field);
  try {
    ctx.io.mkdir(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new EnvironmentError(`cgroup ${path} already exists`, 'another run with the same name? `oomlab cleanup` removes stale ones');
    throw cgroupError(`cannot create cgroup ${path}: ${code ?? err}`, code, 'needs root, or a writable (delegated) cgroup; see --cgroup-parent');
  }
  const cg = handle(ctx, path, name);
  try {
    cg.setLimits(checked, field);
  } catch (err) {
    try {
      ctx.io.rmdir(path);
    } catch {
      // leave it for destroy/cleanup; the limit error is what matters
    }
    throw err;
  }
  return cg;
}

/** The members leaf's name (createMembersLeaf). */
const MEMBERS_LEAF = '_members';

function handle(ctx: CgroupContext, path: string, name: string): Cgroup {
  const { io, version } = ctx;
  const releases: (() => void)[] = [];
  const children: Cgroup[] = [];
  const cg: Cgroup = {
    version,
    name,
    path,
    procsFile: join(path, 'cgroup.procs'),
    setLimits(limits, field = 'limits') {
      const l = checkLimits(limits, field);
      const has = (file: string) => io.exists(join(path, file));
      const read = (file: string) => parseLimit(io.read(join(path, file)));
      const cur = version === 1
        ? { version, has, memory: read('memory.limit_in_bytes'), ...(has('memory.memsw.limit_in_bytes') ? { memsw: read('memory.memsw.limit_in_bytes') } : {}) }
        : { version, has };
      const plan = planLimits(l, cur);
      const release = plan.hostSwappiness === undefined ? undefined : ctx.swappiness.acquire(plan.hostSwappiness, `${field}.swappiness`);
      try {
        for (const w of plan.writes) writeControl(io, path, w.file, w.value);
      } catch (err) {
        release?.();
        throw err;
      }
      if (release) releases.push(release);
    },
    readLimits: () => readLimits(io, path, version),
    read: () => readCgroup(io, path, version),
    sample: () => readCgroup(io, path, version, false),
    pids: () => readPids(io, path),
    ownOomKills: () => readOwnOomKills(io, path, version, children.map((c) => c.path)),
    createChild(childName, limits = {}, field = `groups.${childName}`) {
      if (!CHILD_RE.test(childName) || V1_PLAIN_FILES.has(childName)) {
        throw new InputError(field, 'a name of lower-case letters, digits, - and _, starting with a letter (not tasks, notify_on_release, release_agent)', showValue(childName));
      }
      if (version === 2) enableMemoryForChildren(io, path);
      const child = createCgroup(ctx, path, childName, limits, field);
      children.push(child);
      return child;
    },
    createMembersLeaf() {
      if (version === 2) enableMemoryForChildren(io, path);
      const child = createCgroup(ctx, path, MEMBERS_LEAF, {}, 'cgroup');
      children.push(child);
      return child;
    },
    async destroy(opts) {
      try {
        await destroyCgroup(io, path, opts);
      } finally {
        for (const c of children) await c.destroy(opts).catch(() => undefined);
        for (const release of releases.splice(0)) release();
      }
    },
  };
  return cg;
}
