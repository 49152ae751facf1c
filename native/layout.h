/* The memory-layout probe: the article's mem_layout.c as a function.
 *
 * It records where the pieces of a process live (a function, an initialised global, a large
 * zero-initialised global array, a string constant, locals on the stack, the program break around a
 * 127 KiB malloc and its free) and captures /proc/self/maps while that block is still allocated, so
 * the caller can say which mapping each address falls in. Classifying the mappings is policy and is
 * done by the caller. */
#ifndef OOMLAB_LAYOUT_H
#define OOMLAB_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define LAYOUT_GLOBAL_ARRAY_SIZE 65536
#define LAYOUT_MALLOC_SIZE (127 * 1024)

typedef struct {
  uintptr_t function_addr;       /* the function the caller passed (main in the executable) */
  uintptr_t global_init_addr;    /* an initialised global int (.data) */
  uintptr_t global_array_start;  /* a zero-initialised 64 KiB global array (.bss): first byte */
  uintptr_t global_array_end;    /* ... and last byte */
  uintptr_t rodata_addr;         /* a string constant (.rodata) */
  uintptr_t stack_bottom_addr;   /* the first local declared (the article's "Bot of stack") */
  uintptr_t stack_top_addr;      /* the second local declared (the article's "Top of stack") */
  uintptr_t brk_before;          /* sbrk(0) before the malloc */
  uintptr_t malloc_addr;         /* malloc(127 KiB) */
  uintptr_t brk_after_malloc;
  uintptr_t brk_after_free;
  size_t malloc_size;
  size_t page_size;
  char *maps;                    /* /proc/self/maps while the block was allocated; free with layout_free */
  size_t maps_len;
  int err;                       /* errno of a failure, 0 on success */
  const char *syscall;           /* the call that failed, "" on success */
} layout_probe;

/* Fills *out. Returns 0, or the errno of the call named in out->syscall. */
int layout_run(const void *function_addr, layout_probe *out);
void layout_free(layout_probe *p);

#endif
