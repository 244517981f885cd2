/* Registry records: the catalogue expanded from store/recordsql.h and the
 * scan that runs a record's whole-city or listed-ids statement. */
#include "store/recordstore.h"

#include <string.h>

#include "store/stmt.h"

struct rec_entry {
    struct rec_source pub;
    enum sql_id all, in;
};

#define REC_ENTRY(X, NAME, ENTITY, KIND, LABEL, HEAD, KEY, TAIL)                                  \
    {{#NAME, LABEL, ENTITY, KIND}, SQL_REC_##NAME, SQL_REC_##NAME##_IN},
static const struct rec_entry entries[] = {RECORD_SOURCES(REC_ENTRY, _)};
#undef REC_ENTRY

#define NENTRIES (sizeof entries / sizeof entries[0])

const struct rec_source *rec_find(const char *name)
{
    for (size_t i = 0; i < NENTRIES; i++)
        if (strcmp(entries[i].pub.name, name) == 0)
            return &entries[i].pub;
    return NULL;
}

int rec_scan(struct db *db, const struct rec_source *src, const char *arg, mz_date as_of,
             const int64_t *ids, size_t n, int (*fn)(void *ctx, int64_t id, int64_t value),
             void *ctx, struct mz_err *err)
{
    const struct rec_entry *e = (const struct rec_entry *)src;
    struct dbst *st = db_stmt(db, n ? e->in : e->all, err);
    if (!st)
        return -1;
    char day[11];
    date_format(as_of, day);
    db_bind_text(st, 1, day);
    db_bind_text(st, 2, arg);
    if (n && db_bind_ids(st, 3, ids, n, err) < 0)
        return -1;
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = fn(ctx, db_col_int64(st, 0), db_col_int64(st, 1));
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取登记记录");
    db_reset(st);
    db_clear_bindings(st);
    return result;
}
