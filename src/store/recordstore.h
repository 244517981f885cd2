/* Registry records (store/recordsql.h): the named counts, sums and dates
 * over the services' tables that policy inputs read with `from record`,
 * so the snapshot loader fills them like facts. */
#ifndef MZ_RECORDSTORE_H
#define MZ_RECORDSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "store/db.h"

enum rec_entity { REC_PERSON, REC_HOUSEHOLD };
enum rec_kind { REC_COUNT, REC_MONEY, REC_DATE };

struct rec_source {
    const char *name, *label;
    enum rec_entity entity;
    enum rec_kind kind;
};

/* The record called name, or NULL. Borrowed (static). */
const struct rec_source *rec_find(const char *name);

/* Calls fn(ctx, id, value) for each person or household (by registry id)
 * the record has a value for on day as_of with argument arg ("" if none):
 * of the whole city (n = 0) or of the n listed ids. Stops on fn's non-zero
 * return and returns it; -1 with err on a database error. */
int rec_scan(struct db *db, const struct rec_source *src, const char *arg, mz_date as_of,
             const int64_t *ids, size_t n, int (*fn)(void *ctx, int64_t id, int64_t value),
             void *ctx, struct mz_err *err);

#endif
