import { join } from 'node:path';
import { EnvironmentError } from '../errors/environment-error.js';
import { readPids, readOptional, type CgroupIo } from './io.js';
import { ownedName, type Owner } from './names.js';
import { writeControl } from './write.js';
import { writeFailed } from './errors.js';

// cgroup v2 gives a child the memory controller only if the parent lists "memory" in
// cgroup.subtree_control, and a non-root cgroup that holds processes cannot enable that ("no internal
// processes"). For the harness's own cgroup oomlab moves itself into a leaf of its own first
// (oomlab-harness-p<pid>-t<start>, found and removed by cleanup once the harness is gone); a
// --cgroup-parent given by the user must already be delegated (memory in its subtree_control) or be
// empty, since moving someone else's processes is not oomlab's business.

/** Whose cgroup the parent is: the harness's own (it may move itself) or one the user named. */
type ParentKind = 'own' | 'explicit';

/** What making the parent usable did. */
export interface DelegationResult {
  /** The leaf the harness moved itself into, if it had to. */
  harnessLeaf?: string;
}

const DELEGATE_HINT = 'run oomlab in a cgroup of its own (e.g. systemd-run --scope -p Delegate=yes oomlab ...) or pass --cgroup-parent with a delegated cgroup';

// Why: the v2 precondition for creating children with memory limits, with an error that says which case failed.
export function ensureMemoryDelegated(io: CgroupIo, dir: string, kind: ParentKind, isRoot: boolean, owner: Owner): DelegationResult {
  const controllers = (readOptional(io, join(dir, 'cgroup.controllers')) ?? '').split(/\s+/);
  if (!controllers.includes('memory')) {
    throw new EnvironmentError(`the memory controller is not available in ${dir}`, "its parent does not list memory in cgroup.subtree_control; enable it there (echo +memory > ../cgroup.subtree_control) or use a delegated cgroup");
  }
  const subtree = (readOptional(io, join(dir, 'cgroup.subtree_control')) ?? '').split(/\s+/);
  if (subtree.includes('memory')) return {};
  const result: DelegationResult = {};
  const pids = readPids(io, dir);
  if (pids.length > 0 && !isRoot) {
    if (kind === 'explicit') {
      throw new EnvironmentError(
        `--cgroup-parent ${dir} holds processes (${pids.join(', ')}) and does not give memory to its children`,
        'cgroup v2 forbids enabling controllers in a cgroup with processes: pass a delegated cgroup (memory in its cgroup.subtree_control) or an empty one',
      );
    }
    result.harnessLeaf = moveIntoLeaf(io, dir, owner);
  }
  try {
    io.write(join(dir, 'cgroup.subtree_control'), '+memory');
  } catch (err) {
    // The true root is exempt from the rule; the root of a cgroup namespace (a container) is not.
    const busy = (err as NodeJS.ErrnoException).code === 'EBUSY';
    if (!(isRoot && busy && pids.length > 0 && kind === 'own')) throw writeFailed(join(dir, 'cgroup.subtree_control'), '+memory', err);
    result.harnessLeaf = moveIntoLeaf(io, dir, owner);
    writeControl(io, dir, 'cgroup.subtree_control', '+memory');
  }
  return result;
}

// Move the harness into <dir>/oomlab-harness-...; if others are still in <dir>, undo and explain.
function moveIntoLeaf(io: CgroupIo, dir: string, owner: Owner): string {
  const leaf = join(dir, ownedName('harness', owner));
  if (!io.exists(leaf)) io.mkdir(leaf);
  writeControl(io, leaf, 'cgroup.procs', String(owner.pid));
  const others = readPids(io, dir);
  if (others.length > 0) {
    writeControl(io, dir, 'cgroup.procs', String(owner.pid));
    io.rmdir(leaf);
    throw new EnvironmentError(
      `the harness's cgroup ${dir} also holds other processes (${others.join(', ')}), so cgroup v2 will not let it give memory to children`,
      DELEGATE_HINT,
    );
  }
  return leaf;
}

// Why: v2 sub-groups (scenario `groups`) get memory only while their parent group has no processes of its own.
export function enableMemoryForChildren(io: CgroupIo, dir: string): void {
  if ((io.read(join(dir, 'cgroup.subtree_control'))).split(/\s+/).includes('memory')) return;
  const pids = readPids(io, dir);
  if (pids.length > 0) {
    throw new EnvironmentError(
      `cannot make sub-groups in ${dir}: it already holds processes (${pids.join(', ')})`,
      'cgroup v2 forbids processes in a group whose children have controllers; create all groups before starting participants, and put participants in leaf groups',
    );
  }
  writeControl(io, dir, 'cgroup.subtree_control', '+memory');
}
