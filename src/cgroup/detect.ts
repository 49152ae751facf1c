import { EnvironmentError } from '../errors/environment-error.js';
import type { CgroupIo } from './io.js';
import type { CgroupVersion } from './types.js';

// Which hierarchy holds the memory controller, where it is mounted, and where this process sits in it,
// from the text of /proc/self/mounts and /proc/self/cgroup. Pure functions on the text, plus one reader.

/** One line of /proc/self/mounts. */
interface MountEntry {
  source: string;
  mountPoint: string;
  fsType: string;
  options: string[];
}

/** One line of /proc/self/cgroup: `id:controllers:path` (v2 is `0::path`). */
interface ProcCgroupEntry {
  id: number;
  controllers: string[];
  path: string;
}

/** legacy: v1 only; hybrid: v1 controllers plus a cgroup2 mount; unified: v2 only. */
type HierarchyLayout = 'legacy' | 'hybrid' | 'unified';

/** Where the memory controller is, and this process's cgroup in it. */
export interface Hierarchy {
  version: CgroupVersion;
  layout: HierarchyLayout;
  /** Host path of the mount holding the memory controller (v1) or of the cgroup2 mount (v2). */
  mountPoint: string;
  /** This process's cgroup path inside that hierarchy, as in /proc/self/cgroup ("/" at the root). */
  ownPath: string;
}

// Mount options of a v1 cgroup mount that are not controller names.
const GENERIC_OPTIONS = new Set(['rw', 'ro', 'relatime', 'noatime', 'strictatime', 'nosuid', 'nodev', 'noexec', 'clone_children', 'noprefix', 'xattr', 'cpuset_v2_mode', 'favordynmods', 'sane_behavior']);

// /proc/self/mounts escapes space, tab, newline and backslash as octal (\040 ...).
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

// Why: the mount table says which cgroup filesystems exist and where.
export function parseMounts(text: string): MountEntry[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([source, mountPoint, fsType, options]) => ({
      source: unescape(source!),
      mountPoint: unescape(mountPoint!),
      fsType: fsType!,
      options: options!.split(','),
    }));
}

// Why: /proc/self/cgroup says where this process is in each hierarchy.
export function parseProcCgroup(text: string): ProcCgroupEntry[] {
  const out: ProcCgroupEntry[] = [];
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = line.indexOf(':', a + 1);
    if (a < 0 || b < 0) continue;
    const controllers = line.slice(a + 1, b);
    out.push({ id: Number(line.slice(0, a)), controllers: controllers ? controllers.split(',') : [], path: line.slice(b + 1) });
  }
  return out;
}

// Why: a v1 mount's controllers are the options that are not ordinary mount options (e.g. "cpu,cpuacct").
export function v1Controllers(m: MountEntry): string[] {
  return m.options.filter((o) => !GENERIC_OPTIONS.has(o) && !o.includes('='));
}

// Why: the decision, kept pure so captured texts from other machines can be tested.
export function describeHierarchy(mounts: MountEntry[], cgroups: ProcCgroupEntry[]): Hierarchy {
  const v1Mounts = mounts.filter((m) => m.fsType === 'cgroup');
  const v2Mount = mounts.find((m) => m.fsType === 'cgroup2' && m.mountPoint === '/sys/fs/cgroup') ?? mounts.find((m) => m.fsType === 'cgroup2');
  const v1Memory = cgroups.find((c) => c.id !== 0 && c.controllers.includes('memory'));
  if (v1Memory) {
    const mount = v1Mounts.find((m) => v1Controllers(m).includes('memory'));
    if (!mount) {
      throw new EnvironmentError('the memory controller is on a cgroup v1 hierarchy that is not mounted here', 'mount it, e.g. mount -t cgroup -o memory cgroup /sys/fs/cgroup/memory');
    }
    return { version: 1, layout: v2Mount ? 'hybrid' : 'legacy', mountPoint: mount.mountPoint, ownPath: v1Memory.path };
  }
  const v2 = cgroups.find((c) => c.id === 0);
  if (v2Mount && v2) {
    const withControllers = v1Mounts.some((m) => v1Controllers(m).length > 0);
    return { version: 2, layout: withControllers ? 'hybrid' : 'unified', mountPoint: v2Mount.mountPoint, ownPath: v2.path };
  }
  throw new EnvironmentError(
    'no memory cgroup: neither a cgroup v1 memory hierarchy nor cgroup2 is mounted for this process',
    'mount cgroup2 (mount -t cgroup2 none /sys/fs/cgroup) or boot with the memory controller enabled',
  );
}

// Why: the thin reader; everything under io.fsRoot so tests can use a fake /proc.
export function detectHierarchy(io: CgroupIo): Hierarchy {
  const mounts = parseMounts(io.read(io.at('/proc/self/mounts')));
  const cgroups = parseProcCgroup(io.read(io.at('/proc/self/cgroup')));
  return describeHierarchy(mounts, cgroups);
}
