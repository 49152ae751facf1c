/* fd_watch: a thread blocked in poll(2) on one descriptor, so that JavaScript learns that the
 * descriptor is readable the moment it is, rather than on its next timer tick. Mechanism only: it
 * never reads the descriptor (the caller does, non-blocking, and then re-arms), so what a record
 * is and what it means stays in TypeScript. Two eventfds steer it: `rearm` (the reader drained the
 * descriptor; without the hand-shake a level-triggered poll would wake the thread in a loop until
 * the reader caught up) and `stop`. Used for /dev/kmsg (src/evidence/kmsg-source.ts).
 *
 * `recheck_us`: a sleeping poller of /dev/kmsg is not woken when the kernel stores a record, but at
 * its next timer tick: printk defers the wake-up of log readers to a lazy irq_work (kernel/printk/
 * printk.c, wake_up_klogd_work), which waits for the tick (4 ms at HZ=250) on a busy CPU. The record
 * is readable at once, though, and poll(2) checks the descriptor again when its timeout expires. So
 * with recheck_us > 0 the thread's poll on fd times out every recheck_us and looks again; 0 waits
 * for the wake-up alone. */
#include "fd-watch.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

struct fd_watch {
  int fd, rearm_fd, stop_fd;
  long recheck_us;
  void (*on_ready)(void *);
  void *ctx;
  pthread_t thread;
};

static void drain_eventfd(int fd) {
  uint64_t v;
  while (read(fd, &v, sizeof v) < 0 && errno == EINTR) {
  }
}

/* Waits for `fd` or stop, looking at fd again every recheck_us when that is > 0; 1 if fd is ready,
 * 0 on stop. */
static int wait_for(fd_watch *w, int fd, long recheck_us) {
  struct timespec every = {recheck_us / 1000000, (recheck_us % 1000000) * 1000};
  for (;;) {
    struct pollfd p[2] = {{fd, POLLIN, 0}, {w->stop_fd, POLLIN, 0}};
    int n = ppoll(p, 2, recheck_us > 0 ? &every : NULL, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return 0;
    }
    if (p[1].revents) return 0;
    if (p[0].revents & (POLLERR | POLLNVAL)) return 0;
    if (p[0].revents) return 1;
  }
}

static void *watch_thread(void *arg) {
  fd_watch *w = arg;
  while (wait_for(w, w->fd, w->recheck_us)) {
    w->on_ready(w->ctx);
    if (!wait_for(w, w->rearm_fd, 0)) break;
    drain_eventfd(w->rearm_fd);
  }
  return NULL;
}

int fd_watch_start(int fd, long recheck_us, void (*on_ready)(void *ctx), void *ctx, fd_watch **out, const char **syscall) {
  fd_watch *w = calloc(1, sizeof *w);
  if (!w) {
    *syscall = "malloc";
    return ENOMEM;
  }
  w->fd = fd;
  w->recheck_us = recheck_us > 0 ? recheck_us : 0;
  w->on_ready = on_ready;
  w->ctx = ctx;
  w->rearm_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  w->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  int e = 0;
  if (w->rearm_fd < 0 || w->stop_fd < 0) {
    e = errno;
    *syscall = "eventfd";
  } else if ((e = pthread_create(&w->thread, NULL, watch_thread, w)) != 0) {
    *syscall = "pthread_create";
  } else {
    pthread_setname_np(w->thread, "oomlab-fd-watch"); /* so /proc/<pid>/task/<tid>/comm tells it apart */
  }
  if (e) {
    if (w->rearm_fd >= 0) close(w->rearm_fd);
    if (w->stop_fd >= 0) close(w->stop_fd);
    free(w);
    return e;
  }
  *out = w;
  return 0;
}

static void bump(int fd) {
  uint64_t one = 1;
  while (write(fd, &one, sizeof one) < 0 && errno == EINTR) {
  }
}

void fd_watch_rearm(fd_watch *w) {
  if (w) bump(w->rearm_fd);
}

void fd_watch_stop(fd_watch *w) {
  if (!w) return;
  bump(w->stop_fd);
  pthread_join(w->thread, NULL);
  close(w->rearm_fd);
  close(w->stop_fd);
  free(w);
}
