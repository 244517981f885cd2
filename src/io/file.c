/* Whole files into memory, in 64 KiB reads. */
#include "io/file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"

int io_read_file(const char *path, const char *what, char **data, size_t *len,
                 struct mz_err *err)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return mz_fail(err, "io", "无法读取%s %s：%s", what, path, strerror(errno));
    size_t cap = 0;
    int rc = 0;
    for (;;) {
        if (mz_grow(data, &cap, *len + 65536 + 1, 1) < 0) {
            rc = mz_fail(err, "out_of_memory", "读取%s %s 时内存不足", what, path);
            break;
        }
        size_t got = fread(*data + *len, 1, 65536, f);
        *len += got;
        if (got < 65536) {
            if (ferror(f))
                rc = mz_fail(err, "io", "读取%s %s 出错", what, path);
            break;
        }
    }
    fclose(f);
    if (rc < 0) {
        mz_free(*data);
        *data = NULL;
        *len = 0;
        return -1;
    }
    (*data)[*len] = '\0';
    return 0;
}
