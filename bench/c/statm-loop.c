/* Reference for the sampler bench (issue 16): the plainest strict sampler. Every pid's
 * /proc/<pid>/statm read every interval, on absolute deadlines, and nothing else: no records, no
 * detail, no host files, no runtime around it. What any program pays on this machine to read every
 * pid every tick.
 * Usage: statm-loop <interval-ms> <duration-ms> <pid>...
 * The descriptors stay open and are re-read with pread at offset 0 (as native/sampler.c does).
 * Prints one JSON line: {"cpuPct":P,"ticks":T,"pids":N,"readErrors":E}; CPU is the process's
 * (getrusage) over the sampling window, as a share of the window's wall time. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static double cpu_ns(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e9 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e3;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: statm-loop <interval-ms> <duration-ms> <pid>...\n");
    return 2;
  }
  uint64_t interval = strtoull(argv[1], NULL, 10) * 1000000ull, duration = strtoull(argv[2], NULL, 10) * 1000000ull;
  int n = argc - 3;
  int *fds = calloc((size_t)n, sizeof *fds);
  if (!interval || !duration || !fds) return 2;
  for (int i = 0; i < n; i++) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/statm", argv[3 + i]);
    fds[i] = open(path, O_RDONLY | O_CLOEXEC);
  }
  char buf[256];
  long ticks = 0, errors = 0;
  double c0 = cpu_ns();
  uint64_t t0 = now_ns(), deadline = t0;
  while (deadline - t0 < duration) {
    for (int i = 0; i < n; i++)
      if (fds[i] < 0 || pread(fds[i], buf, sizeof buf, 0) <= 0) errors++;
    ticks++;
    deadline += interval;
    struct timespec ts = {(time_t)(deadline / 1000000000ull), (long)(deadline % 1000000000ull)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
  }
  double cpu = cpu_ns() - c0, wall = (double)(now_ns() - t0);
  printf("{\"cpuPct\":%.4f,\"ticks\":%ld,\"pids\":%d,\"readErrors\":%ld}\n", cpu / wall * 100, ticks, n, errors);
  return 0;
}
