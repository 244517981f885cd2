/* mz — the minzheng command. Everything is in cli.c; this is the entry.
 * Every file mz creates — the database and its -wal and -shm, the key,
 * bank files with full account numbers, exports, notices — is readable
 * and writable by its owner only (docs/security.md). A write beyond the
 * file-size limit (ulimit -f) fails like a full disk, with a message,
 * instead of killing mz (SIGXFSZ) in the middle of a transaction. */
#include <signal.h>
#include <sys/stat.h>

#include "cli.h"

int main(int argc, char **argv)
{
    umask(077);
    signal(SIGXFSZ, SIG_IGN);
    return cli_main(argc, argv);
}
