import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Every file the cgroup layer touches goes through this small interface, for two reasons: every path is
// derived from one root (`fsRoot`, "/" for real) so tests can point the layer at a tree in a temp dir,
// and the few places where the kernel does more than store bytes (mkdir fills a cgroup with control
// files, cgroup.kill empties it, a pid written to cgroup.procs leaves its old group) can be simulated.

/** File operations on cgroupfs and procfs, as the cgroup layer needs them. */
export interface CgroupIo {
  /** The directory that stands for "/" (real: "/"; tests: a temp dir). */
  readonly fsRoot: string;
  /** A host-absolute path such as /proc/self/cgroup, under fsRoot. */
  at(hostPath: string): string;
  read(path: string): string;
  write(path: string, data: string): void;
  exists(path: string): boolean;
  mkdir(path: string): void;
  rmdir(path: string): void;
  /** Names of the sub-directories (child cgroups) of a directory. */
  subdirs(path: string): string[];
  /** SIGKILL a process; a process that is already gone is not an error. */
  kill(pid: number): void;
}

// Why: the real thing; synchronous calls are fine, cgroupfs and procfs files are tiny and in-kernel.
export function realIo(fsRoot = '/'): CgroupIo {
  return {
    fsRoot,
    at: (hostPath) => join(fsRoot, hostPath),
    read: (path) => readFileSync(path, 'utf8'),
    write: (path, data) => writeFileSync(path, data),
    exists: (path) => existsSync(path),
    mkdir: (path) => mkdirSync(path),
    rmdir: (path) => rmdirSync(path),
    subdirs: (path) =>
      readdirSync(path, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name),
    kill: (pid) => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    },
  };
}

// Why: control files that may be absent (memory.peak on old kernels, PSI when disabled) read as undefined.
export function readOptional(io: CgroupIo, path: string): string | undefined {
  try {
    return io.read(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EOPNOTSUPP' || code === 'ENOTSUP') return undefined;
    throw err;
  }
}

// Why: cgroup.procs is the membership list every kill/wait/leaf decision reads.
export function readPids(io: CgroupIo, dir: string): number[] {
  const text = readOptional(io, join(dir, 'cgroup.procs')) ?? '';
  return text.split('\n').filter(Boolean).map(Number);
}
