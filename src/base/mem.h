/* The one allocation wrapper. Every allocation in minzheng goes through
 * these functions so that tests can make the N-th allocation fail
 * (mem_fail_after) and check that out-of-memory paths clean up. The x*
 * variants abort with a message instead of returning NULL; use them only
 * where there is no sensible recovery (command-line start-up). */
#ifndef MZ_MEM_H
#define MZ_MEM_H

#include <stddef.h>

void *mz_malloc(size_t n);
void *mz_calloc(size_t count, size_t size);
void *mz_realloc(void *p, size_t n);
char *mz_strdup(const char *s);
void mz_free(void *p);
/* Overwrites n bytes at p with zeros in a way the compiler keeps. */
void mz_wipe(void *p, size_t n);
/* Frees a block that held a secret (a password, a one-time code, a
 * token, a key), zeroing all of it first. */
void mz_free_secret(void *p);

/* Grows *items (of *cap elements of size `size`) to hold at least `need`
 * elements, doubling; returns 0 or -1 on allocation failure. */
int mz_grow(void *items, size_t *cap, size_t need, size_t size);

/* Test hook: the next n allocations succeed, then every one fails until
 * mem_fail_reset(). */
void mem_fail_after(long n);
void mem_fail_reset(void);
/* How many allocations may still succeed before they fail (-1: no limit
 * set), so that mem_fail_after(LONG_MAX) counts a run's allocations. */
long mem_fail_left(void);

#endif
