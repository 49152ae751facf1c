/* The calling thread's CPU priority: its nice value and whether what it forks starts afresh (see thread-sched.c). */
#ifndef OOMLAB_THREAD_SCHED_H
#define OOMLAB_THREAD_SCHED_H

/* The calling thread's nice value, its policy (SCHED_OTHER, ...) and its SCHED_RESET_ON_FORK flag (0 or 1).
 * 0 or an errno (*syscall names the call). */
int thread_sched_get(int *nice, int *policy, int *reset_on_fork, const char **syscall);
/* Sets the calling thread's nice value, then its SCHED_RESET_ON_FORK flag (policy SCHED_OTHER; only
 * a privileged thread may clear the flag). 0 or an errno (*syscall names the call); on an error
 * nothing after the failed call was changed. */
int thread_sched_set(int nice, int reset_on_fork, const char **syscall);

#endif
