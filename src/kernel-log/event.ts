// The shape of one OOM kill as the kernel reported it. Every field is optional because reports are
// often partial (grep'd, cut off, from a kernel that did not print it): a field is present only when
// the text had it, never defaulted to zero, so "absent" and "0 kB" stay distinguishable.

/** The task whose allocation invoked the oom-killer (not necessarily the one killed). */
export interface OomTrigger {
  name?: string;
  pid?: number;
  /** As printed, e.g. `0x280da` or `0xcc0(GFP_KERNEL)`. */
  gfpMask?: string;
  /** The symbolic flags in the parentheses, when the kernel printed them (4.10+). */
  gfpFlags?: string[];
  /** log2 of the number of pages asked for: 0 is one page. */
  order?: number;
  oomAdj?: number;
  oomScoreAdj?: number;
}

/** How wide the shortage was: the whole machine, a memory cgroup, a cpuset, or a NUMA mempolicy. */
export type OomConstraint = 'global' | 'memcg' | 'cpuset' | 'mempolicy';

/** One `usage ...kB, limit ...kB, failcnt ...` counter line of a memory cgroup. */
export interface MemcgCounter {
  usageKb?: number;
  limitKb?: number;
  failcnt?: number;
}

/** The memory cgroup side of a report. */
export interface OomMemcg {
  /** The cgroup whose limit was hit (`oom_memcg=`, or `limit of /x`). */
  path?: string;
  /** The cgroup of the killed task (`task_memcg=`, or `Task in /x`). */
  taskPath?: string;
  usageKb?: number;
  limitKb?: number;
  failcnt?: number;
  /** cgroup v1 `memory+swap:` line. */
  memsw?: MemcgCounter;
  /** cgroup v2 `swap:` line. */
  swap?: MemcgCounter;
  kmem?: MemcgCounter;
}

/** The task the kernel killed. Sizes in kB as the kernel printed them. */
export interface OomVictim {
  pid?: number;
  name?: string;
  /** From the old `Kill process N (x) score S or sacrifice child` line. */
  score?: number;
  totalVmKb?: number;
  anonRssKb?: number;
  fileRssKb?: number;
  shmemRssKb?: number;
  uid?: number;
  pgtablesKb?: number;
  oomScoreAdj?: number;
  /** When the selected task was spared and a child killed instead ("sacrifice child"). */
  selected?: { pid: number; name: string; score?: number };
}

/** One row of the task table. Memory columns are in pages, as printed. */
export interface OomTask {
  pid: number;
  name: string;
  uid?: number;
  tgid?: number;
  totalVm?: number;
  rss?: number;
  rssAnon?: number;
  rssFile?: number;
  rssShmem?: number;
  pgtablesBytes?: number;
  nrPtes?: number;
  nrPmds?: number;
  swapents?: number;
  cpu?: number;
  oomAdj?: number;
  oomScoreAdj?: number;
}

/** A zone's free memory and watermarks from the Mem-Info block. */
export interface OomZone {
  node?: number;
  name: string;
  freeKb: number;
  minKb: number;
  lowKb: number;
  highKb: number;
}

/** The Mem-Info block: page counters, swap, RAM and zones. */
export interface OomMemInfo {
  activeAnon?: number;
  inactiveAnon?: number;
  activeFile?: number;
  inactiveFile?: number;
  free?: number;
  slabReclaimable?: number;
  slabUnreclaimable?: number;
  shmem?: number;
  pagetables?: number;
  unevictable?: number;
  freeSwapKb?: number;
  totalSwapKb?: number;
  ramPages?: number;
  reservedPages?: number;
  zones?: OomZone[];
}

/** The `oom_reaper: reaped process ...` line: what was left of the victim after reaping. */
export interface OomReaped {
  pid: number;
  name: string;
  anonRssKb?: number;
  fileRssKb?: number;
  shmemRssKb?: number;
}

/** When the kill was logged. */
export interface OomTime {
  /** Seconds since boot, from `[ 123.456]` or a /dev/kmsg record. */
  kernelSeconds?: number;
  /** Wall-clock time as the log printed it (`dmesg -T`, syslog, journal). */
  wall?: string;
}

/** One OOM kill (or an OOM panic), assembled from a kernel report. */
export interface OomEvent {
  trigger?: OomTrigger;
  constraint?: OomConstraint;
  /** Kernel release from the `CPU: ... Comm: ...` line, e.g. `6.18.44`. */
  kernel?: string;
  cpuset?: string;
  memcg?: OomMemcg;
  victim?: OomVictim;
  /** Task table columns as printed (without pid and name), e.g. `uid tgid total_vm rss ...`. */
  taskColumns?: string[];
  tasks?: OomTask[];
  /** True when rows beyond the parser's row cap were dropped. */
  tasksTruncated?: boolean;
  /** Page size in kB the task table's page counts are in, and how it was found. */
  pageSizeKb?: number;
  pageSizeFrom?: 'buddy-lists' | 'victim-rss' | 'assumed';
  memInfo?: OomMemInfo;
  reaped?: OomReaped;
  time?: OomTime;
  /** The report ended (cut off, or the next report began) before any kill line: no victim known. */
  truncated?: boolean;
  /** Killed as part of a cgroup v2 `memory.oom.group`. */
  oomGroup?: boolean;
  /** memory.oom.group: the kernel's second `Killed process` line for a victim this report already
   *  killed (it kills the chosen victim, then every member of the group, the victim among them). The
   *  same death, not another: counts of kills leave it out. */
  repeat?: boolean;
  panic?: boolean;
  panicMessage?: string;
}
