// The contract between TypeScript and the C core, defined here once: oomlab-hog's exit codes, the
// words of every enum (events, phases, outcomes, touch modes, ...) in their C order, the names of the
// engine's options (the addon's config keys and the executable's flags) and of the record's fields.
// scripts/gen-engine-header.mjs renders this file (contract-header.ts) into native/engine-contract.h,
// which engine.h, hog-main.c and addon.cc include; a unit test fails when the committed header is not
// what this file renders. So this module is data only, with no imports: the generator bundles it alone.
//
// Defaults are not part of the contract. The C core takes every option explicitly and refuses a
// missing one (the addon with a TypeError naming the key, the executable with exit code 2 naming the
// flag); defaults for people live in TypeScript only (options.ts: HOG_DEFAULTS). A person or a shell
// script running oomlab-hog by hand may ask for them with --defaults: the header carries them as
// TypeScript fills them in (contract-header.ts), and the executable applies them only when asked.

/** oomlab-hog's exit codes; a node participant exits MALLOC_FAILED too. */
export const HOG_EXIT = {
  /** Reached its target (or was stopped, then died of the signal). */
  OK: 0,
  /** A required option is missing, or an option or value is malformed. */
  USAGE: 2,
  /** An allocation failed (the article's "Malloc Fail"). */
  MALLOC_FAILED: 12,
  /** The engine itself could not run. */
  INTERNAL: 70,
  /** A set-up step (pdeathsig, cgroup, oom_score_adj, rlimit) failed. */
  SETUP_FAILED: 125,
  /** Exec mode: the command was found but could not be run (as a shell says). */
  EXEC_FAILED: 126,
  /** Exec mode: no such command. */
  EXEC_NOT_FOUND: 127,
} as const;

/** The engine's enums: each word's index is its C value (`prefix_WORD`, dashes as underscores). */
export const HOG_ENUMS = {
  event: { cType: 'hog_event', prefix: 'HOG_EV', words: ['tick', 'block', 'fail', 'phase', 'done', 'pass'] },
  phase: { cType: 'hog_phase', prefix: 'HOG_PHASE', words: ['alloc', 'hold', 'free', 'done'] },
  outcome: { cType: 'hog_outcome', prefix: 'HOG_OUTCOME', words: ['running', 'completed', 'malloc-failed', 'stopped', 'error'] },
  touch: { cType: 'hog_touch', prefix: 'HOG_TOUCH', words: ['none', 'memset', 'pages', 'fraction'] },
  allocator: { cType: 'hog_allocator', prefix: 'HOG_ALLOC', words: ['malloc', 'mmap', 'populate'] },
  onFail: { cType: 'hog_on_fail', prefix: 'HOG_FAIL', words: ['exit', 'hold', 'retry'] },
  after: { cType: 'hog_after', prefix: 'HOG_AFTER', words: ['hold', 'free'] },
  probeTouch: { cType: 'hog_probe_touch', prefix: 'HOG_PROBE', words: ['read', 'write'] },
} as const;

/** The executable's records that are not engine events: its size before the first block, a set-up failure,
 *  and the kernel's high-water marks of its own memory just before its last record. */
export const HOG_LINE_EVENTS = { START: 'start', ERROR: 'error', PEAK: 'peak' } as const;

/** `holdNs`: hold until stopped. */
export const HOG_HOLD_FOREVER = -1;
/** `totalBytes`, `countBlocks`: no such target (both: allocate until an allocation fails). */
export const HOG_NO_TARGET = 0;
/** `rewriteNs`: never re-touch while holding. */
export const HOG_NEVER = 0;

/** The executable's other flags: its set-up before the engine runs (or before exec), and its modes. */
export const HOG_FLAGS = {
  /** Die with SIGKILL when the parent dies (PR_SET_PDEATHSIG); with PARENT_PID, check it is still that one. */
  PDEATHSIG: '--pdeathsig',
  PARENT_PID: '--parent-pid',
  /** Write its own pid to this cgroup.procs file; repeatable (one per v1 hierarchy). */
  CGROUP_PROCS: '--cgroup-procs',
  /** RLIMIT_AS in bytes. */
  RLIMIT_AS: '--rlimit-as',
  /** Its oom_score_adj. */
  OOM_SCORE_ADJ: '--oom-score-adj',
  /** A capability (its number, e.g. 21 for CAP_SYS_ADMIN) to drop from every set, the bounding set
   *  included, so neither this process nor anything it execs holds it (repeatable). */
  DROP_CAP: '--drop-cap',
  /** The descriptor its JSON records go to. */
  PROGRESS_FD: '--progress-fd',
  /** Its name (comm, PR_SET_NAME: the kernel keeps 15 bytes), so the kernel's OOM report names the
   *  participant, as the article's did (test_mem3). Engine mode only: an exec takes the program's name. */
  NAME: '--name',
  /** Print the article's `Mem Total N MiB` per block and `Malloc Fail` on stdout. */
  HUMAN: '--human',
  /** Take `oomlab hog`'s defaults for the engine options not given (by hand only; the harness gives all). */
  DEFAULTS: '--defaults',
  /** Exec mode: `--exec -- command args...` after the set-up, instead of the engine. */
  EXEC: '--exec',
  /** The memory-layout probe as JSON on stdout, instead of the engine. */
  LAYOUT: '--layout',
} as const;

/**
 * Every engine option, all required: `key` in the addon's config object, `flag` on the executable's
 * command line, `field` in C's hog_config, and its kind: a whole number (u64, i64), a fraction (f64),
 * or one of an enum's words (the addon and the executable both take the word).
 */
export const HOG_OPTIONS = [
  { key: 'blockBytes', flag: '--block', field: 'block_bytes', kind: 'u64' },
  { key: 'totalBytes', flag: '--total', field: 'total_bytes', kind: 'u64' },
  { key: 'countBlocks', flag: '--count', field: 'count_blocks', kind: 'u64' },
  { key: 'touch', flag: '--touch', field: 'touch', kind: 'touch' },
  { key: 'touchFraction', flag: '--fraction', field: 'touch_fraction', kind: 'f64' },
  { key: 'intervalNs', flag: '--interval', field: 'interval_ns', kind: 'u64' },
  { key: 'allocator', flag: '--allocator', field: 'allocator', kind: 'allocator' },
  { key: 'onFail', flag: '--on-fail', field: 'on_fail', kind: 'onFail' },
  { key: 'after', flag: '--after', field: 'after', kind: 'after' },
  { key: 'holdNs', flag: '--hold', field: 'hold_ns', kind: 'i64' },
  { key: 'rewriteNs', flag: '--rewrite', field: 'rewrite_ns', kind: 'u64' },
  { key: 'progressEveryNs', flag: '--progress-every', field: 'progress_every_ns', kind: 'u64' },
  /** While holding: a timed pass over the working set this often (a probe participant); HOG_NEVER: none. */
  { key: 'probeEveryNs', flag: '--probe-every', field: 'probe_every_ns', kind: 'u64' },
  /** Pages each pass touches, spread evenly over the working set; 0: all of them. */
  { key: 'probeSample', flag: '--probe-sample', field: 'probe_sample', kind: 'u64' },
  { key: 'probeTouch', flag: '--probe-touch', field: 'probe_touch', kind: 'probeTouch' },
] as const;

/** The record's counters: `key` in the addon's objects and the executable's JSON lines, `field` in C's hog_stats. */
export const HOG_RECORD_COUNTERS = [
  { key: 'blocks', field: 'blocks' },
  { key: 'allocatedBytes', field: 'allocated_bytes' },
  { key: 'touchedBytes', field: 'touched_bytes' },
  { key: 'failures', field: 'failures' },
  { key: 'rewrites', field: 'rewrites' },
  { key: 'elapsedNs', field: 'elapsed_ns' },
  { key: 'firstFailNs', field: 'first_fail_ns' },
  { key: 'hugeTouchedBytes', field: 'huge_touched_bytes' },
  { key: 'probes', field: 'probes' },
  /** Probe passes so far, and how long the last one took (CLOCK_MONOTONIC ns): one `pass` record each. */
  { key: 'passes', field: 'passes' },
  { key: 'passNs', field: 'pass_ns' },
] as const;

/** The other keys of the records, by the C macro that names them. */
export const HOG_RECORD_KEYS = {
  EV: 'ev',
  PHASE: 'phase',
  OUTCOME: 'outcome',
  ERRNO: 'errno',
  SYSCALL: 'syscall',
  /** The start record: the executable's VSZ and RSS before its first block. */
  VSZ_BYTES: 'vszBytes',
  RSS_BYTES: 'rssBytes',
  /** The peak record: VmPeak and VmHWM of /proc/self/status, in bytes (a hog that ends between two
   *  samples still has its peaks). */
  VM_PEAK_BYTES: 'vmPeakBytes',
  VM_HWM_BYTES: 'vmHwmBytes',
  /** The error record: which set-up step failed. */
  STEP: 'step',
} as const;
