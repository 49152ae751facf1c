/* Reference (a) for the fault-in bench: the plainest C malloc + memset loop, 1 MiB blocks to a total.
 * Usage: plain-loop <block-bytes> <total-bytes>
 * Prints one JSON line: {"fillNs":N,"bytes":B,"blocks":K}. The clock runs from just before the first
 * malloc to just after the last memset (CLOCK_MONOTONIC), so process start-up and exit are excluded,
 * exactly as the hog's own progress records exclude them. The pointer array is sized up front: the
 * reference pays nothing but malloc and memset. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: plain-loop <block-bytes> <total-bytes>\n"); return 2; }
  size_t block = strtoull(argv[1], NULL, 10), total = strtoull(argv[2], NULL, 10);
  if (!block || total < block) return 2;
  size_t n = total / block;
  char **p = calloc(n, sizeof *p);
  if (!p) return 1;
  uint64_t t0 = now_ns();
  for (size_t i = 0; i < n; i++) {
    p[i] = malloc(block);
    if (!p[i]) { fprintf(stderr, "plain-loop: malloc failed after %zu blocks\n", i); return 1; }
    memset(p[i], 'a', block);
    __asm__ volatile("" : : "r"(p[i]) : "memory"); /* the stores must happen */
  }
  uint64_t t1 = now_ns();
  printf("{\"fillNs\":%llu,\"bytes\":%zu,\"blocks\":%zu}\n", (unsigned long long)(t1 - t0), n * block, n);
  fflush(stdout);
  for (size_t i = 0; i < n; i++) free(p[i]);
  free(p);
  return 0;
}
