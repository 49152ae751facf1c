/* oomlab-hog: the engine (engine.c) and the layout probe (layout.c) as a tiny standalone program.
 *
 * The TypeScript side validates every option and builds this program's argv; this file only parses
 * numbers and words strictly and does what it is told, in this order, before the first allocation:
 *   1. PR_SET_PDEATHSIG(SIGKILL), then check the parent is still the one named (no orphaned hogs);
 *   2. join each cgroup given (write our pid to its cgroup.procs);
 *   3. set oom_score_adj;
 *   4. set RLIMIT_AS (the 32-bit box's 3 GiB ceiling on a 64-bit machine);
 *   5. run the engine, or exec a command (exec mode: a service under test starts inside its cgroup).
 * Progress goes to --progress-fd as one JSON object per line; each line is one write(2) shorter than
 * PIPE_BUF, so records never interleave.
 *
 * Exit codes: 0 completed; 12 an allocation failed (malloc-failed); 2 bad arguments; 125 set-up failed;
 * 126/127 exec failed (as a shell); 70 engine error. Stopped by SIGTERM/SIGINT/SIGHUP before reaching
 * its target, it writes its final record and then dies of that signal. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "engine.h"
#include "layout.h"

#define EXIT_MALLOC_FAILED 12
#define EXIT_USAGE 2
#define EXIT_SETUP 125
#define EXIT_INTERNAL 70
#define MAX_CGROUPS 8

static volatile sig_atomic_t stop_signal = 0;
static int progress_fd = -1;
static int human = 0;

static void on_signal(int sig) { stop_signal = sig; }
static int should_stop(void *ctx) { (void)ctx; return stop_signal != 0; }

static void write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return; /* the reader is gone; the run goes on */
    buf += n;
    len -= (size_t)n;
  }
}

static const char *event_name(hog_event ev) {
  static const char *names[] = {"tick", "block", "fail", "phase", "done"};
  return names[ev];
}

static void on_event(hog_event ev, const hog_stats *s, void *ctx) {
  (void)ctx;
  if (human && ev == HOG_EV_BLOCK) printf("Mem Total %" PRIu64 " MiB\n", s->allocated_bytes >> 20);
  if (human && ev == HOG_EV_FAIL && s->failures == 1) printf("Malloc Fail\n");
  if (progress_fd < 0 || ev == HOG_EV_BLOCK) return;
  char line[600];
  int n = 0;
  if (ev == HOG_EV_PHASE && s->phase == HOG_PHASE_ALLOC) {
    /* Before the first block: this process's own VSZ and RSS, the baseline a parent sampling from
     * outside would otherwise race to see. */
    unsigned long long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "re");
    if (f) {
      if (fscanf(f, "%llu %llu", &size, &resident) != 2) size = resident = 0;
      fclose(f);
    }
    unsigned long long page = (unsigned long long)sysconf(_SC_PAGESIZE);
    n = snprintf(line, sizeof line, "{\"ev\":\"start\",\"vsz\":%llu,\"rss\":%llu}\n", size * page, resident * page);
    if (n > 0 && (size_t)n < sizeof line) write_all(progress_fd, line, (size_t)n);
  }
  n = snprintf(line, sizeof line,
                   "{\"ev\":\"%s\",\"phase\":\"%s\",\"outcome\":\"%s\",\"blocks\":%" PRIu64 ",\"allocated\":%" PRIu64
                   ",\"touched\":%" PRIu64 ",\"failures\":%" PRIu64 ",\"rewrites\":%" PRIu64 ",\"elapsedNs\":%" PRIu64
                   ",\"firstFailNs\":%" PRIu64 ",\"hugeTouched\":%" PRIu64 ",\"probes\":%" PRIu64
                   ",\"errno\":%d,\"syscall\":\"%s\"}\n",
                   event_name(ev), hog_phase_name(s->phase), hog_outcome_name(s->outcome), s->blocks, s->allocated_bytes,
                   s->touched_bytes, s->failures, s->rewrites, s->elapsed_ns, s->first_fail_ns, s->huge_touched, s->probes,
                   s->err, s->syscall);
  if (n > 0 && (size_t)n < sizeof line) write_all(progress_fd, line, (size_t)n);
}

/* A set-up step failed: say which, on the progress fd (for the harness) and stderr (for a person). */
static int setup_error(const char *step, const char *syscall, const char *path, int err) {
  if (progress_fd >= 0) {
    char line[512];
    int n = snprintf(line, sizeof line, "{\"ev\":\"error\",\"step\":\"%s\",\"syscall\":\"%s\",\"errno\":%d}\n", step, syscall, err);
    if (n > 0 && (size_t)n < sizeof line) write_all(progress_fd, line, (size_t)n);
  }
  fprintf(stderr, "oomlab-hog: %s: %s%s%s: %s\n", step, syscall, path ? " " : "", path ? path : "", strerror(err));
  return err;
}

static int usage(const char *what, const char *arg) {
  fprintf(stderr, "oomlab-hog: %s%s%s (this program is driven by oomlab; see `oomlab hog --help`)\n", what, arg ? ": " : "", arg ? arg : "");
  exit(EXIT_USAGE);
}

static uint64_t parse_u64(const char *s, const char *flag) {
  if (!s || !*s || *s == '-') usage("expected a whole number for", flag);
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end) usage("expected a whole number for", flag);
  return (uint64_t)v;
}

static int64_t parse_i64(const char *s, const char *flag) {
  if (!s || !*s) usage("expected a number for", flag);
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end) usage("expected a number for", flag);
  return (int64_t)v;
}

static int parse_word(const char *s, const char *const *words, int n, const char *flag) {
  for (int i = 0; s && i < n; i++)
    if (strcmp(s, words[i]) == 0) return i;
  usage("unknown value for", flag);
  return -1;
}

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  ssize_t n = write(fd, text, strlen(text));
  int e = n < 0 ? errno : 0;
  close(fd);
  return e;
}

static void json_string(FILE *f, const char *s, size_t len) {
  fputc('"', f);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c == '\n') fputs("\\n", f);
    else if (c < 0x20 || c == 0x7f) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

int main(int argc, char **argv);

/* --layout: the probe as one JSON object on stdout. Addresses are hex strings (64-bit safe). */
static int run_layout(void) {
  layout_probe p;
  int e = layout_run((const void *)(uintptr_t)&main, &p);
  if (e) return setup_error("layout", p.syscall, NULL, e), EXIT_INTERNAL;
  printf("{\"functionName\":\"main\",\"functionAddr\":\"0x%" PRIxPTR "\",\"globalInitAddr\":\"0x%" PRIxPTR
         "\",\"globalArrayStart\":\"0x%" PRIxPTR "\",\"globalArrayEnd\":\"0x%" PRIxPTR "\",\"rodataAddr\":\"0x%" PRIxPTR
         "\",\"stackBottomAddr\":\"0x%" PRIxPTR "\",\"stackTopAddr\":\"0x%" PRIxPTR "\",\"brkBefore\":\"0x%" PRIxPTR
         "\",\"mallocAddr\":\"0x%" PRIxPTR "\",\"brkAfterMalloc\":\"0x%" PRIxPTR "\",\"brkAfterFree\":\"0x%" PRIxPTR
         "\",\"mallocSize\":%zu,\"pageSize\":%zu,\"maps\":",
         p.function_addr, p.global_init_addr, p.global_array_start, p.global_array_end, p.rodata_addr,
         p.stack_bottom_addr, p.stack_top_addr, p.brk_before, p.malloc_addr, p.brk_after_malloc, p.brk_after_free,
         p.malloc_size, p.page_size);
  json_string(stdout, p.maps, p.maps_len);
  printf("}\n");
  layout_free(&p);
  return 0;
}

int main(int argc, char **argv) {
  static const char *touch_words[] = {"none", "memset", "pages", "fraction"};
  static const char *alloc_words[] = {"malloc", "mmap", "populate"};
  static const char *fail_words[] = {"exit", "hold", "retry"};
  static const char *after_words[] = {"hold", "free"};
  hog_config c = {.block_bytes = 1 << 20, .interval_ns = 200000, .hold_ns = -1, .progress_every_ns = 10000000};
  const char *cgroups[MAX_CGROUPS];
  int ncgroups = 0, pdeathsig = 0, have_rlimit = 0, have_adj = 0, exec_at = -1;
  uint64_t rlimit_as = 0;
  int64_t oom_adj = 0, parent_pid = 0;

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--layout") == 0) return run_layout();
    if (strcmp(a, "--exec") == 0) {
      if (i + 2 >= argc || strcmp(argv[i + 1], "--") != 0) usage("--exec needs -- and a command", NULL);
      exec_at = i + 2;
      break;
    }
    if (strcmp(a, "--pdeathsig") == 0) { pdeathsig = 1; continue; }
    if (strcmp(a, "--human") == 0) { human = 1; c.report_blocks = 1; continue; }
    if (!v) usage("missing value for", a);
    i++;
    if (strcmp(a, "--cgroup-procs") == 0) {
      if (ncgroups == MAX_CGROUPS) usage("too many", a);
      cgroups[ncgroups++] = v;
    } else if (strcmp(a, "--rlimit-as") == 0) { rlimit_as = parse_u64(v, a); have_rlimit = 1; }
    else if (strcmp(a, "--oom-score-adj") == 0) { oom_adj = parse_i64(v, a); have_adj = 1; }
    else if (strcmp(a, "--parent-pid") == 0) parent_pid = parse_i64(v, a);
    else if (strcmp(a, "--progress-fd") == 0) progress_fd = (int)parse_u64(v, a);
    else if (strcmp(a, "--progress-every") == 0) c.progress_every_ns = parse_u64(v, a);
    else if (strcmp(a, "--block") == 0) c.block_bytes = parse_u64(v, a);
    else if (strcmp(a, "--total") == 0) c.total_bytes = parse_u64(v, a);
    else if (strcmp(a, "--count") == 0) c.count_blocks = parse_u64(v, a);
    else if (strcmp(a, "--touch") == 0) c.touch = (hog_touch)parse_word(v, touch_words, 4, a);
    else if (strcmp(a, "--fraction") == 0) {
      char *end;
      c.touch_fraction = strtod(v, &end);
      if (*end) usage("expected a fraction for", a);
    }
    else if (strcmp(a, "--interval") == 0) c.interval_ns = parse_u64(v, a);
    else if (strcmp(a, "--allocator") == 0) c.allocator = (hog_allocator)parse_word(v, alloc_words, 3, a);
    else if (strcmp(a, "--on-fail") == 0) c.on_fail = (hog_on_fail)parse_word(v, fail_words, 3, a);
    else if (strcmp(a, "--after") == 0) c.after = (hog_after)parse_word(v, after_words, 2, a);
    else if (strcmp(a, "--hold") == 0) c.hold_ns = parse_i64(v, a);
    else if (strcmp(a, "--rewrite") == 0) c.rewrite_ns = parse_u64(v, a);
    else usage("unknown option", a);
  }

  signal(SIGPIPE, SIG_IGN);
  if (progress_fd >= 0 && fcntl(progress_fd, F_SETFD, FD_CLOEXEC) < 0) progress_fd = -1;
  if (pdeathsig) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) return setup_error("pdeathsig", "prctl", NULL, errno), EXIT_SETUP;
    if (parent_pid > 0 && getppid() != (pid_t)parent_pid) return setup_error("pdeathsig", "getppid", NULL, ESRCH), EXIT_SETUP;
  }
  char pid[32];
  snprintf(pid, sizeof pid, "%d\n", (int)getpid());
  for (int i = 0; i < ncgroups; i++) {
    int e = write_file(cgroups[i], pid);
    if (e) return setup_error("join-cgroup", "write", cgroups[i], e), EXIT_SETUP;
  }
  if (have_adj) {
    char adj[32];
    snprintf(adj, sizeof adj, "%" PRId64 "\n", oom_adj);
    int e = write_file("/proc/self/oom_score_adj", adj);
    if (e) return setup_error("oom-score-adj", "write", "/proc/self/oom_score_adj", e), EXIT_SETUP;
  }
  if (have_rlimit) {
    struct rlimit rl = {(rlim_t)rlimit_as, (rlim_t)rlimit_as};
    if (setrlimit(RLIMIT_AS, &rl) < 0) return setup_error("rlimit-as", "setrlimit", NULL, errno), EXIT_SETUP;
  }
  if (exec_at >= 0) {
    execvp(argv[exec_at], &argv[exec_at]);
    int e = errno;
    setup_error("exec", "execvp", argv[exec_at], e);
    return e == ENOENT ? 127 : 126;
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  if (human) setvbuf(stdout, NULL, _IOLBF, 0);

  hog_hooks hooks = {.on_event = on_event, .should_stop = should_stop, .ctx = NULL};
  hog_stats s;
  if (hog_run(&c, &hooks, &s)) return setup_error("engine", s.syscall, NULL, s.err), EXIT_INTERNAL;
  fflush(stdout);
  if (s.outcome == HOG_OUTCOME_MALLOC_FAILED) return EXIT_MALLOC_FAILED;
  if (s.outcome == HOG_OUTCOME_STOPPED && stop_signal) {
    signal(stop_signal, SIG_DFL);
    raise(stop_signal);
  }
  return 0;
}
