/* mz — the minzheng command. Everything is in cli.c; this is the entry.
 * Every file mz creates — the database and its -wal and -shm, the key,
 * bank files with full account numbers, exports, notices — is readable
 * and writable by its owner only (docs/security.md). A write beyond the
 * file-size limit (ulimit -f) fails like a full disk, with a message,
 * instead of killing mz (SIGXFSZ) in the middle of a transaction.
 *
 * The sanitizer build (and only it) reads MZ_FAIL_ALLOC=N once at start:
 * the first N allocations through base/mem.h succeed and every later one
 * fails, so the tests can walk a command's out-of-memory paths
 * (tests/e2e/nomem.sh) and AddressSanitizer checks that each cleans up.
 * MZ_FAIL_ALLOC=count fails none and prints at exit how many there were
 * ("mz-allocations N" on stderr). */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/mem.h"
#include "cli.h"

#if defined(__SANITIZE_ADDRESS__)
static void print_allocations(void)
{
    fprintf(stderr, "mz-allocations %ld\n", LONG_MAX - mem_fail_left());
}

static void fail_alloc_from_env(void)
{
    const char *n = getenv("MZ_FAIL_ALLOC");
    if (!n || !*n)
        return;
    if (strcmp(n, "count") == 0) {
        mem_fail_after(LONG_MAX);
        atexit(print_allocations);
    } else {
        mem_fail_after(atol(n));
    }
}
#else
static void fail_alloc_from_env(void)
{
}
#endif

int main(int argc, char **argv)
{
    umask(077);
    signal(SIGXFSZ, SIG_IGN);
    fail_alloc_from_env();
    return cli_main(argc, argv);
}
