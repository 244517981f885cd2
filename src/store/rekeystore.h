/* The sealed columns of the database, for key rotation (registry/rekey.h):
 * every column holding values sealed by the vault, how many values each
 * key epoch has, and re-writing them under the current key. A service that
 * adds a sealed column adds it to the table in rekeystore.c. Functions
 * return 0 or -1 (err filled). */
#ifndef MZ_REKEYSTORE_H
#define MZ_REKEYSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* A sealed column: its table, the column, what it holds (for people), and
 * the column of its blind index ("" if none). */
struct sealed_column {
    const char *table, *column, *label, *index;
};

/* The sealed columns (static). */
const struct sealed_column *rk_columns(size_t *n);

/* counts[e] = values of column c sealed under key epoch e (counts[0]: of
 * no known epoch); ncounts entries. */
int rk_epoch_counts(struct db *db, size_t c, int64_t *counts, int ncounts, struct mz_err *err);

/* Up to limit values of column c not sealed under epoch, of rows with
 * rowid > after, by rowid: fn gets each (a non-zero return stops and is
 * returned). The values are borrowed until fn returns; fn must not use
 * the database. */
int rk_stale(struct db *db, size_t c, int epoch, int64_t after, long limit,
             int (*fn)(void *ctx, int64_t rowid, const unsigned char *sealed, int len), void *ctx,
             struct mz_err *err);

/* A value re-sealed: its row, the new sealed value (allocated by the
 * caller) and, when the column has a blind index, the new index. */
struct rk_value {
    int64_t rowid;
    unsigned char *sealed;
    int len;
    unsigned char index[16];
};

/* Replaces the values of column c (and their blind indexes when the column
 * has one) in n rows. */
int rk_put(struct db *db, size_t c, const struct rk_value *v, size_t n, struct mz_err *err);

#endif
