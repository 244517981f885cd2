/* libFuzzer target for table.h: any bytes, as CSV or (with a zip signature)
 * XLSX, read to the end, checking every field and the raw record. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "io/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct table *t;
    struct mz_err err;
    if (table_open_mem("fuzz.csv", (const char *)data, size, &t, &err) < 0)
        return 0;
    int rc;
    while ((rc = table_read(t, &err)) != 0) {
        size_t n;
        const char *raw = table_raw(t, &n);
        if (rc < 0)
            continue;
        /* A good record has no NUL (that is an error) and no line end. */
        if (memchr(raw, '\0', n) || (n && raw[n - 1] == '\n'))
            __builtin_trap();
        for (size_t i = 0; i < table_nfields(t); i++)
            if (strlen(table_field(t, i)) != table_field_len(t, i))
                __builtin_trap();
        if (table_line(t) <= 0)
            __builtin_trap();
    }
    if (table_bytes_done(t) > table_bytes_total(t))
        __builtin_trap();
    table_close(t);
    return 0;
}
