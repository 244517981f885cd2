/* Elderly-care visits in SQLite (see visitstore.h). */
#include "store/visitstore.h"

#include <stdio.h>

#include "store/stmt.h"

int vs_visit_add(struct db *db, const struct visit_row *v, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_VISIT_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, v->person_id);
    db_bind_text(st, 2, v->visited_on);
    db_bind_text(st, 3, v->method);
    db_bind_text(st, 4, v->visitor);
    db_bind_text(st, 5, v->findings);
    db_bind_int(st, 6, v->needs_help);
    db_bind_text(st, 7, v->recorded_by);
    db_bind_text(st, 8, now);
    return db_insert_id(db, st, id, "登记探访记录", err);
}

static void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

int vs_visits_of_person(struct db *db, int64_t person_id, int limit,
                        int (*fn)(void *ctx, const struct visit_row *v), void *ctx,
                        struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_VISITS_OF_PERSON, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    db_bind_int(st, 2, limit);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct visit_row v = {.id = db_col_int64(st, 0),
                              .person_id = db_col_int64(st, 1),
                              .needs_help = db_col_int(st, 6) != 0};
        copy(st, 2, v.visited_on, sizeof v.visited_on);
        copy(st, 3, v.method, sizeof v.method);
        copy(st, 4, v.visitor, sizeof v.visitor);
        copy(st, 5, v.findings, sizeof v.findings);
        copy(st, 7, v.recorded_by, sizeof v.recorded_by);
        copy(st, 8, v.recorded_at, sizeof v.recorded_at);
        stop = fn(ctx, &v);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取探访记录");
}

int vs_elder_households(struct db *db, const char (*prefixes)[13], int nprefixes, mz_date born_by,
                        mz_date day, int64_t **ids, size_t *n, struct mz_err *err)
{
    *ids = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_VISIT_ELDER_HOUSEHOLDS, err);
    if (!st || db_bind_prefix_list(st, 1, prefixes, nprefixes, err) < 0) return -1;
    char born[11], on[11];
    date_format(born_by, born);
    date_format(day, on);
    db_bind_text(st, 2, born);
    db_bind_text(st, 3, on);
    return db_collect_ids(db, st, ids, n, "读取老年人家庭", err);
}
