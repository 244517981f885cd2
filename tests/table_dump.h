/* Test helper shared by test_csv.c and test_xlsx.c: renders a whole table
 * as text so a test can compare it with one string. */
#ifndef MZ_TEST_TABLE_DUMP_H
#define MZ_TEST_TABLE_DUMP_H

#include <stdio.h>

#include "io/table.h"

static char dumped[1 << 16];

/* Reads t to the end into `dumped`: each record as "LINE:f1|f2|...\n",
 * each error as "!CODE LINE: message\n" (LINE = table_line). */
static const char *dump_table(struct table *t)
{
    struct mz_err err;
    size_t n = 0;
    int rc;
    dumped[0] = '\0';
    while ((rc = table_read(t, &err)) != 0 && n < sizeof dumped - 1) {
        if (rc < 0) {
            n += (size_t)snprintf(dumped + n, sizeof dumped - n, "!%s %ld: %s\n", err.code,
                                  table_line(t), err.msg);
            continue;
        }
        n += (size_t)snprintf(dumped + n, sizeof dumped - n, "%ld:", table_line(t));
        for (size_t i = 0; i < table_nfields(t); i++)
            n += (size_t)snprintf(dumped + n, sizeof dumped - n, "%s%s", i ? "|" : "",
                                  table_field(t, i));
        n += (size_t)snprintf(dumped + n, sizeof dumped - n, "\n");
    }
    return dumped;
}

#endif
