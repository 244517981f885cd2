/* What table.c shares with its two readers, csv_read.c and xlsx.c: the
 * table handle itself, the current-row buffer every reader fills, and the
 * readers' entry points. Not for use outside src/io/. */
#ifndef MZ_TABLE_IMPL_H
#define MZ_TABLE_IMPL_H

#include <stdbool.h>

#include "io/table.h"

struct table_ops {
    int (*read)(struct table *t, struct mz_err *err); /* as table_read */
    void (*close)(void *impl);
};

struct table {
    char *name; /* for messages */
    const struct table_ops *ops;
    void *impl; /* the reader's state */
    int fd;     /* the open file (table_open), -1 over memory; closed by table_close */
    bool is_over; /* end reached or a fatal error: table_read returns 0 */

    /* The current record: fields back to back in buf, each NUL-terminated;
     * field i starts at buf + ends[i - 1] (or buf) and ends before the NUL at
     * buf + ends[i] - 1. */
    char *buf;
    size_t len, cap;
    size_t *ends;
    size_t nfields, cap_fields;

    long line;
    const char *raw;
    size_t raw_len;
    uint64_t done, total;
    const char *encoding;
};

/* Row building: start an empty record, append bytes to the field being
 * built, close it. The append functions return 0, or -1 when out of memory. */
void table_row_reset(struct table *t);
int table_row_append(struct table *t, const void *p, size_t n);
int table_row_end_field(struct table *t);

/* Records "FILE:LINE: message" (line <= 0 leaves out the line) on err and
 * returns -1; any code but "table_row" also ends the table. */
int table_fail(struct table *t, struct mz_err *err, const char *code, long line,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The out-of-memory error for t. */
int table_oom(struct table *t, struct mz_err *err);

/* Reader constructors: set t->ops, t->impl, t->encoding, t->total. Exactly
 * one of fd (>= 0, borrowed; the CSV reader keeps using it) and data is
 * given. They set t->ops and t->impl first, so that on failure (-1) the
 * caller's table_close(t) frees whatever they had set up. */
int csv_reader_open(struct table *t, int fd, const char *data, size_t n, struct mz_err *err);
int xlsx_reader_open(struct table *t, const char *path, const char *data, size_t n,
                     struct mz_err *err);

#endif
