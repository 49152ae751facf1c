/* A thread that waits for a descriptor to become readable and says so, once per wake-up (see fd-watch.c). */
#ifndef OOMLAB_FD_WATCH_H
#define OOMLAB_FD_WATCH_H

typedef struct fd_watch fd_watch;

/* Starts the thread. on_ready(ctx) is called on that thread when fd is readable; the thread then
 * waits for fd_watch_rearm() before it polls again. recheck_us > 0: look at fd again every
 * recheck_us even without a wake-up (see fd-watch.c); 0: only on a wake-up. 0 or an errno
 * (*syscall names the call). */
int fd_watch_start(int fd, long recheck_us, void (*on_ready)(void *ctx), void *ctx, fd_watch **out, const char **syscall);
/* The reader has drained fd: poll it again. Safe from any thread. */
void fd_watch_rearm(fd_watch *w);
/* Stops and joins the thread (on_ready is not called after it returns) and frees w. NULL is a no-op. */
void fd_watch_stop(fd_watch *w);

#endif
