/* The allocation engine: the article's malloc loops (test_mem, test_mem2) as one mechanism.
 *
 * Mechanism only. It allocates blocks, touches them, paces itself, holds, re-touches and frees, and
 * reports counts, timings and errno through a callback. It makes no decisions of policy: sizes,
 * limits, schedules and what a failure means are decided in TypeScript, which validates every field
 * before it gets here. Both faces of oomlab run this same code: the Node addon (on a worker thread)
 * and the oomlab-hog executable (in its own process, inside a cgroup).
 */
#ifndef OOMLAB_ENGINE_H
#define OOMLAB_ENGINE_H

#include <stdint.h>

/* The enums (hog_touch, hog_allocator, hog_on_fail, hog_after, hog_phase, hog_outcome, hog_event) with
 * their words, the exit codes and the names of options and record fields: generated from
 * src/engine/contract.ts, the one definition of the contract with TypeScript. */
#include "engine-contract.h"

/* Every field is set by the caller (the addon and the executable refuse a missing option): HOG_OPTIONS
 * in engine-contract.h lists them by name; report_blocks is the executable's --human. */
typedef struct {
  uint64_t block_bytes;       /* > 0 */
  uint64_t total_bytes;       /* HOG_NO_TARGET: no byte target */
  uint64_t count_blocks;      /* HOG_NO_TARGET: no block target (both: until allocation fails) */
  hog_touch touch;
  double touch_fraction;      /* with HOG_TOUCH_FRACTION: 0 < f < 1 */
  uint64_t interval_ns;       /* pause between blocks; 0: none */
  hog_allocator allocator;
  hog_on_fail on_fail;
  hog_after after;
  int64_t hold_ns;            /* with HOG_AFTER_HOLD: < 0 (HOG_HOLD_FOREVER) holds until stopped */
  uint64_t rewrite_ns;        /* while holding: re-touch everything this often; HOG_NEVER: never */
  uint64_t progress_every_ns; /* at most one HOG_EV_TICK per this period */
  uint64_t probe_every_ns;    /* while holding: a timed pass over the blocks' pages this often; HOG_NEVER: none */
  uint64_t probe_sample;      /* pages per pass, spread evenly (a rotating offset); 0: every page */
  hog_probe_touch probe_touch;/* each page of a pass is read or written */
  int report_blocks;          /* emit HOG_EV_BLOCK after every block (the article's printf) */
} hog_config;

/* The record. HOG_RECORD_COUNTERS in engine-contract.h names its counters for JavaScript.
 * outcome: HOG_OUTCOME_RUNNING until COMPLETED (reached its target, then held and/or freed),
 * MALLOC_FAILED (an allocation failed and on_fail was exit or hold), STOPPED (stopped before reaching
 * its target) or ERROR (the engine itself could not run: err and syscall say why). */
typedef struct {
  uint64_t blocks;
  uint64_t allocated_bytes;
  uint64_t touched_bytes;
  uint64_t failures;
  uint64_t rewrites;
  uint64_t elapsed_ns;
  uint64_t first_fail_ns;      /* elapsed time of the first failed allocation; 0: none */
  uint64_t huge_touched_bytes; /* populate: bytes touched in chunks advised MADV_HUGEPAGE (THP may still
                                  have used small pages: advice is a hint) */
  uint64_t probes;             /* populate: chunks of the kind of pages not chosen at the time (see engine.c) */
  uint64_t passes;             /* probe passes done (one HOG_EV_PASS each) */
  uint64_t pass_ns;            /* the last pass's duration, CLOCK_MONOTONIC */
  hog_phase phase;
  hog_outcome outcome;
  int err;                     /* errno of the last failure, 0 if none */
  const char *syscall;         /* the call that failed ("malloc", "mmap", ...), "" if none */
} hog_stats;

typedef struct {
  /* Called on the engine's thread. Must be quick; it must not call back into the engine. */
  void (*on_event)(hog_event ev, const hog_stats *stats, void *ctx);
  /* Polled between blocks and while holding; non-zero ends the run. */
  int (*should_stop)(void *ctx);
  /* Optional: sleeps up to ns and returns non-zero as soon as a stop is requested (the executable:
   * its stop signal wakes the sleep). Without it the engine sleeps in 10 ms slices, polling
   * should_stop between them: an idle hog then wakes 100 times a second, which at 500 hogs kept
   * both cores busy. */
  int (*sleep_ns)(uint64_t ns, void *ctx);
  void *ctx;
} hog_hooks;

/* Runs the engine to its end. Always fills *out (outcome HOG_OUTCOME_ERROR with err/syscall when the
 * configuration is invalid) and frees everything it allocated before returning. Returns 0, or the
 * errno of an engine error. */
int hog_run(const hog_config *cfg, const hog_hooks *hooks, hog_stats *out);


#endif
