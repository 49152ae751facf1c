/* Reference (b) for the fault-in bench: the kernel's own fill rate, with no user-space stores at all.
 * Usage: populate <single|blocks|thp> <block-bytes> <total-bytes>
 *   single: one mmap(total, MAP_POPULATE)              (the kernel's limit with 4 KiB pages)
 *   blocks: mmap(block, MAP_POPULATE) per block          (the same, in the hog's 1 MiB blocks)
 *   thp:    one 2 MiB-aligned mmap(total), MADV_HUGEPAGE, MADV_POPULATE_WRITE
 *           (the limit when transparent huge pages may back the memory; needs THP always/madvise)
 * Prints one JSON line: {"fillNs":N,"bytes":B,"blocks":K}, timed inside with CLOCK_MONOTONIC. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: populate <single|blocks|thp> <block-bytes> <total-bytes>\n"); return 2; }
  const char *mode = argv[1];
  size_t block = strtoull(argv[2], NULL, 10), total = strtoull(argv[3], NULL, 10);
  if (!block || total < block) return 2;
  size_t n = total / block, blocks = 1;
  const size_t huge = 2u << 20;
  uint64_t t0 = now_ns();
  if (strcmp(mode, "single") == 0) {
    void *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
  } else if (strcmp(mode, "blocks") == 0) {
    for (size_t i = 0; i < n; i++) {
      void *p = mmap(NULL, block, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
      if (p == MAP_FAILED) { perror("mmap"); return 1; }
    }
    blocks = n;
    total = n * block;
  } else if (strcmp(mode, "thp") == 0) {
    char *p = mmap(NULL, total + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    char *a = (char *)(((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1));
    if (a > p) munmap(p, (size_t)(a - p));
    munmap(a + total, (size_t)(p + total + huge - (a + total)));
    if (madvise(a, total, MADV_HUGEPAGE) != 0) { perror("madvise(MADV_HUGEPAGE)"); return 1; }
    if (madvise(a, total, MADV_POPULATE_WRITE) != 0) { perror("madvise(MADV_POPULATE_WRITE)"); return 1; }
  } else {
    return 2;
  }
  uint64_t t1 = now_ns();
  printf("{\"fillNs\":%llu,\"bytes\":%zu,\"blocks\":%zu}\n", (unsigned long long)(t1 - t0), total, blocks);
  fflush(stdout);
  return 0;
}
