import { basename, join, posix, relative } from 'node:path';
import { EnvironmentError } from '../errors/environment-error.js';
import { InputError, showValue } from '../errors/input-error.js';
import { realIo, type CgroupIo } from './io.js';
import { detectHierarchy, type Hierarchy } from './detect.js';
import { ensureMemoryDelegated, type DelegationResult } from './delegation.js';
import { createCgroup, type Cgroup, type CgroupContext } from './cgroup.js';
import { cleanupStale, type CleanupResult } from './cleanup.js';
import type { DestroyOptions } from './destroy.js';
import { newRunId, ownedName, ownerAlive, parseOwnedName, readOwner, type Owner } from './names.js';
import { hostSwappiness } from './swappiness.js';
import { hostRecorder } from '../state/recorder.js';
import { restoreStaleRecords, type RestoreResult } from '../state/host-record.js';
import type { CgroupVersion, MemoryLimits } from './types.js';

// Where a run's cgroups go: under the harness's own memory cgroup, or under --cgroup-parent. Opening
// the root only reads (detection, paths); the first createRun does what v2 needs to make children.

/** How to open the root. */
export interface CgroupRootOptions {
  /** --cgroup-parent: a cgroup path in the memory hierarchy (e.g. /oomlab.slice) or a directory under its mount. */
  parent?: string;
  /** The directory that stands for "/" (tests point this at a fake tree). Default "/". */
  fsRoot?: string;
  /** Replace the file operations entirely (tests simulating the kernel). */
  io?: CgroupIo;
  /** On v2, a `swappiness` limit may change the host vm.swappiness for the run (restored on destroy). */
  allowHostSwappiness?: boolean;
  /** The harness pid recorded in group names (default: this process). */
  pid?: number;
}

/** The place a run's cgroups are made, and the way to make them. */
export interface CgroupRoot {
  readonly version: CgroupVersion;
  readonly hierarchy: Hierarchy;
  /** The parent directory of the run's groups. */
  readonly dir: string;
  readonly owner: Owner;
  /** v2: the leaf the harness moved itself into (after the first createRun), if it had to. */
  readonly harnessLeaf: string | undefined;
  /** The run's top group, named oomlab-<runId>-p<pid>-t<start> so cleanup can recognise it. */
  createRun(limits?: MemoryLimits, opts?: { runId?: string; field?: string }): Cgroup;
  /** Remove groups under `dir` left by harnesses that are gone, and put back the host settings they changed. */
  cleanupStale(opts?: DestroyOptions): Promise<CleanupResult & { host: RestoreResult }>;
}

// Why: the entry point of the cgroup layer.
export function openCgroupRoot(opts: CgroupRootOptions = {}): CgroupRoot {
  const io = opts.io ?? realIo(opts.fsRoot ?? '/');
  const hierarchy = detectHierarchy(io);
  const owner = readOwner(io, opts.pid ?? process.pid);
  if (!owner) throw new EnvironmentError(`cannot read /proc/${opts.pid ?? process.pid}/stat`, 'is /proc mounted?');
  const { dir, isRoot } = resolveParent(io, hierarchy, owner, opts.parent);
  const ctx: CgroupContext = { io, version: hierarchy.version, swappiness: hostSwappiness(io, opts.allowHostSwappiness ?? false, hostRecorder(io.fsRoot, owner)) };
  let delegated: DelegationResult | undefined;
  return {
    version: hierarchy.version,
    hierarchy,
    dir,
    owner,
    get harnessLeaf() {
      return delegated?.harnessLeaf;
    },
    createRun(limits = {}, runOpts = {}) {
      if (hierarchy.version === 2 && !delegated) delegated = ensureMemoryDelegated(io, dir, opts.parent ? 'explicit' : 'own', isRoot, owner);
      return createCgroup(ctx, dir, ownedName(runOpts.runId ?? newRunId(), owner), limits, runOpts.field ?? 'cgroup');
    },
    // Groups first: a dead harness's members must be gone before its swapfile is turned off.
    cleanupStale: async (o) => ({ ...(await cleanupStale(io, dir, o)), host: restoreStaleRecords({ fsRoot: io.fsRoot, alive: (w) => ownerAlive(io, w) }) }),
  };
}

function resolveParent(io: CgroupIo, h: Hierarchy, owner: Owner, parent?: string): { dir: string; isRoot: boolean } {
  const mount = io.at(h.mountPoint);
  if (parent === undefined) {
    let own = h.ownPath;
    // On v2 an earlier root in this process may have moved the harness into its own leaf: use the leaf's parent.
    const leaf = parseOwnedName(basename(own));
    if (leaf?.tag === 'harness' && leaf.owner.pid === owner.pid) own = posix.dirname(own);
    const dir = under(mount, own);
    if (!io.exists(dir)) {
      throw new EnvironmentError(`this process's cgroup ${own} is not visible at ${dir}`, 'a container without a cgroup namespace? pass --cgroup-parent');
    }
    return { dir, isRoot: own === '/' };
  }
  const expected = `an existing cgroup: a path in the memory hierarchy (e.g. /oomlab.slice) or a directory under ${h.mountPoint}`;
  const rel = parent.startsWith(`${h.mountPoint}/`) ? parent.slice(h.mountPoint.length) : parent;
  if (!rel.startsWith('/') || rel.split('/').includes('..')) throw new InputError('--cgroup-parent', expected, showValue(parent));
  const dir = under(mount, rel);
  if (!io.exists(dir)) throw new InputError('--cgroup-parent', expected, showValue(parent));
  const isRoot = relative(mount, dir) === '';
  if (isRoot && h.ownPath !== '/') {
    throw new InputError('--cgroup-parent', `a cgroup below the hierarchy root (oomlab never makes groups at ${h.mountPoint} unless it runs there)`, showValue(parent));
  }
  return { dir, isRoot };
}

// join() keeps a trailing slash ("/sys/fs/cgroup/" for "/"); paths here never end in one.
const under = (mount: string, cgroupPath: string) => join(mount, cgroupPath).replace(/(.)\/+$/, '$1');
