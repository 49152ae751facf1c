/* Reference for the scale bench (issue 16): the plainest way to start N processes that each join a
 * memory cgroup and touch some memory, as the bench's hog participants do, with nothing of oomlab's.
 * Usage: fork-touch <count> <cgroup.procs> <block-bytes> <total-bytes>
 * The parent forks all N children in a loop, then waits for its stdin to reach end of file, kills
 * them, reaps them and exits. Each child: death signal (SIGKILL) with the parent check, writes its
 * pid into <cgroup.procs>, mallocs and memsets <total-bytes> in <block-bytes> blocks, then pauses.
 * The bench times it from outside exactly as the hog runs (its watcher of cgroup.procs), so the two
 * are the same clock and the same "all in the cgroup". No records, no descriptors closed, no
 * oom_score_adj, no name: what the machine itself costs to fork a process, join a cgroup and fault
 * in its pages. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* The blocks escape through this array, so the compiler cannot drop the malloc and memset. */
static char *volatile keep[4096];

static void child(pid_t parent, const char *procs, size_t block, size_t total) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent) _exit(125);
  int fd = open(procs, O_WRONLY | O_CLOEXEC);
  char pid[24];
  int len = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
  if (fd < 0 || write(fd, pid, (size_t)len) != len) _exit(3);
  close(fd);
  for (size_t i = 0, at = 0; at + block <= total && i < sizeof keep / sizeof keep[0]; i++, at += block) {
    char *p = malloc(block);
    if (!p) _exit(1);
    memset(p, 1, block);
    keep[i] = p;
  }
  for (;;) pause();
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: fork-touch <count> <cgroup.procs> <block-bytes> <total-bytes>\n");
    return 2;
  }
  long n = strtol(argv[1], NULL, 10);
  size_t block = strtoull(argv[3], NULL, 10), total = strtoull(argv[4], NULL, 10);
  if (n <= 0 || !block || total < block) return 2;
  pid_t *kids = calloc((size_t)n, sizeof *kids);
  if (!kids) return 1;
  pid_t self = getpid();
  int rc = 0;
  long made = 0;
  for (; made < n; made++) {
    pid_t p = fork();
    if (p == 0) child(self, argv[2], block, total);
    if (p < 0) {
      fprintf(stderr, "fork-touch: fork: %s after %ld children\n", strerror(errno), made);
      rc = 1;
      break;
    }
    kids[made] = p;
  }
  char buf[256];
  while (rc == 0 && read(0, buf, sizeof buf) > 0) {
  }
  for (long i = 0; i < made; i++) kill(kids[i], SIGKILL);
  for (long i = 0; i < made; i++) waitpid(kids[i], NULL, 0);
  return rc;
}
