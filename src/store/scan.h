/* Store-internal helpers of the social-affairs stores (marriagestore.c,
 * funeralstore.c): scope binding, typed scans and one-row reads. Only
 * files in src/store/ include this. */
#ifndef MZ_STORE_SCAN_H
#define MZ_STORE_SCAN_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/stmt.h"

static inline void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

/* The scope at ?i: NULL (everywhere) when there are no prefixes. */
static inline int bind_scope(struct dbst *st, int i, const char (*prefixes)[13], int n,
                      struct mz_err *err)
{
    if (n <= 0) {
        db_bind_null(st, i);
        return 0;
    }
    return db_bind_prefix_list(st, i, prefixes, n, err);
}

/* Steps st, reading each row of type T with read into a row on the heap
 * and calling fn (typed: no cast of function pointers); resets st. Sets
 * out to 0, fn's non-zero return, or -1. */
#define SCAN(out, db, st, T, read, fn, ctx, what, err)                                             \
    do {                                                                                           \
        T *row_ = mz_malloc(sizeof(T));                                                            \
        int rc_ = DB_DONE, stop_ = 0;                                                          \
        while (row_ && !stop_ && (rc_ = db_step(st)) == DB_ROW) {                         \
            read(st, row_);                                                                        \
            stop_ = (fn)((ctx), row_);                                                             \
        }                                                                                          \
        db_reset(st);                                                                         \
        if (!row_)                                                                                 \
            (out) = mz_fail(err, "out_of_memory", "内存不足");                                     \
        else                                                                                       \
            (out) = stop_ ? stop_ : rc_ == DB_DONE ? 0 : db_error(db, err, what);              \
        mz_free(row_);                                                                             \
    } while (0)

/* Steps st for one row read with read: 1, 0 without a row, -1. */
static inline int one(struct db *db, struct dbst *st, void (*read)(struct dbst *, void *), void *out,
               const char *what, struct mz_err *err)
{
    int rc = db_step(st);
    if (rc == DB_ROW)
        read(st, out);
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, what);
}

static inline int changed_stmt(struct db *db, struct dbst *st, bool *changed, struct mz_err *err)
{
    if (db_exec_stmt(db, st, err) < 0)
        return -1;
    *changed = db_changes(db) > 0;
    return 0;
}

#endif
