/* GENERATED from src/engine/contract.ts by scripts/gen-engine-header.mjs (npm run build): do not edit.
 * The contract between TypeScript and the C core: exit codes, enum words, option and record names. */
#ifndef OOMLAB_ENGINE_CONTRACT_H
#define OOMLAB_ENGINE_CONTRACT_H

#include <stddef.h>

/* oomlab-hog's exit codes */
#define HOG_EXIT_OK 0
#define HOG_EXIT_USAGE 2
#define HOG_EXIT_MALLOC_FAILED 12
#define HOG_EXIT_INTERNAL 70
#define HOG_EXIT_SETUP_FAILED 125
#define HOG_EXIT_EXEC_FAILED 126
#define HOG_EXIT_EXEC_NOT_FOUND 127

/* enums: value = index of the word; <type>_names[value] is the word */
typedef enum { HOG_EV_TICK = 0, HOG_EV_BLOCK = 1, HOG_EV_FAIL = 2, HOG_EV_PHASE = 3, HOG_EV_DONE = 4, HOG_EV_PASS = 5 } hog_event;
#define HOG_EV_COUNT 6
static const char *const hog_event_names[HOG_EV_COUNT] = {"tick", "block", "fail", "phase", "done", "pass"};

typedef enum { HOG_PHASE_ALLOC = 0, HOG_PHASE_HOLD = 1, HOG_PHASE_FREE = 2, HOG_PHASE_DONE = 3 } hog_phase;
#define HOG_PHASE_COUNT 4
static const char *const hog_phase_names[HOG_PHASE_COUNT] = {"alloc", "hold", "free", "done"};

typedef enum { HOG_OUTCOME_RUNNING = 0, HOG_OUTCOME_COMPLETED = 1, HOG_OUTCOME_MALLOC_FAILED = 2, HOG_OUTCOME_STOPPED = 3, HOG_OUTCOME_ERROR = 4 } hog_outcome;
#define HOG_OUTCOME_COUNT 5
static const char *const hog_outcome_names[HOG_OUTCOME_COUNT] = {"running", "completed", "malloc-failed", "stopped", "error"};

typedef enum { HOG_TOUCH_NONE = 0, HOG_TOUCH_MEMSET = 1, HOG_TOUCH_PAGES = 2, HOG_TOUCH_FRACTION = 3 } hog_touch;
#define HOG_TOUCH_COUNT 4
static const char *const hog_touch_names[HOG_TOUCH_COUNT] = {"none", "memset", "pages", "fraction"};

typedef enum { HOG_ALLOC_MALLOC = 0, HOG_ALLOC_MMAP = 1, HOG_ALLOC_POPULATE = 2 } hog_allocator;
#define HOG_ALLOC_COUNT 3
static const char *const hog_allocator_names[HOG_ALLOC_COUNT] = {"malloc", "mmap", "populate"};

typedef enum { HOG_FAIL_EXIT = 0, HOG_FAIL_HOLD = 1, HOG_FAIL_RETRY = 2 } hog_on_fail;
#define HOG_FAIL_COUNT 3
static const char *const hog_on_fail_names[HOG_FAIL_COUNT] = {"exit", "hold", "retry"};

typedef enum { HOG_AFTER_HOLD = 0, HOG_AFTER_FREE = 1 } hog_after;
#define HOG_AFTER_COUNT 2
static const char *const hog_after_names[HOG_AFTER_COUNT] = {"hold", "free"};

typedef enum { HOG_PROBE_READ = 0, HOG_PROBE_WRITE = 1 } hog_probe_touch;
#define HOG_PROBE_COUNT 2
static const char *const hog_probe_touch_names[HOG_PROBE_COUNT] = {"read", "write"};

/* the executable's records that are not engine events */
#define HOG_LINE_START "start"
#define HOG_LINE_ERROR "error"
#define HOG_LINE_PEAK "peak"

/* sentinel values of options */
#define HOG_HOLD_FOREVER (-1)
#define HOG_NO_TARGET 0
#define HOG_NEVER 0

/* every engine option, all required; kind U64, I64, F64 or WORD (one of words[0..nwords)); dflt is
 * `oomlab hog`'s default, which oomlab-hog takes for a missing option only with --defaults */
/* HOG_OPTIONS(index, field, key, flag, kind, words, nwords, dflt) */
#define HOG_OPTIONS(X) \
  X(0, block_bytes, "blockBytes", "--block", U64, NULL, 0, 1048576ull) \
  X(1, total_bytes, "totalBytes", "--total", U64, NULL, 0, 0ull) \
  X(2, count_blocks, "countBlocks", "--count", U64, NULL, 0, 0ull) \
  X(3, touch, "touch", "--touch", WORD, hog_touch_names, HOG_TOUCH_COUNT, HOG_TOUCH_NONE) \
  X(4, touch_fraction, "touchFraction", "--fraction", F64, NULL, 0, 0) \
  X(5, interval_ns, "intervalNs", "--interval", U64, NULL, 0, 200000ull) \
  X(6, allocator, "allocator", "--allocator", WORD, hog_allocator_names, HOG_ALLOC_COUNT, HOG_ALLOC_MALLOC) \
  X(7, on_fail, "onFail", "--on-fail", WORD, hog_on_fail_names, HOG_FAIL_COUNT, HOG_FAIL_EXIT) \
  X(8, after, "after", "--after", WORD, hog_after_names, HOG_AFTER_COUNT, HOG_AFTER_HOLD) \
  X(9, hold_ns, "holdNs", "--hold", I64, NULL, 0, (-1ll)) \
  X(10, rewrite_ns, "rewriteNs", "--rewrite", U64, NULL, 0, 0ull) \
  X(11, progress_every_ns, "progressEveryNs", "--progress-every", U64, NULL, 0, 10000000ull) \
  X(12, probe_every_ns, "probeEveryNs", "--probe-every", U64, NULL, 0, 0ull) \
  X(13, probe_sample, "probeSample", "--probe-sample", U64, NULL, 0, 0ull) \
  X(14, probe_touch, "probeTouch", "--probe-touch", WORD, hog_probe_touch_names, HOG_PROBE_COUNT, HOG_PROBE_READ)
#define HOG_OPTION_COUNT 15

/* the record's counters (uint64_t fields of hog_stats) */
/* HOG_RECORD_COUNTERS(field, key) */
#define HOG_RECORD_COUNTERS(X) \
  X(blocks, "blocks") \
  X(allocated_bytes, "allocatedBytes") \
  X(touched_bytes, "touchedBytes") \
  X(failures, "failures") \
  X(rewrites, "rewrites") \
  X(elapsed_ns, "elapsedNs") \
  X(first_fail_ns, "firstFailNs") \
  X(huge_touched_bytes, "hugeTouchedBytes") \
  X(probes, "probes") \
  X(passes, "passes") \
  X(pass_ns, "passNs")

/* the records' other keys */
#define HOG_KEY_EV "ev"
#define HOG_KEY_PHASE "phase"
#define HOG_KEY_OUTCOME "outcome"
#define HOG_KEY_ERRNO "errno"
#define HOG_KEY_SYSCALL "syscall"
#define HOG_KEY_VSZ_BYTES "vszBytes"
#define HOG_KEY_RSS_BYTES "rssBytes"
#define HOG_KEY_VM_PEAK_BYTES "vmPeakBytes"
#define HOG_KEY_VM_HWM_BYTES "vmHwmBytes"
#define HOG_KEY_STEP "step"

/* the executable's other flags */
#define HOG_FLAG_PDEATHSIG "--pdeathsig"
#define HOG_FLAG_PARENT_PID "--parent-pid"
#define HOG_FLAG_CGROUP_PROCS "--cgroup-procs"
#define HOG_FLAG_RLIMIT_AS "--rlimit-as"
#define HOG_FLAG_OOM_SCORE_ADJ "--oom-score-adj"
#define HOG_FLAG_DROP_CAP "--drop-cap"
#define HOG_FLAG_PROGRESS_FD "--progress-fd"
#define HOG_FLAG_NAME "--name"
#define HOG_FLAG_HUMAN "--human"
#define HOG_FLAG_DEFAULTS "--defaults"
#define HOG_FLAG_EXEC "--exec"
#define HOG_FLAG_LAYOUT "--layout"

#endif
