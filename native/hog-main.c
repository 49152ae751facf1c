/* oomlab-hog: the engine (engine.c) and the layout probe (layout.c) as a tiny standalone program.
 *
 * The TypeScript side validates every option and builds this program's argv (src/engine/argv.ts);
 * this file only parses numbers and words strictly and does what it is told, in this order, before
 * the first allocation:
 *   1. PR_SET_PDEATHSIG(SIGKILL), then check the parent is still the one named (no orphaned hogs);
 *   2. join each cgroup given (write our pid to its cgroup.procs);
 *   3. set oom_score_adj;
 *   4. set RLIMIT_AS (the 32-bit box's 3 GiB ceiling on a 64-bit machine);
 *   5. run the engine, or exec a command (exec mode: a service under test starts inside its cgroup).
 * Every engine option (HOG_OPTIONS) is required: a missing one is exit 2 naming its flag, before any
 * set-up. This program has no defaults of its own. People run it through `oomlab hog`, whose defaults
 * (the article's test_mem) live in TypeScript (src/engine/options.ts); a person or a script running it
 * by hand may ask for those same defaults with --defaults (engine-contract.h carries them, generated
 * from the TypeScript). The harness always gives every option and never --defaults. The set-up flags
 * are optional: without one, that step is not taken.
 * Progress goes to --progress-fd as one JSON object per line; each line is one write(2) shorter than
 * PIPE_BUF, so records never interleave.
 *
 * Exit codes (HOG_EXIT_* in engine-contract.h): 0 completed; 12 an allocation failed (malloc-failed);
 * 2 bad or missing arguments; 125 set-up failed; 126/127 exec failed (as a shell); 70 engine error.
 * Stopped by SIGTERM/SIGINT/SIGHUP before reaching its target, it writes its final record and then
 * dies of that signal. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>

#include "engine.h"
#include "fork-server.h"
#include "layout.h"

#define MAX_CGROUPS 8
#define MAX_DROP_CAPS 64

static volatile sig_atomic_t stop_signal = 0;
static int progress_fd = -1;
static int human = 0;

/* The stop signal's self-pipe: the handler writes a byte, so a sleep that began just before the
 * signal still wakes (a flag alone could be set between the check and the sleep). */
static int wake_pipe[2] = {-1, -1};

static void on_signal(int sig) {
  int saved = errno;
  stop_signal = sig;
  if (wake_pipe[1] >= 0) (void)!write(wake_pipe[1], "", 1);
  errno = saved;
}
static int should_stop(void *ctx) { (void)ctx; return stop_signal != 0; }

static uint64_t mono_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* The engine's sleep: one ppoll on the self-pipe, so an idle hog does not wake until it has
 * something to do or is stopped. */
static int sleep_until_stop(uint64_t ns, void *ctx) {
  (void)ctx;
  const uint64_t start = mono_ns();
  const uint64_t max = 3600ull * 1000000000ull;
  while (!stop_signal) {
    uint64_t gone = mono_ns() - start;
    if (ns != UINT64_MAX && gone >= ns) break;
    uint64_t step = ns == UINT64_MAX || ns - gone > max ? max : ns - gone;
    struct timespec ts = {(time_t)(step / 1000000000ull), (long)(step % 1000000000ull)};
    struct pollfd p = {wake_pipe[0], POLLIN, 0};
    if (ppoll(&p, 1, &ts, NULL) < 0 && errno != EINTR) break; /* cannot sleep: the engine polls again */
  }
  return stop_signal != 0;
}

static void write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return; /* the reader is gone; the run goes on */
    buf += n;
    len -= (size_t)n;
  }
}

/* A record on the progress descriptor: as it is, or framed for the fork server's shared pipe (see
 * hog_served_id), each frame one write that the pipe keeps whole (at most PIPE_BUF bytes). */
static void progress_write(const char *buf, size_t len) {
  if (hog_served_id < 0) {
    write_all(progress_fd, buf, len);
    return;
  }
  char frame[PIPE_BUF];
  while (len > 0) {
    size_t chunk = len < sizeof frame - 48 ? len : sizeof frame - 48;
    int h = snprintf(frame, 48, "D %ld %zu\n", hog_served_id, chunk);
    memcpy(frame + h, buf, chunk);
    ssize_t n;
    do n = write(progress_fd, frame, (size_t)h + chunk);
    while (n < 0 && errno == EINTR);
    if (n != (ssize_t)h + (ssize_t)chunk) return; /* the server is gone (a pipe write this size is never partial) */
    buf += chunk;
    len -= chunk;
  }
}

/* The kernel's high-water marks of this process (VmPeak, VmHWM in /proc/self/status), written just
 * before the last record: a hog that ends between two of the harness's samples still has its peaks. */
static void write_peak_record(void) {
  unsigned long long peak_kb = 0, hwm_kb = 0;
  char buf[4096];
  int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t len = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (len <= 0) return;
  buf[len] = 0;
  const char *p = strstr(buf, "\nVmPeak:");
  if (p) peak_kb = strtoull(p + 8, NULL, 10);
  p = strstr(buf, "\nVmHWM:");
  if (p) hwm_kb = strtoull(p + 7, NULL, 10);
  if (!peak_kb && !hwm_kb) return;
  char line[160];
  int n = snprintf(line, sizeof line, "{\"" HOG_KEY_EV "\":\"" HOG_LINE_PEAK "\",\"" HOG_KEY_VM_PEAK_BYTES "\":%llu,\"" HOG_KEY_VM_HWM_BYTES "\":%llu}\n",
                   peak_kb * 1024, hwm_kb * 1024);
  if (n > 0 && (size_t)n < sizeof line) progress_write(line, (size_t)n);
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
     * outside would otherwise race to see. Read without stdio (no FILE, no buffer to allocate), and
     * written with the phase record below in one write. */
    unsigned long long size = 0, resident = 0;
    char statm[128];
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    ssize_t len = fd < 0 ? -1 : read(fd, statm, sizeof statm - 1);
    if (fd >= 0) close(fd);
    if (len > 0) {
      char *end;
      statm[len] = 0;
      size = strtoull(statm, &end, 10);
      resident = strtoull(end, NULL, 10);
    }
    unsigned long long page = (unsigned long long)sysconf(_SC_PAGESIZE);
    n = snprintf(line, sizeof line, "{\"" HOG_KEY_EV "\":\"" HOG_LINE_START "\",\"" HOG_KEY_VSZ_BYTES "\":%llu,\"" HOG_KEY_RSS_BYTES "\":%llu}\n",
                 size * page, resident * page);
    if (n < 0 || (size_t)n >= sizeof line) n = 0;
  }
  if (ev == HOG_EV_DONE) write_peak_record();
  n += snprintf(line + n, sizeof line - (size_t)n, "{\"" HOG_KEY_EV "\":\"%s\",\"" HOG_KEY_PHASE "\":\"%s\",\"" HOG_KEY_OUTCOME "\":\"%s\"",
               hog_event_names[ev], hog_phase_names[s->phase], hog_outcome_names[s->outcome]);
#define COUNTER_JSON(field, key) \
  if (n > 0 && (size_t)n < sizeof line) n += snprintf(line + n, sizeof line - (size_t)n, ",\"" key "\":%" PRIu64, s->field);
  HOG_RECORD_COUNTERS(COUNTER_JSON)
#undef COUNTER_JSON
  if (n > 0 && (size_t)n < sizeof line)
    n += snprintf(line + n, sizeof line - (size_t)n, ",\"" HOG_KEY_ERRNO "\":%d,\"" HOG_KEY_SYSCALL "\":\"%s\"}\n", s->err, s->syscall);
  if (n > 0 && (size_t)n < sizeof line) progress_write(line, (size_t)n);
}

/* A set-up step failed: say which, on the progress fd (for the harness) and stderr (for a person). */
static int setup_error(const char *step, const char *syscall, const char *path, int err) {
  if (progress_fd >= 0) {
    char line[512];
    int n = snprintf(line, sizeof line, "{\"" HOG_KEY_EV "\":\"" HOG_LINE_ERROR "\",\"" HOG_KEY_STEP "\":\"%s\",\"" HOG_KEY_SYSCALL "\":\"%s\",\"" HOG_KEY_ERRNO "\":%d}\n",
                     step, syscall, err);
    if (n > 0 && (size_t)n < sizeof line) progress_write(line, (size_t)n);
  }
  fprintf(stderr, "oomlab-hog: %s: %s%s%s: %s\n", step, syscall, path ? " " : "", path ? path : "", strerror(err));
  return err;
}

static int usage(const char *what, const char *arg) {
  fprintf(stderr, "oomlab-hog: %s%s%s (it takes every engine option, or " HOG_FLAG_DEFAULTS " for `oomlab hog`'s; see `oomlab hog --help`)\n",
          what, arg ? ": " : "", arg ? arg : "");
  exit(HOG_EXIT_USAGE);
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

static double parse_f64(const char *s, const char *flag) {
  if (!s || !*s) usage("expected a number for", flag);
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || *end || !isfinite(v)) usage("expected a number for", flag);
  return v;
}

static int parse_word(const char *s, const char *const *words, int n, const char *flag) {
  for (int i = 0; s && i < n; i++)
    if (strcmp(s, words[i]) == 0) return i;
  usage("unknown value for", flag);
  return -1;
}

/* Drops capability `cap` from this process's bounding, ambient, inheritable, permitted and effective
 * sets, so neither the engine here nor a program exec'd next holds it (a root process regains from the
 * bounding set at exec). 0, or an errno with *syscall naming the call that failed. */
static int drop_cap(unsigned cap, const char **syscall_name) {
  *syscall_name = "prctl";
  if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) return errno;
  /* EINVAL: a kernel without ambient capabilities (before 4.3) has none to lower */
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, cap, 0, 0) < 0 && errno != EINVAL) return errno;
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
  *syscall_name = "capget";
  if (syscall(SYS_capget, &h, d) < 0) return errno;
  uint32_t bit = 1u << (cap % 32);
  d[cap / 32].effective &= ~bit;
  d[cap / 32].permitted &= ~bit;
  d[cap / 32].inheritable &= ~bit;
  *syscall_name = "capset";
  if (syscall(SYS_capset, &h, d) < 0) return errno;
  return 0;
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
  if (e) return setup_error("layout", p.syscall, NULL, e), HOG_EXIT_INTERNAL;
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
  return HOG_EXIT_OK;
}

/* How each kind of engine option is read (HOG_OPTIONS in engine-contract.h); malformed: exit 2. */
#define READ_U64(v, flag, words, n) parse_u64(v, flag)
#define READ_I64(v, flag, words, n) parse_i64(v, flag)
#define READ_F64(v, flag, words, n) parse_f64(v, flag)
#define READ_WORD(v, flag, words, n) parse_word(v, words, n, flag)

int main(int argc, char **argv) { return hog_main(argc, argv); }

int hog_main(int argc, char **argv) {
  hog_config c;
  memset(&c, 0, sizeof c);
  uint32_t seen = 0; /* bit i: HOG_OPTIONS row i was given */
  const char *cgroups[MAX_CGROUPS];
  unsigned drop_caps[MAX_DROP_CAPS];
  int ndrop = 0;
  int ncgroups = 0, pdeathsig = 0, have_rlimit = 0, have_adj = 0, exec_at = -1, defaults = 0;
  uint64_t rlimit_as = 0;
  int64_t oom_adj = 0, parent_pid = 0;
  const char *name = NULL;

  if (argc > 1 && strcmp(argv[1], HOG_FLAG_FORK_SERVER) == 0) return fork_server_main(argc, argv);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, HOG_FLAG_LAYOUT) == 0) return run_layout();
    if (strcmp(a, HOG_FLAG_EXEC) == 0) {
      if (i + 2 >= argc || strcmp(argv[i + 1], "--") != 0) usage(HOG_FLAG_EXEC " needs -- and a command", NULL);
      exec_at = i + 2;
      break;
    }
    if (strcmp(a, HOG_FLAG_PDEATHSIG) == 0) { pdeathsig = 1; continue; }
    if (strcmp(a, HOG_FLAG_HUMAN) == 0) { human = 1; c.report_blocks = 1; continue; }
    if (strcmp(a, HOG_FLAG_DEFAULTS) == 0) { defaults = 1; continue; }
    if (!v) usage("missing value for", a);
    i++;
#define FROM_ARGV(index, field, key, flag, kind, words, n, dflt) \
    if (strcmp(a, flag) == 0) { c.field = (__typeof__(c.field))READ_##kind(v, flag, words, n); seen |= 1u << (index); continue; }
    HOG_OPTIONS(FROM_ARGV)
#undef FROM_ARGV
    if (strcmp(a, HOG_FLAG_CGROUP_PROCS) == 0) {
      if (ncgroups == MAX_CGROUPS) usage("too many", a);
      cgroups[ncgroups++] = v;
    } else if (strcmp(a, HOG_FLAG_RLIMIT_AS) == 0) { rlimit_as = parse_u64(v, a); have_rlimit = 1; }
    else if (strcmp(a, HOG_FLAG_OOM_SCORE_ADJ) == 0) { oom_adj = parse_i64(v, a); have_adj = 1; }
    else if (strcmp(a, HOG_FLAG_DROP_CAP) == 0) {
      uint64_t cap = parse_u64(v, a);
      if (cap > 63 || ndrop == MAX_DROP_CAPS) usage("a capability number from 0 to 63, once each, for", a);
      drop_caps[ndrop++] = (unsigned)cap;
    }
    else if (strcmp(a, HOG_FLAG_PARENT_PID) == 0) parent_pid = parse_i64(v, a);
    else if (strcmp(a, HOG_FLAG_PROGRESS_FD) == 0) progress_fd = (int)parse_u64(v, a);
    else if (strcmp(a, HOG_FLAG_NAME) == 0) name = v;
    else usage("unknown option", a);
  }
  if (exec_at < 0) {
    /* the engine runs: every one of its options must have been given (or --defaults asked for
     * `oomlab hog`'s), checked before any set-up is done */
#define REQUIRED(index, field, key, flag, kind, words, n, dflt) \
    if (!(seen & (1u << (index)))) { \
      if (!defaults) usage("missing required option", flag); \
      c.field = dflt; \
    }
    HOG_OPTIONS(REQUIRED)
#undef REQUIRED
  }

  signal(SIGPIPE, SIG_IGN);
  if (progress_fd >= 0 && fcntl(progress_fd, F_SETFD, FD_CLOEXEC) < 0) progress_fd = -1;
  if (pdeathsig) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) return setup_error("pdeathsig", "prctl", NULL, errno), HOG_EXIT_SETUP_FAILED;
    if (parent_pid > 0 && getppid() != (pid_t)parent_pid) return setup_error("pdeathsig", "getppid", NULL, ESRCH), HOG_EXIT_SETUP_FAILED;
  }
  char pid[32];
  snprintf(pid, sizeof pid, "%d\n", (int)getpid());
  for (int i = 0; i < ncgroups; i++) {
    int e = write_file(cgroups[i], pid);
    if (e) return setup_error("join-cgroup", "write", cgroups[i], e), HOG_EXIT_SETUP_FAILED;
  }
  if (have_adj) {
    char adj[32];
    snprintf(adj, sizeof adj, "%" PRId64 "\n", oom_adj);
    int e = write_file("/proc/self/oom_score_adj", adj);
    if (e) return setup_error("oom-score-adj", "write", "/proc/self/oom_score_adj", e), HOG_EXIT_SETUP_FAILED;
  }
  /* the name the kernel reports (truncated by it to 15 bytes); an exec replaces it with the program's */
  if (name && exec_at < 0 && prctl(PR_SET_NAME, name, 0, 0, 0) < 0) return setup_error("name", "prctl", NULL, errno), HOG_EXIT_SETUP_FAILED;
  for (int i = 0; i < ndrop; i++) {
    const char *call;
    int e = drop_cap(drop_caps[i], &call);
    if (e) return setup_error("drop-cap", call, NULL, e), HOG_EXIT_SETUP_FAILED;
  }
  if (have_rlimit) {
    struct rlimit rl = {(rlim_t)rlimit_as, (rlim_t)rlimit_as};
    if (setrlimit(RLIMIT_AS, &rl) < 0) return setup_error("rlimit-as", "setrlimit", NULL, errno), HOG_EXIT_SETUP_FAILED;
  }
  if (exec_at >= 0) {
    execvp(argv[exec_at], &argv[exec_at]);
    int e = errno;
    setup_error("exec", "execvp", argv[exec_at], e);
    return e == ENOENT ? HOG_EXIT_EXEC_NOT_FOUND : HOG_EXIT_EXEC_FAILED;
  }

  if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0) wake_pipe[0] = wake_pipe[1] = -1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  if (human) setvbuf(stdout, NULL, _IOLBF, 0);

  hog_hooks hooks = {.on_event = on_event, .should_stop = should_stop, .sleep_ns = wake_pipe[0] >= 0 ? sleep_until_stop : NULL, .ctx = NULL};
  hog_stats s;
  if (hog_run(&c, &hooks, &s)) return setup_error("engine", s.syscall, NULL, s.err), HOG_EXIT_INTERNAL;
  fflush(stdout);
  if (s.outcome == HOG_OUTCOME_MALLOC_FAILED) return HOG_EXIT_MALLOC_FAILED;
  if (s.outcome == HOG_OUTCOME_STOPPED && stop_signal) {
    signal(stop_signal, SIG_DFL);
    raise(stop_signal);
  }
  return HOG_EXIT_OK;
}
