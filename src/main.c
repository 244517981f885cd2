/* mz — the minzheng command. Everything is in cli.c; this is the entry.
 * Every file mz creates — the database and its -wal and -shm, the key,
 * bank files with full account numbers, exports, notices — is readable
 * and writable by its owner only (docs/security.md). */
#include <sys/stat.h>

#include "cli.h"

int main(int argc, char **argv)
{
    umask(077);
    return cli_main(argc, argv);
}
