// The cgroup layer: one API over cgroup v1 and v2 for the scenario runner.
//
// The two trees. cgroup v1 mounts each controller (or a few together) as its own hierarchy, e.g.
// /sys/fs/cgroup/memory, and a process has one place in each (/proc/self/cgroup: `4:memory:/a/b`).
// cgroup v2 is one tree, usually at /sys/fs/cgroup (`0::/a/b`); a controller reaches a child only if
// the parent lists it in cgroup.subtree_control, and a non-root group with processes cannot do that
// ("no internal processes"). Hybrid machines mount both: v1 controllers plus an empty cgroup2 (this
// project's machines: memory on v1, /sys/fs/cgroup/unified without controllers). Only the memory
// controller matters here, so the backend is the version that holds it (detect.ts).
//
// The files. v2 names are canonical (file-map.ts maps each to its v1 file, or "not on v1"). Limits mean
// the same on both (limits.ts): `memory` = memory.max / memory.limit_in_bytes; `swap` is swap alone
// (memory.swap.max; v1 memory.memsw.limit_in_bytes = memory + swap, written in the order that keeps
// memsw >= memory); `high` is v2 only; `swappiness` is v1 memory.swappiness, on v2 the host
// vm.swappiness if the run may change it (swappiness.ts); `oomGroup` v2, `oomKillDisable` v1.
// Reads (reads.ts) come back in one shape; fields a version cannot provide are absent, not 0.
//
// The groups. A run's top group lives under the harness's own memory cgroup (or --cgroup-parent) and is
// named oomlab-<runId>-p<pid>-t<start> (names.ts), so a later run or `oomlab cleanup` can tell when its
// harness is gone and remove it (cleanup.ts); nothing else is ever removed. On v2 the harness may first
// move itself into a leaf (delegation.ts). destroy() kills every member (cgroup.kill or SIGKILL per
// pid), waits until empty and removes directories children-first (destroy.ts). Every path is under
// an injectable fsRoot, and all file access goes through io.ts, so tests run against a fake tree.

export { openCgroupRoot, type CgroupRoot, type CgroupRootOptions } from './root.js';
export type { Cgroup } from './cgroup.js';
export type { CgroupReading, MemoryLimits } from './types.js';
