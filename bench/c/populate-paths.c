/* What the fast fill's small-page path costs next to one big MAP_POPULATE, all in one process so the
 * ways see the same memory: each round fills 1 GiB each way, interleaved, and frees it again.
 *   single:  one mmap(1 GiB, MAP_POPULATE)                                  (reference (b))
 *   blocks:  mmap(1 MiB, MAP_POPULATE) per block                             (1024 mappings)
 *   chunks2: the hog's populate allocator with small pages as it was until 2026-12-03: 2 MiB-aligned
 *            chunks of 2 MiB, each mapped just below the previous (MAP_FIXED_NOREPLACE),
 *            MADV_NOHUGEPAGE, then MADV_POPULATE_WRITE per 1 MiB block
 *   chunks:  the same as it is now (native/engine.c): a run of small-page chunks grows 2, 4, 8, 16,
 *            16 ... MiB (without the engine's timing and choice of page kind)
 * Usage: populate-paths <rounds> [way]. Prints one JSON line: {"single":[GiB/s...],"blocks":[...],...};
 * with a way (0 single, 1 blocks, 2 chunks2, 3 chunks) only that one, once: {"<way>":[GiB/s]}. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define TOTAL ((size_t)1 << 30)
#define BLOCK ((size_t)1 << 20)
#define CHUNK ((size_t)2 << 20)
#define NBLOCKS (TOTAL / BLOCK)
#define MAX_ROUNDS 64

static char *blocks[NBLOCKS];

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static char *map_chunk(char *prev, size_t len) {
  const int prot = PROT_READ | PROT_WRITE, flags = MAP_PRIVATE | MAP_ANONYMOUS;
  if (prev) {
    char *want = prev - len;
    char *a = mmap(want, len, prot, flags | MAP_FIXED_NOREPLACE, -1, 0);
    if (a == want) return a;
    if (a != MAP_FAILED) munmap(a, len);
  }
  char *p = mmap(NULL, len + CHUNK, prot, flags, -1, 0);
  if (p == MAP_FAILED) return NULL;
  char *a = (char *)(((uintptr_t)p + CHUNK - 1) & ~(uintptr_t)(CHUNK - 1));
  if (a > p) munmap(p, (size_t)(a - p));
  if (p + len + CHUNK > a + len) munmap(a + len, (size_t)(p + len + CHUNK - (a + len)));
  return a;
}

/* Fills 1 GiB one way; returns GiB/s, or a negative number on failure. */
static double fill(int way) {
  uint64_t t0 = now_ns();
  if (way == 0) {
    char *p = mmap(NULL, TOTAL, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED) return -1;
    uint64_t ns = now_ns() - t0;
    munmap(p, TOTAL);
    return 1e9 / (double)ns;
  }
  char *prev = NULL, *next = NULL;
  size_t run = 1, left = 0; /* chunk length in units of CHUNK; bytes left in the current chunk */
  for (size_t i = 0; i < NBLOCKS; i++) {
    if (way == 1) {
      blocks[i] = mmap(NULL, BLOCK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
      if (blocks[i] == MAP_FAILED) return -1;
      continue;
    }
    if (!left) {
      size_t len = CHUNK * run;
      if (way == 3 && run < 8) run *= 2;
      char *a = map_chunk(prev, len);
      if (!a) return -1;
      (void)madvise(a, len, MADV_NOHUGEPAGE);
      prev = next = a;
      left = len;
    }
    blocks[i] = next;
    next += BLOCK;
    left -= BLOCK;
    if (madvise(blocks[i], BLOCK, MADV_POPULATE_WRITE) != 0) return -1;
  }
  uint64_t ns = now_ns() - t0;
  for (size_t i = 0; i < NBLOCKS; i++) munmap(blocks[i], BLOCK);
  return 1e9 / (double)ns;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 15;
  int only = argc > 2 ? atoi(argv[2]) : -1;
  if (rounds < 1 || rounds > MAX_ROUNDS || only < -1 || only > 3) {
    fprintf(stderr, "usage: populate-paths <rounds 1-%d> [way 0-3]\n", MAX_ROUNDS);
    return 2;
  }
  const char *names[] = {"single", "blocks", "chunks2", "chunks"};
  if (only >= 0) {
    double g = fill(only);
    if (g < 0) { perror("populate-paths"); return 1; }
    printf("{\"%s\":[%.4f]}\n", names[only], g);
    return 0;
  }
  static double r[4][MAX_ROUNDS];
  for (int k = 0; k < rounds; k++) {
    for (int way = 0; way < 4; way++) {
      r[way][k] = fill(way);
      if (r[way][k] < 0) { perror("populate-paths"); return 1; }
    }
  }
  printf("{");
  for (int way = 0; way < 4; way++) {
    printf("%s\"%s\":[", way ? "," : "", names[way]);
    for (int k = 0; k < rounds; k++) printf("%s%.4f", k ? "," : "", r[way][k]);
    printf("]");
  }
  printf("}\n");
  return 0;
}
