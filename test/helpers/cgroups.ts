import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

// What a privileged test knows about this machine's cgroups, found here independently of src/cgroup
// (the code under test), so a bug there fails a test instead of turning it into a skip: which version
// holds the memory controller (v1 or v2), where a process's memory cgroup is, and how a test makes a
// limited group of its own.
//
// On v2 a cgroup that holds processes cannot give memory to children ("no internal processes"), so a
// harness needs a cgroup of its own, as `systemd-run --scope -p Delegate=yes` would give it. The tests
// make that themselves, under TEST_ROOT_V2 (a child of the root cgroup, memory enabled, no processes):
// each privileged test worker moves into `w-<pid>` (cgroup-setup.ts), each CLI child into `c-<pid>`
// (cli.ts), each test-made limited group is `m-<name>-<pid>`. cgroup-global.ts sweeps them.

/** Where v2 test cgroups live. */
export const TEST_ROOT_V2 = '/sys/fs/cgroup/oomlab-test';

/** The memory controller's hierarchy on this machine. */
export interface MemoryHierarchy {
  version: 1 | 2;
  /** Its mount point (v1: the memory controller's; v2: the unified hierarchy's). */
  mount: string;
}

let cached: MemoryHierarchy | null | undefined;

// Why: which cgroup version holds the memory controller, read from /proc/mounts (v1 wins on a hybrid host, as in src).
export function memoryHierarchy(): MemoryHierarchy | undefined {
  if (cached !== undefined) return cached ?? undefined;
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  const v1 = mounts.find((m) => m[2] === 'cgroup' && (m[3] ?? '').split(',').includes('memory'));
  const v2 = mounts.find((m) => m[2] === 'cgroup2');
  if (v1?.[1]) cached = { version: 1, mount: v1[1] };
  else if (v2?.[1] && read(join(v2[1], 'cgroup.controllers'))?.split(/\s+/).includes('memory')) cached = { version: 2, mount: v2[1] };
  else cached = null;
  return cached ?? undefined;
}

// Why: privileged tests say why they cannot run here, whatever version the machine has.
export function cgroupSkipReason(): string | undefined {
  if (process.geteuid?.() !== 0) return 'needs root (cgroup writes)';
  const h = memoryHierarchy();
  if (!h) return 'needs a memory cgroup controller (cgroup v1 memory mount, or cgroup2 with memory in cgroup.controllers)';
  const dir = h.version === 1 ? ownCgroupDir() : h.mount;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `needs a writable memory cgroup (${dir} is not writable)`;
  }
  return undefined;
}

/** The machine's memory hierarchy, for tests that already checked cgroupSkipReason(). */
export function hierarchy(): MemoryHierarchy {
  const h = memoryHierarchy();
  if (!h) throw new Error('no memory cgroup controller: check cgroupSkipReason() first');
  return h;
}

// Why: the memory cgroup directory a process is in, from its /proc/<pid>/cgroup.
export function ownCgroupDir(pid: number | 'self' = 'self'): string {
  const h = hierarchy();
  const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  const line = h.version === 2 ? lines.find((l) => l.startsWith('0::')) : lines.find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
  if (!line) throw new Error(`no memory cgroup line in /proc/${pid}/cgroup`);
  const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
  return path === '/' ? h.mount : join(h.mount, path);
}

// Why: where a harness in this process makes its run groups (on v2 it may have moved into a leaf of its own).
export function runParentDir(pid: number | 'self' = 'self'): string {
  const dir = ownCgroupDir(pid);
  return basename(dir).startsWith('oomlab-harness-') ? dirname(dir) : dir;
}

// Why: after a run, no cgroup of a finished run may remain where the harness makes them.
export function leftoverRunCgroups(dir = runParentDir(), pid = process.pid): string[] {
  const mine = `-p${pid}-`;
  return readdirSync(dir).filter((n) => n.startsWith('oomlab-') && !n.startsWith('oomlab-harness-') && n.includes(mine));
}

/** The names of the same memory facts on v1 and v2. */
export const MEMORY_FILES = {
  1: { limit: 'memory.limit_in_bytes', peak: 'memory.max_usage_in_bytes', events: 'memory.oom_control' },
  2: { limit: 'memory.max', peak: 'memory.peak', events: 'memory.events' },
} as const;

/** A memory cgroup a test made, to run hogs under a limit. */
export interface TestMemcg {
  dir: string;
  procs: string;
  /** Its path inside the hierarchy, as /proc/<pid>/cgroup shows it. */
  path: string;
  read(file: string): string;
  peakBytes(): number;
  oomKills(): number;
  destroy(): Promise<void>;
}

const made = new Set<TestMemcg>();

// Why: every hog a test starts runs under a memory limit; this makes one (v1 or v2) and removes it after.
export function createTestMemcg(name: string, limitBytes: number): TestMemcg {
  const h = hierarchy();
  const files = MEMORY_FILES[h.version];
  const parent = h.version === 1 ? ownCgroupDir() : TEST_ROOT_V2;
  const dir = join(parent, h.version === 1 ? `oomlab-test-${name}-${process.pid}` : `m-${name}-${process.pid}`);
  mkdirSync(dir);
  writeFileSync(join(dir, files.limit), String(limitBytes));
  const cg: TestMemcg = {
    dir,
    procs: join(dir, 'cgroup.procs'),
    path: dir.slice(h.mount.length),
    read: (file) => readFileSync(join(dir, file), 'utf8'),
    peakBytes: () => Number(readFileSync(join(dir, files.peak), 'utf8').trim()),
    oomKills: () => Number(/^oom_kill (\d+)$/m.exec(readFileSync(join(dir, files.events), 'utf8'))?.[1] ?? Number.NaN),
    destroy: async () => {
      made.delete(cg);
      await removeCgroupTree(dir);
    },
  };
  made.add(cg);
  return cg;
}

// Why: a failed test must still leave no process and no cgroup behind.
export async function destroyAllTestMemcgs(): Promise<void> {
  for (const cg of [...made]) await cg.destroy();
}

// Why: remove a test-made cgroup and everything under it, killing what still runs there.
export async function removeCgroupTree(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 100 && existsSync(dir); attempt++) {
    for (const name of readdirSync(dir, { withFileTypes: true })) if (name.isDirectory()) await removeCgroupTree(join(dir, name.name));
    for (const pid of (read(join(dir, 'cgroup.procs')) ?? '').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      rmdirSync(dir);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (existsSync(dir)) throw new Error(`could not remove ${dir}`);
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
