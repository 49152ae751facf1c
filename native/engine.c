/* The allocation engine. See engine.h for what it is and is not responsible for. */
#include "engine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

/* A memset the compiler may not remove: the stores are the point of the program. */
static void *(*volatile touch_memset)(void *, int, size_t) = memset;

/* The populate allocator maps memory in chunks aligned to this (the PMD size on x86_64 and arm64 with
 * 4 KiB pages), so transparent huge pages can back them even when blocks are smaller. */
#define HOG_HUGE_ALIGN ((size_t)2 << 20)

typedef struct {
  char **blocks;
  size_t cap;
  size_t page;
  uint64_t start_ns;
  uint64_t last_tick_ns;
  /* populate: the part of the current aligned chunk not yet handed out as blocks */
  char *chunk_next;
  size_t chunk_left;
  char *chunk_prev; /* start of the last chunk mapped: the next is asked for just below it */
  /* populate: which pages back the chunks. Huge pages are usually several times faster to fault in,
   * but not always: on a VM whose host has taken free memory back (free page reporting), a huge page
   * built from such memory is many times slower than small pages, while memory freed a moment ago is
   * fast either way. So the fill times both kinds ([0] small, [1] huge: ns spent touching, bytes
   * touched, recent history weighted), backs each new chunk with the faster, and now and then tries
   * one chunk of the other kind (a probe). Probes are paced by what they cost: after one, the next
   * waits until the chosen kind has filled for HOG_PROBE_BUDGET times the expected extra cost of a
   * chunk of the slower kind, so probing never takes more than about 1/HOG_PROBE_BUDGET of the fill
   * time, however slow the losing kind is, and a kind that loses by little is tried again soon. */
  uint64_t kind_ns[2], kind_bytes[2];
  uint64_t chunk_ns, chunk_bytes; /* touches timed in the current chunk */
  int64_t probe_wait_ns;          /* fill time of the chosen kind still to pass before a probe */
  uint64_t since_probe;           /* chunks mapped since the last probe */
  uint64_t probes;                /* probes so far, not counting the first two chunks */
  int chosen;                     /* the kind the history chose for the last chunk that was not a probe */
  size_t small_run; /* units (of HOG_HUGE_ALIGN) the next small-page chunk maps; doubles per chunk */
  int chunk_huge;  /* the kind backing the current chunk */
  int chunk_probe; /* the current chunk is a probe (or one of the first two, one of each kind) */
  int chunk_timed; /* the current block came from a chunk and its touch is timed */
  hog_stats ticked; /* the counters of the last record, to tell whether a tick has anything new */
} engine_state;

#define HOG_PROBE_BUDGET 64 /* probes cost at most about 1/64 of the fill time */
#define HOG_PROBE_MIN_GAP 4 /* and are at least this many chunks apart */
#define HOG_SMALL_RUN_MAX ((size_t)16 << 20) /* small-page chunks grow up to this while they keep winning */
#define HOG_PROBE_DECAY (16ull << 20) /* halve a kind's history once it holds this many bytes */

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void emit(const hog_hooks *h, hog_event ev, hog_stats *s, engine_state *st) {
  s->elapsed_ns = now_ns() - st->start_ns;
  if (ev == HOG_EV_TICK) st->last_tick_ns = s->elapsed_ns;
  st->ticked = *s;
  if (h->on_event) h->on_event(ev, s, h->ctx);
}

/* A tick reports progress: none when no counter moved since the last record (a holding hog would
 * otherwise say the same thing 100 times a second, and a harness of 1000 of them would spend its time
 * parsing that). The last record before an end or a kill still has every counter as it was. */
static int progressed(const hog_stats *s, const hog_stats *t) {
  return s->blocks != t->blocks || s->allocated_bytes != t->allocated_bytes || s->touched_bytes != t->touched_bytes ||
         s->failures != t->failures || s->rewrites != t->rewrites || s->huge_touched_bytes != t->huge_touched_bytes ||
         s->probes != t->probes || s->passes != t->passes || s->phase != t->phase;
}

static void maybe_tick(const hog_config *c, const hog_hooks *h, hog_stats *s, engine_state *st) {
  if (now_ns() - st->start_ns - st->last_tick_ns < c->progress_every_ns) return;
  if (!progressed(s, &st->ticked)) {
    st->last_tick_ns = now_ns() - st->start_ns; /* looked now; look again a period later */
    return;
  }
  emit(h, HOG_EV_TICK, s, st);
}

static int stopped(const hog_hooks *h) { return h->should_stop && h->should_stop(h->ctx); }

/* Sleeps ns (UINT64_MAX: until stopped): through the host's sleep hook when it has one, else in
 * slices short enough to notice a stop request within ~10 ms. Returns 1 if stopped. */
static int pause_ns(uint64_t ns, const hog_config *c, const hog_hooks *h, hog_stats *s, engine_state *st) {
  if (h->sleep_ns) {
    if (stopped(h) || h->sleep_ns(ns, h->ctx)) return 1;
    maybe_tick(c, h, s, st);
    return stopped(h);
  }
  const uint64_t slice = 10000000ull;
  while (ns > 0) {
    if (stopped(h)) return 1;
    uint64_t step = ns < slice ? ns : slice;
    struct timespec ts = {(time_t)(step / 1000000000ull), (long)(step % 1000000000ull)};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
      if (stopped(h)) return 1;
    }
    if (ns != UINT64_MAX) ns -= step;
    maybe_tick(c, h, s, st);
  }
  return stopped(h);
}

static size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }

/* ns per byte of a kind's recent history. */
static double kind_rate(const engine_state *st, int huge) {
  return (double)st->kind_ns[huge] / (double)st->kind_bytes[huge];
}

/* Adds the chunk just filled to its kind's history; after a probe, paces the next one. */
static void finish_chunk(engine_state *st) {
  if (!st->chunk_bytes) return;
  int k = st->chunk_huge;
  st->kind_ns[k] += st->chunk_ns;
  st->kind_bytes[k] += st->chunk_bytes;
  if (st->kind_bytes[k] >= HOG_PROBE_DECAY) {
    st->kind_ns[k] /= 2;
    st->kind_bytes[k] /= 2;
  }
  if (st->chunk_probe && st->kind_bytes[0] && st->kind_bytes[1]) {
    /* what one chunk of the slower kind costs over the faster, in the history as it now stands */
    double extra = (kind_rate(st, 0) - kind_rate(st, 1)) * (double)st->chunk_bytes;
    st->probe_wait_ns = (int64_t)((extra < 0 ? -extra : extra) * HOG_PROBE_BUDGET);
  } else if (!st->chunk_probe) {
    st->probe_wait_ns -= (int64_t)st->chunk_ns;
  }
  st->chunk_ns = 0;
  st->chunk_bytes = 0;
}

/* Which kind of pages the next chunk should have (see engine_state). */
static int next_chunk_huge(engine_state *st) {
  finish_chunk(st);
  st->since_probe++;
  /* the first two chunks try one of each kind (when their touches are timed) */
  st->chunk_probe = !st->kind_bytes[0] || !st->kind_bytes[1];
  if (st->chunk_probe) return !st->kind_bytes[1];
  int huge = kind_rate(st, 1) <= kind_rate(st, 0);
  if (huge != st->chosen) {
    /* the history changed its mind: one slow chunk can be a hiccup, so try the old kind again soon */
    st->chosen = huge;
    st->probe_wait_ns = 0;
  }
  if (st->probe_wait_ns > 0 || st->since_probe < HOG_PROBE_MIN_GAP) return huge;
  st->chunk_probe = 1;
  st->since_probe = 0;
  st->probes++;
  return !huge;
}

/* Counts a timed touch towards the current chunk. */
static void record_touch(engine_state *st, uint64_t ns, uint64_t bytes) {
  st->chunk_ns += ns;
  st->chunk_bytes += bytes;
}

/* A fresh 2 MiB-aligned anonymous mapping of len (a multiple of HOG_HUGE_ALIGN), advised
 * MADV_HUGEPAGE or MADV_NOHUGEPAGE. First asked for directly below the previous chunk (one mmap;
 * the kernel merges neighbours with the same advice into one VMA), otherwise over-mapped by the
 * alignment and trimmed. NULL with errno set. */
static char *map_chunk(engine_state *st, size_t len, int huge) {
  const int prot = PROT_READ | PROT_WRITE, flags = MAP_PRIVATE | MAP_ANONYMOUS;
  char *a = NULL;
#ifdef MAP_FIXED_NOREPLACE
  if (st->chunk_prev && (uintptr_t)st->chunk_prev > len) {
    char *want = st->chunk_prev - len;
    void *p = mmap(want, len, prot, flags | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == (void *)want) a = want;
    else if (p != MAP_FAILED) munmap(p, len); /* a kernel without MAP_FIXED_NOREPLACE took it as a hint */
  }
#endif
  if (!a) {
    if (len > SIZE_MAX - HOG_HUGE_ALIGN) { errno = ENOMEM; return NULL; }
    size_t span = len + HOG_HUGE_ALIGN;
    char *p = mmap(NULL, span, prot, flags, -1, 0);
    if (p == MAP_FAILED) return NULL;
    a = (char *)round_up((size_t)(uintptr_t)p, HOG_HUGE_ALIGN);
    if (a > p) munmap(p, (size_t)(a - p));
    if (p + span > a + len) munmap(a + len, (size_t)(p + span - (a + len)));
  }
  /* only hints: THP may be off, or no huge page free */
  (void)madvise(a, len, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  st->chunk_prev = a;
  return a;
}

static char *allocate(const hog_config *c, engine_state *st, const char **syscall) {
  if (c->allocator == HOG_ALLOC_MALLOC) {
    *syscall = "malloc";
    return malloc(c->block_bytes);
  }
  *syscall = "mmap";
  size_t n = c->block_bytes;
  if (c->allocator == HOG_ALLOC_POPULATE) {
    size_t stride = round_up(n, st->page); /* every block starts on a page, as an mmap of its own would */
    /* Blocks are carved from 2 MiB-aligned chunks, so huge pages can back 1 MiB blocks too. VSZ runs
     * ahead of allocated_bytes by less than one chunk (the unused rest of the current one), and RSS
     * ahead of touched_bytes by less than one huge page. Each block is still its own range: it is
     * released with munmap of exactly its bytes, like the mmap allocator's. */
    if (stride < n || st->chunk_left < stride) {
      if (st->chunk_left) munmap(st->chunk_next, st->chunk_left);
      st->chunk_next = NULL;
      st->chunk_left = 0;
      size_t unit = stride >= n ? round_up(stride, HOG_HUGE_ALIGN) : 0, len = 0;
      char *chunk = NULL;
      if (unit >= stride && stride >= n) {
        st->chunk_huge = next_chunk_huge(st);
        /* A run of small-page chunks maps several units at a time: fewer mmap and madvise calls.
         * Huge-page chunks and probes stay one unit, so a change of kind is seen within 2 MiB. */
        size_t units = 1;
        if (!st->chunk_huge && !st->chunk_probe) {
          units = unit <= HOG_SMALL_RUN_MAX / st->small_run ? st->small_run : 1;
          if (st->small_run < HOG_SMALL_RUN_MAX / HOG_HUGE_ALIGN) st->small_run *= 2;
        } else {
          st->small_run = 1;
        }
        len = unit * units;
        chunk = map_chunk(st, len, st->chunk_huge);
        if (!chunk && units > 1) chunk = map_chunk(st, len = unit, st->chunk_huge);
      }
      if (!chunk) {
        /* No room for the rounding (RLIMIT_AS, overcommit): fall back to the block alone, so
         * allocation fails where the other allocators' would. */
        void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return NULL;
        (void)madvise(p, n, MADV_HUGEPAGE);
        st->chunk_timed = 0;
        return p;
      }
      st->chunk_next = chunk;
      st->chunk_left = len;
    }
    char *p = st->chunk_next;
    st->chunk_next += stride;
    st->chunk_left -= stride;
    st->chunk_timed = 1;
    return p;
  }
  void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

static void release(const hog_config *c, char *p) {
  if (c->allocator == HOG_ALLOC_MALLOC) free(p);
  else munmap(p, c->block_bytes);
}

/* Makes a block resident according to the touch mode; returns the bytes touched. */
static uint64_t touch(const hog_config *c, char *p, size_t page) {
  size_t n = c->block_bytes;
  switch (c->touch) {
    case HOG_TOUCH_NONE:
      return 0;
    case HOG_TOUCH_MEMSET:
      touch_memset(p, 'a', n);
      return n;
    case HOG_TOUCH_FRACTION: {
      size_t part = (size_t)((double)n * c->touch_fraction + 0.5);
      if (part > n) part = n;
      touch_memset(p, 'a', part);
      return part;
    }
    case HOG_TOUCH_PAGES:
      if (c->allocator == HOG_ALLOC_POPULATE && madvise(p, n, MADV_POPULATE_WRITE) == 0) return n;
      for (size_t off = 0; off < n; off += page) ((volatile char *)p)[off] = 'a';
      ((volatile char *)p)[n - 1] = 'a';
      return n;
  }
  return 0;
}

static int target_reached(const hog_config *c, const hog_stats *s) {
  if (c->count_blocks && s->blocks >= c->count_blocks) return 1;
  if (c->total_bytes && s->allocated_bytes >= c->total_bytes) return 1;
  return 0;
}

static int grow(engine_state *st) {
  size_t cap = st->cap ? st->cap * 2 : 4096;
  char **b = realloc(st->blocks, cap * sizeof *b);
  if (!b) return -1;
  st->blocks = b;
  st->cap = cap;
  return 0;
}

static void fail(hog_stats *s, int err, const char *syscall, engine_state *st) {
  s->failures++;
  s->err = err ? err : ENOMEM;
  s->syscall = syscall;
  if (!s->first_fail_ns) s->first_fail_ns = now_ns() - st->start_ns;
}

/* The loop of test_mem/test_mem2: allocate, maybe touch, pause, until target, failure or stop. */
static void alloc_phase(const hog_config *c, const hog_hooks *h, hog_stats *s, engine_state *st) {
  while (!target_reached(c, s)) {
    if (stopped(h)) { s->outcome = HOG_OUTCOME_STOPPED; return; }
    const char *syscall = "realloc";
    char *p = NULL;
    errno = 0;
    if (s->blocks < st->cap || grow(st) == 0) p = allocate(c, st, &syscall);
    if (!p) {
      fail(s, errno, syscall, st);
      emit(h, HOG_EV_FAIL, s, st);
      if (c->on_fail != HOG_FAIL_RETRY) { s->outcome = HOG_OUTCOME_MALLOC_FAILED; return; }
      if (pause_ns(c->interval_ns ? c->interval_ns : 1000000ull, c, h, s, st)) { s->outcome = HOG_OUTCOME_STOPPED; return; }
      continue;
    }
    st->blocks[s->blocks++] = p;
    s->allocated_bytes += c->block_bytes;
    if (c->allocator == HOG_ALLOC_POPULATE && st->chunk_timed && c->touch != HOG_TOUCH_NONE) {
      uint64_t t0 = now_ns();
      uint64_t touched = touch(c, p, st->page);
      record_touch(st, now_ns() - t0, touched);
      s->touched_bytes += touched;
      if (st->chunk_huge) s->huge_touched_bytes += touched;
      s->probes = st->probes;
    } else {
      s->touched_bytes += touch(c, p, st->page);
    }
    if (c->report_blocks) emit(h, HOG_EV_BLOCK, s, st);
    maybe_tick(c, h, s, st);
    if (c->interval_ns && pause_ns(c->interval_ns, c, h, s, st) && !target_reached(c, s)) {
      s->outcome = HOG_OUTCOME_STOPPED;
      return;
    }
  }
  s->outcome = HOG_OUTCOME_COMPLETED;
}

/* A probe pass: touches `sample` pages of the blocks (all of them when 0 or more than there are),
 * evenly spaced with an offset that moves each pass, so over time every page is visited; returns
 * how long it took. A read pass reads one byte per page (a page swapped out must come back); a
 * write pass also dirties it. */
static volatile unsigned char probe_sink;
static uint64_t probe_pass(const hog_config *c, const hog_stats *s, engine_state *st) {
  uint64_t per_block = (c->block_bytes + st->page - 1) / st->page;
  uint64_t total = per_block * s->blocks;
  if (!total) return 0;
  uint64_t n = c->probe_sample && c->probe_sample < total ? c->probe_sample : total;
  uint64_t stride = total / n, offset = stride > 1 ? s->passes % stride : 0;
  unsigned char acc = 0;
  uint64_t t0 = now_ns();
  for (uint64_t i = 0; i < n; i++) {
    uint64_t idx = offset + i * stride;
    volatile unsigned char *p = (volatile unsigned char *)st->blocks[idx / per_block] + (idx % per_block) * st->page;
    if (c->probe_touch == HOG_PROBE_WRITE) *p = (unsigned char)(*p + 1);
    else acc ^= *p;
  }
  uint64_t t1 = now_ns();
  probe_sink = acc;
  return t1 - t0;
}

/* Holding: keep everything, optionally re-touching it so its pages stay hot (an active process). */
static void hold_phase(const hog_config *c, const hog_hooks *h, hog_stats *s, engine_state *st) {
  uint64_t start = now_ns();
  uint64_t next_rewrite = start + c->rewrite_ns;
  uint64_t next_pass = start;
  for (;;) {
    if (stopped(h)) return;
    uint64_t t = now_ns();
    if (c->hold_ns >= 0 && t - start >= (uint64_t)c->hold_ns) return;
    if (c->probe_every_ns && t >= next_pass) {
      s->pass_ns = probe_pass(c, s, st);
      s->passes++;
      emit(h, HOG_EV_PASS, s, st);
      /* a fixed rate; a pass that overran its period is followed at once, never by a burst */
      next_pass += c->probe_every_ns;
      t = now_ns();
      if (next_pass < t) next_pass = t;
    }
    if (c->rewrite_ns && t >= next_rewrite) {
      for (uint64_t i = 0; i < s->blocks && !stopped(h); i++) (void)touch(c, st->blocks[i], st->page);
      s->rewrites++;
      next_rewrite = now_ns() + c->rewrite_ns;
    }
    /* Until the next thing to do: a pass, a rewrite, the hold's end; none: until stopped. */
    uint64_t wait = UINT64_MAX;
    t = now_ns();
    if (c->probe_every_ns) {
      if (next_pass <= t) continue;
      if (next_pass - t < wait) wait = next_pass - t;
    }
    if (c->rewrite_ns) {
      if (next_rewrite <= t) continue;
      if (next_rewrite - t < wait) wait = next_rewrite - t;
    }
    if (c->hold_ns >= 0) {
      if (t - start >= (uint64_t)c->hold_ns) return;
      if (start + (uint64_t)c->hold_ns - t < wait) wait = start + (uint64_t)c->hold_ns - t;
    }
    if (pause_ns(wait, c, h, s, st)) return;
  }
}

static int valid(const hog_config *c) {
  if (!c->block_bytes || c->block_bytes > (uint64_t)SIZE_MAX / 2) return 0;
  if ((unsigned)c->touch >= HOG_TOUCH_COUNT || (unsigned)c->allocator >= HOG_ALLOC_COUNT) return 0;
  if ((unsigned)c->on_fail >= HOG_FAIL_COUNT || (unsigned)c->after >= HOG_AFTER_COUNT) return 0;
  if (c->touch == HOG_TOUCH_FRACTION && !(c->touch_fraction > 0.0 && c->touch_fraction < 1.0)) return 0;
  if ((unsigned)c->probe_touch >= HOG_PROBE_COUNT) return 0;
  return 1;
}

int hog_run(const hog_config *c, const hog_hooks *h, hog_stats *s) {
  memset(s, 0, sizeof *s);
  s->syscall = "";
  engine_state st = {0};
  st.start_ns = now_ns();
  long page = sysconf(_SC_PAGESIZE);
  st.page = page > 0 ? (size_t)page : 4096;
  st.small_run = 1;
  if (!valid(c)) {
    s->outcome = HOG_OUTCOME_ERROR;
    s->err = EINVAL;
    s->syscall = "hog_run";
    s->phase = HOG_PHASE_DONE;
    emit(h, HOG_EV_DONE, s, &st);
    return EINVAL;
  }
  s->phase = HOG_PHASE_ALLOC;
  emit(h, HOG_EV_PHASE, s, &st);
  alloc_phase(c, h, s, &st);
  int hold = (s->outcome == HOG_OUTCOME_COMPLETED && c->after == HOG_AFTER_HOLD) ||
             (s->outcome == HOG_OUTCOME_MALLOC_FAILED && c->on_fail == HOG_FAIL_HOLD);
  if (hold && !stopped(h)) {
    s->phase = HOG_PHASE_HOLD;
    emit(h, HOG_EV_PHASE, s, &st);
    hold_phase(c, h, s, &st);
  }
  s->phase = HOG_PHASE_FREE;
  emit(h, HOG_EV_PHASE, s, &st);
  for (uint64_t i = 0; i < s->blocks; i++) release(c, st.blocks[i]);
  if (st.chunk_left) munmap(st.chunk_next, st.chunk_left);
  free(st.blocks);
  s->phase = HOG_PHASE_DONE;
  emit(h, HOG_EV_DONE, s, &st);
  return 0;
}
