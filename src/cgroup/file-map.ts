import { EnvironmentError } from '../errors/environment-error.js';

// v2 file names are canonical; this table says where each lives on v1, and how its meaning differs.
// A `file: null` entry has no v1 counterpart; asking for it on v1 is an EnvironmentError.

/** How a v1 file relates to its v2 name. */
type V1Mapping =
  | { file: string; meaning: 'same' | 'memory-plus-swap' | 'other-format'; note?: string }
  | { file: null; why: string };

/** The v2 memory/cgroup files the layer uses, and their v1 counterparts. */
export const FILE_MAP = {
  'cgroup.procs': { file: 'cgroup.procs', meaning: 'same' },
  'cgroup.kill': { file: null, why: 'cgroup.kill is v2 only (Linux 5.14+); on v1 each pid is killed' },
  'cgroup.controllers': { file: null, why: 'v1 mounts each controller as its own hierarchy' },
  'cgroup.subtree_control': { file: null, why: 'v1 mounts each controller as its own hierarchy' },
  'cgroup.events': { file: null, why: 'v1 has no populated flag; read cgroup.procs' },
  'memory.max': { file: 'memory.limit_in_bytes', meaning: 'same', note: 'v1 writes -1 for no limit' },
  'memory.swap.max': { file: 'memory.memsw.limit_in_bytes', meaning: 'memory-plus-swap', note: 'v1 limits memory + swap together' },
  'memory.high': { file: null, why: 'memory.high (throttling) exists only on cgroup v2' },
  'memory.low': { file: null, why: 'memory.low exists only on cgroup v2 (v1 soft_limit_in_bytes is not the same)' },
  'memory.min': { file: null, why: 'memory.min exists only on cgroup v2' },
  'memory.oom.group': { file: null, why: 'memory.oom.group exists only on cgroup v2' },
  'memory.current': { file: 'memory.usage_in_bytes', meaning: 'same' },
  'memory.peak': { file: 'memory.max_usage_in_bytes', meaning: 'same', note: 'v2 has it from Linux 5.19' },
  'memory.swap.current': { file: 'memory.memsw.usage_in_bytes', meaning: 'memory-plus-swap' },
  'memory.swap.peak': { file: 'memory.memsw.max_usage_in_bytes', meaning: 'memory-plus-swap' },
  'memory.events': { file: 'memory.oom_control', meaning: 'other-format', note: 'v1: oom_kill there, plus memory.failcnt' },
  'memory.events.local': { file: 'memory.oom_control', meaning: 'other-format', note: 'v1 counts are local already; v2 has the file from Linux 5.2' },
  'memory.stat': { file: 'memory.stat', meaning: 'other-format', note: 'v1 keys: rss, cache, total_* ...' },
  'memory.pressure': { file: null, why: 'per-cgroup PSI is v2 only; v1 reads the host /proc/pressure/memory' },
} as const satisfies Record<string, V1Mapping>;

/** A canonical (v2) file name the layer knows. */
export type CanonicalFile = keyof typeof FILE_MAP;

/** v1-only files with no v2 counterpart (what they do has another home on v2, or none). */
export const V1_ONLY = {
  'memory.swappiness': 'v2 has no per-cgroup swappiness; only the host vm.swappiness',
  'memory.oom_control': 'oom_kill_disable: v2 cannot stop the OOM killer for a group',
  'memory.failcnt': 'v2 counts limit hits in memory.events max',
} as const;

// Why: the one lookup for "what is this file called on this version", failing clearly when v1 has none.
export function fileFor(version: 1 | 2, file: CanonicalFile): string {
  if (version === 2) return file;
  const m: V1Mapping = FILE_MAP[file];
  if (m.file === null) throw new EnvironmentError(`${file} is not available on cgroup v1`, `${m.why}; needs cgroup v2`);
  return m.file;
}
