/* For fuzz targets whose parser reads a file: the input written to a file
 * of this process's own under /tmp, named once per process. */
#ifndef MZ_FUZZ_FILE_H
#define MZ_FUZZ_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

/* Writes data to /tmp/mz-fuzz-NAME-PID.EXT and returns its path (static),
 * or NULL if it cannot be written. */
static inline const char *fuzz_file(const char *name, const char *ext, const uint8_t *data,
                                    size_t size)
{
    static char path[96];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/mz-fuzz-%s-%d.%s", name, (int)getpid(), ext);
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    int ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok ? path : NULL;
}

#endif
