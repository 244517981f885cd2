/* libFuzzer target for table.h: any bytes, as CSV or (with a zip signature)
 * XLSX, read to the end, touching every field and the raw record. */
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
    volatile size_t sum = 0;
    int rc;
    while ((rc = table_read(t, &err)) != 0) {
        size_t n;
        const char *raw = table_raw(t, &n);
        if (n)
            sum += (unsigned char)raw[n - 1];
        if (rc < 0)
            continue;
        for (size_t i = 0; i < table_nfields(t); i++)
            if (strlen(table_field(t, i)) > table_field_len(t, i))
                __builtin_trap(); /* a field must not run past its length */
        sum += (size_t)table_line(t);
    }
    if (table_bytes_done(t) > table_bytes_total(t))
        __builtin_trap();
    table_close(t);
    return 0;
}
