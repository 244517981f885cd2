/* Allocation wrapper with fault injection for tests. */
#include "base/mem.h"

#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long fail_countdown = -1;

static int should_fail(void)
{
    long n = atomic_load(&fail_countdown);
    if (n < 0)
        return 0;
    if (n == 0)
        return 1;
    atomic_fetch_sub(&fail_countdown, 1);
    return 0;
}

void mem_fail_after(long n)
{
    atomic_store(&fail_countdown, n);
}

void mem_fail_reset(void)
{
    atomic_store(&fail_countdown, -1);
}

long mem_fail_left(void)
{
    return atomic_load(&fail_countdown);
}

void *mz_malloc(size_t n)
{
    return should_fail() ? NULL : malloc(n ? n : 1);
}

void *mz_calloc(size_t count, size_t size)
{
    return should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *mz_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc(p, n ? n : 1);
}

char *mz_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = mz_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void mz_free(void *p)
{
    free(p);
}

void mz_wipe(void *p, size_t n)
{
    if (p)
        explicit_bzero(p, n);
}

void mz_free_secret(void *p)
{
    if (p)
        mz_wipe(p, malloc_usable_size(p));
    free(p);
}

int mz_grow(void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *p = mz_realloc(*(void **)items, n * size);
    if (!p)
        return -1;
    *(void **)items = p;
    *cap = n;
    return 0;
}
