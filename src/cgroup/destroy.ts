import { join } from 'node:path';
import { readPids, type CgroupIo } from './io.js';
import { writeControl } from './write.js';

// Destroying a group: kill every member (v2 cgroup.kill where present, which takes the whole subtree;
// else SIGKILL each pid in cgroup.procs, repeatedly, since a member may fork meanwhile), wait until no
// cgroup.procs in the subtree lists anyone (bounded), then rmdir children before parents. Freezing is
// not needed: SIGKILL cannot be caught, and a forked child is seen on the next pass.

/** How long destroy waits for members to die and directories to go. */
export interface DestroyOptions {
  timeoutMs?: number;
  pollMs?: number;
}

// Why: depth-first list of a group and its descendants, children before parents (the rmdir order).
function subtreeDepthFirst(io: CgroupIo, dir: string): string[] {
  const out: string[] = [];
  for (const child of io.subdirs(dir)) out.push(...subtreeDepthFirst(io, join(dir, child)));
  out.push(dir);
  return out;
}

// Why: the end of every group oomlab made, on both versions; throws if members outlive the timeout.
export async function destroyCgroup(io: CgroupIo, dir: string, opts: DestroyOptions = {}): Promise<void> {
  if (!io.exists(dir)) return;
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const pollMs = opts.pollMs ?? 20;
  const hasKill = io.exists(join(dir, 'cgroup.kill'));
  for (;;) {
    const groups = subtreeDepthFirst(io, dir);
    const pids = groups.flatMap((g) => readPids(io, g));
    if (pids.length === 0) break;
    if (Date.now() > deadline) throw new Error(`cannot empty ${dir}: processes ${pids.join(', ')} are still in it`);
    if (hasKill) writeControl(io, dir, 'cgroup.kill', '1');
    else for (const pid of pids) io.kill(pid);
    await sleep(pollMs);
  }
  for (const group of subtreeDepthFirst(io, dir)) await rmdirRetrying(io, group, deadline, pollMs);
}

// An exited member may still pin its group for a moment (not yet reaped): EBUSY then, retry.
async function rmdirRetrying(io: CgroupIo, dir: string, deadline: number, pollMs: number): Promise<void> {
  for (;;) {
    try {
      io.rmdir(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if ((code !== 'EBUSY' && code !== 'ENOTEMPTY') || Date.now() > deadline) throw new Error(`cannot remove ${dir}: ${code ?? err}`);
      await sleep(pollMs);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
