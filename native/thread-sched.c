/* Mechanism only: read and set the calling thread's nice value and its SCHED_RESET_ON_FORK flag. On
 * Linux both belong to one thread, not to the process, and with the flag set a thread's children
 * (processes and threads alike) start at nice 0 under SCHED_OTHER whatever the thread's own nice is.
 * When to use it, and with which value, is decided in TypeScript (src/host/harness-priority.ts). */
#include "thread-sched.h"

#include <errno.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static pid_t self_tid(void) { return (pid_t)syscall(SYS_gettid); }

int thread_sched_get(int *nice, int *policy, int *reset_on_fork, const char **syscall_name) {
  pid_t tid = self_tid();
  int p = sched_getscheduler(tid);
  if (p < 0) {
    *syscall_name = "sched_getscheduler";
    return errno;
  }
  errno = 0;
  int n = getpriority(PRIO_PROCESS, (id_t)tid);
  if (n == -1 && errno != 0) {
    *syscall_name = "getpriority";
    return errno;
  }
  *nice = n;
  *policy = p & ~SCHED_RESET_ON_FORK;
  *reset_on_fork = (p & SCHED_RESET_ON_FORK) != 0;
  return 0;
}

int thread_sched_set(int nice, int reset_on_fork, const char **syscall_name) {
  pid_t tid = self_tid();
  /* nice first: without the privilege to lower it (EACCES) nothing has changed yet */
  if (setpriority(PRIO_PROCESS, (id_t)tid, nice) != 0) {
    *syscall_name = "setpriority";
    return errno;
  }
  struct sched_param param = {.sched_priority = 0};
  if (sched_setscheduler(tid, SCHED_OTHER | (reset_on_fork ? SCHED_RESET_ON_FORK : 0), &param) != 0) {
    *syscall_name = "sched_setscheduler";
    return errno;
  }
  return 0;
}
