/* The memory-layout probe. See layout.h. */
#include "layout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The article's globals: global_num (initialised here, so it lands in .data) and global_str_arr
 * (zero-initialised, so it lands in .bss). volatile keeps the compiler from folding them away. */
volatile int oomlab_layout_global_num = 1;
volatile char oomlab_layout_global_arr[LAYOUT_GLOBAL_ARRAY_SIZE];
static const char oomlab_layout_rodata[] = "oomlab: a string constant in .rodata";

/* Reads /proc/self/maps into an anonymous mapping (not the malloc heap, so reading it cannot move
 * the break being measured). */
static int read_maps(layout_probe *out) {
  size_t cap = 1 << 20;
  char *buf = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buf == MAP_FAILED) { out->syscall = "mmap"; return errno; }
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0) { int e = errno; munmap(buf, cap); out->syscall = "open"; return e; }
  size_t len = 0;
  for (;;) {
    ssize_t n = read(fd, buf + len, cap - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) { int e = errno; close(fd); munmap(buf, cap); out->syscall = "read"; return e; }
    if (n == 0 || len + (size_t)n >= cap - 1) { len += (size_t)(n > 0 ? n : 0); break; }
    len += (size_t)n;
  }
  close(fd);
  buf[len] = '\0';
  out->maps = buf;
  out->maps_len = len;
  return 0;
}

int layout_run(const void *function_addr, layout_probe *out) {
  char *heap_var = NULL; /* declared first, as in the article */
  int local_var = 0;
  memset(out, 0, sizeof *out);
  out->syscall = "";
  out->function_addr = (uintptr_t)function_addr;
  out->global_init_addr = (uintptr_t)&oomlab_layout_global_num;
  out->global_array_start = (uintptr_t)&oomlab_layout_global_arr[0];
  out->global_array_end = (uintptr_t)&oomlab_layout_global_arr[LAYOUT_GLOBAL_ARRAY_SIZE - 1];
  out->rodata_addr = (uintptr_t)oomlab_layout_rodata;
  out->stack_bottom_addr = (uintptr_t)(void *)&heap_var;
  out->stack_top_addr = (uintptr_t)(void *)&local_var;
  long page = sysconf(_SC_PAGESIZE);
  out->page_size = page > 0 ? (size_t)page : 4096;
  out->malloc_size = LAYOUT_MALLOC_SIZE;

  /* Warm-up, so that the 127 KiB block is the allocation that grows the heap, as it was in the
   * article's glibc (2.12). Current glibc sets up its per-thread cache with the first malloc of a
   * process, which grows the heap by a few hundred bytes plus M_TOP_PAD (128 KiB); the block would
   * then fit in that growth and neither move the break nor give anything back on free. A filler
   * that takes the rest of that first growth restores the article's sequence. */
  char *warm = malloc(1);
  char *filler = NULL;
  uintptr_t top = (uintptr_t)sbrk(0);
  if (warm && top > (uintptr_t)warm + 512 && top - (uintptr_t)warm < LAYOUT_MALLOC_SIZE * 2)
    filler = malloc(top - (uintptr_t)warm - 256);
  out->brk_before = (uintptr_t)sbrk(0);
  heap_var = malloc(LAYOUT_MALLOC_SIZE);
  if (!heap_var) {
    free(filler);
    free(warm);
    out->err = errno ? errno : ENOMEM;
    out->syscall = "malloc";
    return out->err;
  }
  heap_var[0] = (char)local_var; /* the block is used, as a program would */
  out->malloc_addr = (uintptr_t)heap_var;
  out->brk_after_malloc = (uintptr_t)sbrk(0);
  int e = read_maps(out);
  free(heap_var);
  out->brk_after_free = (uintptr_t)sbrk(0);
  free(filler);
  free(warm);
  if (e) { out->err = e; return e; }
  return 0;
}

void layout_free(layout_probe *p) {
  if (p->maps) munmap(p->maps, 1 << 20);
  p->maps = NULL;
  p->maps_len = 0;
}
