/* oomlab-hog --fork-server --parent-pid N: starts hogs for the harness without the harness forking.
 *
 * Why: Node forks a child on its event-loop thread, and execa adds its own work per child; at 500
 * participants that blocked the harness for seconds, with no sampling and no kernel-log reading
 * meanwhile (issue 16). This small process forks instead: it is tiny, so fork() is cheap, and the
 * harness only writes a request and goes on ticking.
 *
 * Mechanism only. Each request carries the complete argv of one oomlab-hog run, built and validated
 * by TypeScript (src/engine/argv.ts, src/participant/fork-server.ts); the child runs hog-main.c's
 * hog_main with it, so the set-up (cgroup, oom_score_adj, rlimit, death signal with parent check,
 * name) is the ordinary one. It does not exec: on this machine (a VM) fork + exec + exit costs
 * ~2.9 ms and fork + exit ~0.8 ms, and the exec was most of a participant's start (issue 16). What
 * an exec would have done is done by hand: every descriptor but 0 to 3 closed, default signal
 * actions and mask, and the command line rewritten to the hog's name (ps shows `oomlab-hog NAME`).
 * Unlike after an exec, every child has the server's address-space layout (no new randomisation).
 * The server itself dies with the harness (PR_SET_PDEATHSIG, then the parent check), and its
 * children with it.
 *
 * Protocol, on stdin (requests) and stdout (reports); ids are the harness's, decimal:
 *   request  "S <id> <n>\n" + n bytes: the argv after argv[0], each argument ended by a NUL byte
 *            "K <id> <signal>\n": send the signal, if that child has not been reaped yet
 *   report   "P <id> <pid>\n"        forked (the child then sets up; set-up failures come as records)
 *            "F <id> <errno>\n"      could not fork
 *            "D <id> <n>\n" + n bytes: what the child wrote on its progress descriptor (fd 3)
 *            "E <id>\n"              reaped, and everything it wrote relayed: its records end here
 *            "X <id> <code> <sig>\n" reaped: exit code (or -1) and terminating signal (or 0)
 * Every child writes its records, already framed as "D" reports (hog-main.c, hog_served_id), into
 * one pipe shared by all of them; each frame is one write of at most PIPE_BUF bytes, so frames never
 * interleave. The server relays whole frames in batches. A pipe per child, read through poll(2) over
 * all of them, cost each start a pipe and the server a wake-up, a read and two writes per record,
 * and the poll O(children) per wake-up (issue 16). A child's frames are all in the pipe before it
 * exits, so draining the pipe before its "E" and "X" keeps them in order.
 * stdin reaching end of file asks the server to exit once every child is reaped and drained; the
 * harness closes it after its teardown, when every child has exited. */
#include "fork-server.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROGRESS_FD 3
#define MAX_ARGS 256

typedef struct {
  long id;
  pid_t pid; /* 0 once reaped */
} child;

/* The children's shared progress pipe (the read end non-blocking), and /dev/null for their stdin and
 * stdout, opened once. */
static int shared[2] = {-1, -1};
static int devnull = -1;

/* Ignored by the server, restored for its children (see fork_server_main). */
static const int held_signals[] = {SIGINT, SIGQUIT, SIGHUP, SIGTERM};

static child *children;
static size_t nchildren, cap;
static char self_exe[4096];

long hog_served_id = -1;

static void out_all(const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(1, buf, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(0); /* the harness is gone */
    buf += n;
    len -= (size_t)n;
  }
}

static void report(const char *fmt, long a, long b, long c) {
  char line[96];
  int n = snprintf(line, sizeof line, fmt, a, b, c);
  out_all(line, (size_t)n);
}

/* Closes every descriptor from `low` up, as an exec would have closed the close-on-exec ones
 * (the other children's progress pipes, the signalfd). */
static void close_from(int low) {
#ifdef SYS_close_range
  if (syscall(SYS_close_range, (unsigned)low, ~0u, 0u) == 0) return;
#endif
  long max = sysconf(_SC_OPEN_MAX);
  for (long fd = low; fd < (max > 0 && max < 1048576 ? max : 65536); fd++) close((int)fd);
}

/* The server's own argv area, rewritten in each child to `oomlab-hog NAME` (what ps shows). */
static char *title_at;
static size_t title_len;

static void retitle(int argc, char **argv) {
  const char *name = NULL;
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], "--name") == 0) name = argv[i + 1];
  if (!title_at || title_len < 2) return;
  char buf[256];
  int n = snprintf(buf, sizeof buf, "oomlab-hog %s", name ? name : "");
  size_t len = n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
  if (len > title_len - 1) len = title_len - 1;
  memset(title_at, 0, title_len);
  memcpy(title_at, buf, len);
}

static child *by_id(long id) {
  for (size_t i = 0; i < nchildren; i++)
    if (children[i].id == id) return &children[i];
  return NULL;
}

/* A child is forgotten once reaped. */
static void compact(void) {
  size_t j = 0;
  for (size_t i = 0; i < nchildren; i++)
    if (children[i].pid != 0) children[j++] = children[i];
  nchildren = j;
}

/* Frames read from the shared pipe and not relayed yet: at most a partial last one between reads. */
static char relay_buf[65536];
static size_t relay_len;

/* The length of the whole frame at the start of `b` (header and data), 0 if it is not all there,
 * -1 if it is no frame (a child wrote something else: nothing after it can be trusted). */
static long frame_len(const char *b, size_t len) {
  const char *nl = memchr(b, '\n', len < 64 ? len : 64);
  if (!nl) return len < 64 ? 0 : -1;
  char *end;
  if (len < 2 || b[0] != 'D' || b[1] != ' ') return -1;
  long id = strtol(b + 2, &end, 10);
  long n = *end == ' ' ? strtol(end + 1, &end, 10) : -1;
  if (end != nl || id < 0 || n < 0 || n > PIPE_BUF) return -1;
  size_t whole = (size_t)(nl + 1 - b) + (size_t)n;
  return whole <= len ? (long)whole : 0;
}

/* Relays every whole frame the shared pipe holds now, until it is empty. */
static void relay(void) {
  for (;;) {
    ssize_t n = read(shared[0], relay_buf + relay_len, sizeof relay_buf - relay_len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    relay_len += (size_t)n;
    size_t whole = 0;
    for (;;) {
      long f = frame_len(relay_buf + whole, relay_len - whole);
      if (f < 0) {
        whole = relay_len = 0; /* not ours: dropped, the frames after it cannot be found */
        break;
      }
      if (f == 0) break;
      whole += (size_t)f;
    }
    if (whole) {
      out_all(relay_buf, whole);
      memmove(relay_buf, relay_buf + whole, relay_len - whole);
      relay_len -= whole;
    }
  }
}

static void spawn(long id, char *args, size_t len, const sigset_t *old_mask) {
  char *argv[MAX_ARGS + 2];
  int argc = 0;
  argv[argc++] = self_exe;
  for (size_t at = 0; at < len && argc <= MAX_ARGS;) {
    argv[argc++] = args + at;
    at += strlen(args + at) + 1;
  }
  argv[argc] = NULL;
  if (nchildren == cap) {
    size_t ncap = cap ? cap * 2 : 256;
    child *n = realloc(children, ncap * sizeof *n);
    if (!n) {
      report("F %ld %ld\n", id, ENOMEM, 0);
      return;
    }
    children = n;
    cap = ncap;
  }
  pid_t server = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    report("F %ld %ld\n", id, errno, 0);
    return;
  }
  if (pid == 0) {
    /* the child: progress on fd 3 (not close-on-exec), /dev/null for stdin and stdout (stdout is
     * the report pipe here), default signals, then the hog itself */
    /* Dies with the server (and so with the harness) from here on: the death signal is set first,
     * and the check closes the window in which the server died before it was set. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != server) _exit(125);
    if (dup2(shared[1], PROGRESS_FD) < 0) _exit(125);
    hog_served_id = id;
    if (devnull >= 0) {
      dup2(devnull, 0);
      dup2(devnull, 1);
    }
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    for (size_t i = 0; i < sizeof held_signals / sizeof held_signals[0]; i++) signal(held_signals[i], SIG_DFL);
    sigprocmask(SIG_SETMASK, old_mask, NULL);
    close_from(PROGRESS_FD + 1);
    retitle(argc, argv);
    exit(hog_main(argc, argv)); /* the server writes no stdio, so nothing of its own is flushed twice */
  }
  children[nchildren++] = (child){id, pid};
  report("P %ld %ld\n", id, pid, 0);
}

static void reap(void) {
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;
    for (size_t i = 0; i < nchildren; i++) {
      if (children[i].pid != pid) continue;
      children[i].pid = 0;
      /* what it wrote before it died comes first: all of it is in the pipe by now */
      relay();
      long code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      long sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
      report("E %ld\n", children[i].id, 0, 0);
      report("X %ld %ld %ld\n", children[i].id, code, sig);
      break;
    }
  }
}

/* Input buffer for requests; grows to hold one request's argv. */
static char *in;
static size_t in_len, in_cap;

/* Handles every complete request in the buffer; returns 0, or -1 on a malformed one. */
static int handle_requests(const sigset_t *old_mask) {
  size_t at = 0;
  for (;;) {
    char *nl = memchr(in + at, '\n', in_len - at);
    if (!nl) break;
    char kind = in[at];
    char *end;
    long id = strtol(in + at + 1, &end, 10);
    long arg = strtol(end, &end, 10);
    if (end != nl || id < 0 || arg < 0) return -1;
    if (kind == 'S') {
      size_t need = (size_t)(nl + 1 - in) + (size_t)arg;
      if (need > in_len) break; /* the argv is still on its way */
      spawn(id, nl + 1, (size_t)arg, old_mask);
      at = need;
    } else if (kind == 'K') {
      child *c = by_id(id);
      if (c && c->pid > 0) kill(c->pid, (int)arg);
      at = (size_t)(nl + 1 - in);
    } else {
      return -1;
    }
  }
  memmove(in, in + at, in_len - at);
  in_len -= at;
  return 0;
}

int fork_server_main(int argc, char **argv) {
  long parent = 0;
  for (int i = 2; i + 1 < argc; i += 2)
    if (strcmp(argv[i], "--parent-pid") == 0) parent = strtol(argv[i + 1], NULL, 10);
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) return 125;
  if (parent > 0 && getppid() != (pid_t)parent) return 125;
  ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
  if (n <= 0) return 125;
  self_exe[n] = 0;
  title_at = argv[0];
  title_len = (size_t)(argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
  signal(SIGPIPE, SIG_IGN);
  /* The server lives until the harness closes its stdin (or dies: the death signal above). It is in
   * the harness's process group, so a Ctrl-C at the terminal (SIGINT to the whole group), a hangup,
   * or a service manager's SIGTERM to every process of the unit would otherwise kill it before the
   * harness has stopped its participants, and its children with it (their death signal): every hog
   * SIGKILLed, the harness told each failed. The harness decides when participants stop; the children
   * get the default actions back before the hog runs. */
  for (size_t i = 0; i < sizeof held_signals / sizeof held_signals[0]; i++) signal(held_signals[i], SIG_IGN);
  sigset_t mask, old_mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigprocmask(SIG_BLOCK, &mask, &old_mask);
  int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) return 125;
  in_cap = 65536;
  in = malloc(in_cap);
  if (!in) return 125;
  if (pipe2(shared, O_CLOEXEC) < 0 || fcntl(shared[0], F_SETFL, O_NONBLOCK) < 0) return 125;
  (void)fcntl(shared[0], F_SETPIPE_SZ, 1 << 20); /* room for many records while the harness is busy */
  devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  int input_open = 1;
  while (input_open || nchildren > 0) {
    struct pollfd fds[3] = {{sfd, POLLIN, 0}, {input_open ? 0 : -1, POLLIN, 0}, {shared[0], POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return 70;
    }
    if (fds[2].revents) relay();
    if (fds[0].revents) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) > 0) {
      }
      reap();
    }
    if (input_open && fds[1].revents) {
      if (in_len == in_cap) {
        char *b = realloc(in, in_cap * 2);
        if (!b) return 70;
        in = b;
        in_cap *= 2;
      }
      ssize_t r = read(0, in + in_len, in_cap - in_len);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) input_open = 0;
      else {
        in_len += (size_t)r;
        if (handle_requests(&old_mask) < 0) return 2;
      }
    }
    reap(); /* a SIGCHLD may have come in while the signalfd was being read */
    compact();
  }
  return 0;
}
