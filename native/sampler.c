/* The native sampler (see sampler.h): one thread, absolute deadlines, one pread per pid per tick.
 *
 * Per tick: pick up a new pid list if one was set; write a tick record; for every live pid pread
 * its statm (descriptor kept open: an open /proc/<pid> file also pins that process, so a reused
 * pid number reads as ESRCH, not as a stranger); read stat and status for the pids whose turn it is
 * in the rotation and for a few whose statm changed (the "detail": faults, CPU, state, swap, VmHWM); append the tick's records to the ring under the
 * lock, once; sleep until the next absolute deadline, skipping (and counting) deadlines already
 * past instead of bursting.
 *
 * The sleep is pthread_cond_timedwait on a CLOCK_MONOTONIC condition variable, not clock_nanosleep:
 * both sleep to an absolute deadline, but stop() must be able to wake the thread at once. */
#include "sampler.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  int32_t pid;
  int statm_fd, status_fd, stat_fd; /* -1 once gone */
  double vsz, rss, shared; /* last statm, to tell a change */
  char comm[24];           /* stat's comm at the last detail read, to tell a change ("" before the first) */
} entry;

struct sampler {
  sampler_config cfg;
  long page;
  pthread_t thread;
  int running;
  /* Guarded by mu: the stop flag, the pending pid list and the ring. */
  pthread_mutex_t mu;
  pthread_cond_t wake;
  int stop;
  int32_t *pending; /* a new pid list (sorted, unique), or NULL */
  uint32_t npending;
  sampler_record *ring;
  uint32_t head, count;
  uint64_t dropped, ticks;
  /* Owned by the thread (or by the caller while it is stopped). */
  entry *entries; /* sorted by pid */
  uint32_t nentries;
  sampler_record *scratch; /* one tick's records: 1 + nentries */
  uint32_t scratch_cap;
  char *text; /* status text: grown (never shrunk) until the largest status read fits */
  size_t text_cap;
};

static uint64_t now_ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static void close_entry(entry *e) {
  if (e->statm_fd >= 0) close(e->statm_fd);
  if (e->status_fd >= 0) close(e->status_fd);
  if (e->stat_fd >= 0) close(e->stat_fd);
  e->statm_fd = e->status_fd = e->stat_fd = -1;
}

/* Opens /proc/<pid>/<name>; -errno on failure. */
static int open_proc(int32_t pid, const char *name) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, name);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  return fd >= 0 ? fd : -errno;
}

/* pread from offset 0 into buf (NUL-terminated); bytes read, or -errno (0 bytes: ESRCH). */
static ssize_t pread_all(int fd, char *buf, size_t cap) {
  ssize_t n;
  do n = pread(fd, buf, cap - 1, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0) return -errno;
  if (n == 0) return -ESRCH;
  buf[n] = '\0';
  return n;
}

/* The whole file from offset 0 into s->text (NUL-terminated), growing the buffer until one pread
 * returns less than it could hold. Why: status has no size bound (its Groups line alone runs to
 * ~700 KiB with 65536 supplementary groups, and VmHWM/VmSwap come after it), and a /proc file is
 * regenerated on each read, so it must be read in one pread, not pieced together from several.
 * Bytes read, or -errno (ENOMEM: the buffer could not grow; s->text is kept as it was). */
static ssize_t pread_whole(sampler *s, int fd) {
  for (;;) {
    ssize_t n = pread_all(fd, s->text, s->text_cap);
    if (n < 0 || (size_t)n < s->text_cap - 1) return n;
    if (s->text_cap > SIZE_MAX / 2) return -ENOMEM;
    char *t = malloc(s->text_cap * 2); /* not realloc: the old text is re-read anyway, no copy */
    if (!t) return -ENOMEM;
    free(s->text);
    s->text = t;
    s->text_cap *= 2;
  }
}

static const char *parse_u64(const char *p, double *out) {
  while (*p == ' ' || *p == '\t') p++;
  if (*p < '0' || *p > '9') return NULL;
  uint64_t v = 0;
  while (*p >= '0' && *p <= '9') v = v * 10 + (uint64_t)(*p++ - '0');
  *out = (double)v;
  return p;
}

/* status lines we want, in kB; absent lines stay 0. */
static void parse_status(const char *p, sampler_record *r) {
  static const struct { const char *key; size_t off; } keys[] = {
      {"VmPeak:", offsetof(sampler_record, vmpeak)}, {"VmHWM:", offsetof(sampler_record, hwm)},
      {"RssFile:", offsetof(sampler_record, rss_file)}, {"RssShmem:", offsetof(sampler_record, rss_shmem)},
      {"VmSwap:", offsetof(sampler_record, swap)}};
  for (; *p; p++) {
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
      size_t len = strlen(keys[k].key);
      double kb;
      if (strncmp(p, keys[k].key, len) == 0 && parse_u64(p + len, &kb)) *(double *)((char *)r + keys[k].off) = kb * 1024;
    }
    p = strchr(p, '\n');
    if (!p) break;
  }
}

/* Skips one space-separated field (and the spaces before it); NULL at the end of the text. */
static const char *skip_field(const char *p) {
  while (*p == ' ') p++;
  if (!*p) return NULL;
  while (*p && *p != ' ') p++;
  return p;
}

/* stat: comm (between the first '(' and the last ')': a comm may hold either), state, minflt,
 * majflt, utime + stime. Returns 0, or EINVAL for text that does not parse; *comm_changed is set
 * when comm differs from e->comm, which is then updated. */
static int parse_stat(const char *text, entry *e, sampler_record *r, int *comm_changed) {
  const char *open = strchr(text, '('), *close = strrchr(text, ')');
  if (!open || !close || close < open || close[1] != ' ' || !close[2]) return EINVAL;
  size_t len = (size_t)(close - open - 1);
  if (len >= sizeof e->comm) len = sizeof e->comm - 1;
  *comm_changed = e->comm[0] == '\0' || strncmp(e->comm, open + 1, len) != 0 || e->comm[len] != '\0';
  if (*comm_changed) memcpy(e->comm, open + 1, len), e->comm[len] = '\0';
  r->state = (double)(unsigned char)close[2];
  const char *p = close + 3; /* field 4 (ppid) on */
  double minflt = 0, majflt = 0, utime = 0, stime = 0;
  for (int f = 4; f <= 9 && p; f++) p = skip_field(p); /* ppid .. flags */
  if (p) p = parse_u64(p, &minflt);                  /* 10 */
  if (p) p = skip_field(p);                          /* 11 cminflt */
  if (p) p = parse_u64(p, &majflt);                  /* 12 */
  if (p) p = skip_field(p);                          /* 13 cmajflt */
  if (p) p = parse_u64(p, &utime);                   /* 14 */
  if (p) p = parse_u64(p, &stime);                   /* 15 */
  if (!p) return EINVAL;
  r->minflt = minflt, r->majflt = majflt, r->cpu_ticks = utime + stime;
  return 0;
}

/* Replaces the entries with the sorted list, keeping the descriptors of pids already there and
 * opening the new ones; a pid that cannot be opened is written as gone at once. */
static uint32_t apply_pids(sampler *s, int32_t *pids, uint32_t n, sampler_record *out, uint64_t t) {
  entry *next = calloc(n ? n : 1, sizeof *next);
  uint32_t nrec = 0, i = 0, j = 0;
  if (!next) return 0; /* keep the old list; the caller frees pids */
  for (; j < n; j++) {
    while (i < s->nentries && s->entries[i].pid < pids[j]) close_entry(&s->entries[i++]);
    if (i < s->nentries && s->entries[i].pid == pids[j]) {
      next[j] = s->entries[i++];
      continue;
    }
    entry *e = &next[j];
    e->pid = pids[j];
    e->statm_fd = open_proc(e->pid, "statm");
    e->status_fd = e->statm_fd >= 0 ? open_proc(e->pid, "status") : -1;
    e->stat_fd = e->status_fd >= 0 ? open_proc(e->pid, "stat") : -1;
    if (e->stat_fd < 0) {
      int err = e->statm_fd < 0 ? -e->statm_fd : e->status_fd < 0 ? -e->status_fd : -e->stat_fd;
      if (e->statm_fd >= 0) close(e->statm_fd);
      if (e->status_fd >= 0) close(e->status_fd);
      e->statm_fd = e->status_fd = e->stat_fd = -1;
      out[nrec++] = (sampler_record){.pid = e->pid, .err = err, .flags = SAMPLER_F_GONE, .t_ns = (double)t};
    }
  }
  while (i < s->nentries) close_entry(&s->entries[i++]);
  free(s->entries);
  s->entries = next;
  s->nentries = n;
  return nrec;
}

static int grow_scratch(sampler *s, uint32_t need) {
  if (need <= s->scratch_cap) return 0;
  sampler_record *r = realloc(s->scratch, need * sizeof *r);
  if (!r) return ENOMEM;
  s->scratch = r;
  s->scratch_cap = need;
  return 0;
}

/* One tick's reads into s->scratch from index `at`; returns the index after the last record. */
static uint32_t read_tick(sampler *s, uint64_t tick, uint32_t at, uint32_t *read) {
  char buf[4096]; /* statm (seven numbers); status goes to s->text */
  uint32_t nrec = at, changed_budget = s->cfg.detail_changed;
  for (uint32_t i = 0; i < s->nentries; i++) {
    entry *e = &s->entries[i];
    if (e->statm_fd < 0) continue;
    sampler_record *r = &s->scratch[nrec++];
    *r = (sampler_record){.pid = e->pid, .t_ns = (double)now_ns(CLOCK_MONOTONIC)};
    ssize_t n = pread_all(e->statm_fd, buf, sizeof buf);
    double size = 0, resident = 0, shared = 0;
    const char *p = n > 0 ? parse_u64(buf, &size) : NULL;
    if (p) p = parse_u64(p, &resident);
    if (p) p = parse_u64(p, &shared);
    /* A process that has released its memory (exiting, a zombie) reads as all zeros: gone too. */
    if (n < 0 || !p || size == 0) {
      r->err = n < 0 ? (double)-n : ESRCH;
      r->flags = SAMPLER_F_GONE;
      close_entry(e);
      continue;
    }
    (*read)++;
    r->vsz = size * (double)s->page;
    r->rss = resident * (double)s->page;
    r->shared = shared * (double)s->page;
    int changed = r->vsz != e->vsz || r->rss != e->rss || r->shared != e->shared;
    e->vsz = r->vsz, e->rss = r->rss, e->shared = r->shared;
    /* status: this pid's turn in the rotation (spread so each tick reads about n/detail_every), or a
     * change while the per-tick budget lasts. */
    int turn = s->cfg.detail_every && (tick + i) % s->cfg.detail_every == 0;
    if (!turn && !(changed && changed_budget > 0)) {
      if (!changed && s->cfg.changes_only) nrec--; /* read, unchanged: no record */
      continue;
    }
    if (!turn) changed_budget--;
    n = pread_whole(s, e->status_fd);
    if (n == -ENOMEM) {
      r->err = ENOMEM; /* the statm reading stands; no SAMPLER_F_DETAIL: status was not read this time */
      continue;
    }
    if (n < 0) {
      r->err = (double)-n;
      r->flags = SAMPLER_F_GONE;
      close_entry(e);
      continue;
    }
    parse_status(s->text, r);
    /* stat after status: a read that fails here (the process went in between) ends the pid too. */
    n = pread_all(e->stat_fd, buf, sizeof buf);
    int comm_changed = 0, perr = n < 0 ? (int)-n : parse_stat(buf, e, r, &comm_changed);
    if (perr) {
      r->err = perr;
      r->flags = SAMPLER_F_GONE;
      close_entry(e);
      continue;
    }
    r->flags = SAMPLER_F_DETAIL | (comm_changed ? SAMPLER_F_COMM : 0);
  }
  return nrec;
}

/* Appends records to the ring; the caller holds the lock. What does not fit is counted as dropped. */
static void publish(sampler *s, const sampler_record *recs, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    if (s->count == s->cfg.capacity) {
      s->dropped += n - i;
      return;
    }
    s->ring[(s->head + s->count++) % s->cfg.capacity] = recs[i];
  }
}

static void *run(void *arg) {
  sampler *s = arg;
  uint64_t interval = s->cfg.interval_ns, deadline = now_ns(CLOCK_MONOTONIC), skipped = 0;
  for (uint64_t tick = 0;; tick++) {
    uint64_t start = now_ns(CLOCK_MONOTONIC);
    pthread_mutex_lock(&s->mu);
    int32_t *pids = s->pending;
    uint32_t npids = s->npending;
    s->pending = NULL;
    pthread_mutex_unlock(&s->mu);

    /* Room for the tick record, a gone-at-open record per new pid, and a record per pid. */
    uint32_t nrec = 0, read = 0;
    if (grow_scratch(s, 1 + s->nentries + (pids ? 2 * npids : 0)) == 0) {
      nrec = 1 + (pids ? apply_pids(s, pids, npids, s->scratch + 1, start) : 0);
      nrec = read_tick(s, tick, nrec, &read);
      s->scratch[0] = (sampler_record){.flags = SAMPLER_F_TICK, .err = (double)skipped, .t_ns = (double)start,
                                       .vsz = start > deadline ? (double)(start - deadline) : 0,
                                       .rss = (double)now_ns(CLOCK_THREAD_CPUTIME_ID), .shared = read};
    }
    free(pids); /* if the scratch could not grow (ENOMEM) this list is lost; set_pids again fixes it */

    pthread_mutex_lock(&s->mu);
    publish(s, s->scratch, nrec);
    s->ticks++;
    /* The next absolute deadline; deadlines already past are skipped, not run in a burst. */
    deadline += interval;
    uint64_t now = now_ns(CLOCK_MONOTONIC);
    skipped = now >= deadline ? (now - deadline) / interval + 1 : 0;
    deadline += skipped * interval;
    struct timespec ts = {.tv_sec = (time_t)(deadline / 1000000000u), .tv_nsec = (long)(deadline % 1000000000u)};
    while (!s->stop && pthread_cond_timedwait(&s->wake, &s->mu, &ts) != ETIMEDOUT) {
    }
    int stop = s->stop;
    pthread_mutex_unlock(&s->mu);
    if (stop) return NULL;
  }
}

int sampler_create(const sampler_config *cfg, sampler **out, const char **syscall) {
  *syscall = "malloc";
  if (!cfg->interval_ns || !cfg->capacity) return *syscall = "sampler_create", EINVAL;
  sampler *s = calloc(1, sizeof *s);
  if (!s) return ENOMEM;
  s->cfg = *cfg;
  s->page = sysconf(_SC_PAGESIZE);
  s->ring = calloc(cfg->capacity, sizeof *s->ring);
  if (!s->ring) return free(s), ENOMEM;
  s->text_cap = 4096; /* most status files fit (~1.5 KiB); a larger one grows it on the thread, and it stays grown */
  s->text = malloc(s->text_cap);
  if (!s->text) return free(s->ring), free(s), ENOMEM;
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&s->wake, &ca);
  pthread_condattr_destroy(&ca);
  pthread_mutex_init(&s->mu, NULL);
  *out = s;
  return 0;
}

int sampler_set_pids(sampler *s, const int32_t *pids, uint32_t n) {
  int32_t *copy = malloc((n ? n : 1) * sizeof *copy);
  if (!copy) return ENOMEM;
  memcpy(copy, pids, n * sizeof *copy);
  qsort(copy, n, sizeof *copy, cmp_i32);
  uint32_t u = 0;
  for (uint32_t i = 0; i < n; i++)
    if (u == 0 || copy[u - 1] != copy[i]) copy[u++] = copy[i];
  pthread_mutex_lock(&s->mu);
  free(s->pending);
  s->pending = copy, s->npending = u;
  pthread_mutex_unlock(&s->mu);
  return 0;
}

int sampler_start(sampler *s) {
  if (s->running) return 0;
  s->stop = 0;
  int e = pthread_create(&s->thread, NULL, run, s);
  if (e) return e;
  pthread_setname_np(s->thread, "oomlab-sampler"); /* so /proc/<pid>/task/<tid>/comm tells it apart */
  s->running = 1;
  return 0;
}

void sampler_stop(sampler *s) {
  if (!s->running) return;
  pthread_mutex_lock(&s->mu);
  s->stop = 1;
  pthread_cond_signal(&s->wake);
  pthread_mutex_unlock(&s->mu);
  pthread_join(s->thread, NULL);
  s->running = 0;
}

uint32_t sampler_drain(sampler *s, sampler_record *out, uint32_t max) {
  pthread_mutex_lock(&s->mu);
  uint32_t n = s->count < max ? s->count : max;
  for (uint32_t i = 0; i < n; i++) out[i] = s->ring[(s->head + i) % s->cfg.capacity];
  s->head = (s->head + n) % s->cfg.capacity;
  s->count -= n;
  pthread_mutex_unlock(&s->mu);
  return n;
}

void sampler_counts(sampler *s, uint64_t *dropped, uint64_t *ticks, int *running) {
  pthread_mutex_lock(&s->mu);
  *dropped = s->dropped, *ticks = s->ticks;
  pthread_mutex_unlock(&s->mu);
  *running = s->running;
}

void sampler_destroy(sampler *s) {
  if (!s) return;
  sampler_stop(s);
  for (uint32_t i = 0; i < s->nentries; i++) close_entry(&s->entries[i]);
  free(s->entries);
  free(s->pending);
  free(s->ring);
  free(s->scratch);
  free(s->text);
  pthread_cond_destroy(&s->wake);
  pthread_mutex_destroy(&s->mu);
  free(s);
}
