/* The native sampler: a thread that reads /proc/<pid>/statm (and, in rotation, stat and status) for a list of
 * pids at a fixed interval and appends fixed-size records to a ring buffer that the caller drains.
 *
 * Mechanism only. Which pids, how often, how many status reads per tick and what a vanished pid
 * means are decided in TypeScript (src/proc/native-sampler.ts), which validates every value first.
 * Why a thread: ticks keep their schedule whatever the JavaScript event loop is doing, and the reads
 * cost a syscall each, without Node's per-call overhead.
 */
#ifndef OOMLAB_SAMPLER_H
#define OOMLAB_SAMPLER_H

#include <stdint.h>

/* One record: 16 doubles, so JavaScript reads the ring as a Float64Array with no decoding.
 * Every value fits a double exactly (bytes < 2^53; CLOCK_MONOTONIC ns to within 2 ns). */
typedef struct {
  double pid;    /* the process; 0 for a tick record */
  double err;    /* errno when the pid could not be read (it vanished: ESRCH/ENOENT); tick: deadlines skipped */
  double flags;  /* SAMPLER_F_* */
  double t_ns;   /* CLOCK_MONOTONIC ns of the read (tick record: when the tick started) */
  double vsz;    /* statm, bytes (tick record: how late the tick started, ns) */
  double rss;    /* statm, bytes (tick record: the thread's own CPU time so far, ns) */
  double shared; /* statm, bytes: RssFile + RssShmem (tick record: pids read this tick) */
  double swap;   /* status VmSwap, bytes; with SAMPLER_F_DETAIL only */
  double hwm;    /* status VmHWM */
  double vmpeak; /* status VmPeak */
  double rss_file;
  double rss_shmem;
  double minflt;    /* stat, with SAMPLER_F_DETAIL: minor faults */
  double majflt;    /* major faults */
  double cpu_ticks; /* utime + stime, clock ticks */
  double state;     /* stat's state letter (its character code), e.g. 'R', 'S', 'Z' */
} sampler_record;

#define SAMPLER_RECORD_DOUBLES 16
#define SAMPLER_F_TICK 1u   /* a tick marker, written before that tick's pid records */
#define SAMPLER_F_DETAIL 2u /* status was read too: swap .. rss_shmem are set */
#define SAMPLER_F_GONE 4u   /* the pid is gone (err says why); it is not read again */
#define SAMPLER_F_COMM 8u   /* with DETAIL: stat's comm differs from this pid's previous detail read (or it is the first) */

typedef struct {
  uint64_t interval_ns;  /* > 0 */
  uint32_t detail_every; /* read each pid's status every this many ticks, spread over ticks; 0: never */
  uint32_t detail_changed; /* plus at most this many pids per tick whose statm changed; 0: none */
  uint32_t capacity;     /* ring size in records (> 0); records that do not fit are dropped and counted */
  int changes_only;      /* write a pid's record only when its statm changed or status was read (gone: always) */
} sampler_config;

typedef struct sampler sampler;

/* Allocates a sampler (not yet running). Returns 0 or an errno; *syscall names the failed call. */
int sampler_create(const sampler_config *cfg, sampler **out, const char **syscall);
/* Replaces the list of pids; the thread picks it up at its next tick. Returns 0 or ENOMEM. */
int sampler_set_pids(sampler *s, const int32_t *pids, uint32_t n);
/* Starts the thread (a no-op if running). Returns 0 or an errno (syscall "pthread_create"). */
int sampler_start(sampler *s);
/* Stops and joins the thread (a no-op if not running); descriptors stay open for a later start. */
void sampler_stop(sampler *s);
/* Moves up to max records from the ring into out; returns how many. */
uint32_t sampler_drain(sampler *s, sampler_record *out, uint32_t max);
/* Records dropped because the ring was full, ticks run, and whether the thread runs. */
void sampler_counts(sampler *s, uint64_t *dropped, uint64_t *ticks, int *running);
/* Stops, closes every descriptor and frees the sampler. */
void sampler_destroy(sampler *s);

#endif
