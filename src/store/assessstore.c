/* 老年人能力评估 records in SQLite (see assessstore.h). */
#include "store/assessstore.h"

#include <stdio.h>
#include <string.h>

#include "store/stmt.h"

int ast_assessment_insert(struct db *db, struct assessment_row *r, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AST_INSERT, err);
    if (!st) return -1;
    const char *text[] = {r->division,  r->assessed_on, r->reason,    r->assessor1,
                          r->assessor2, r->scores,      r->conditions};
    db_bind_int64(st, 1, r->person_id);
    for (int i = 0; i < 7; i++)
        db_bind_text(st, i + 2, text[i]);
    db_bind_int(st, 9, r->total);
    db_bind_text(st, 10, r->preliminary);
    db_bind_text(st, 11, r->final_level);
    db_bind_text(st, 12, r->reasons);
    db_bind_text(st, 13, r->next_due);
    db_bind_text(st, 14, r->policy_version);
    db_bind_text(st, 15, r->recorded_by);
    db_now(r->recorded_at);
    db_bind_text(st, 16, r->recorded_at);
    return db_insert_id(db, st, &r->id, "登记能力评估", err);
}

#define COPY(field, i) snprintf(r.field, sizeof r.field, "%s", db_col_text(st, i))

static int scan(struct db *db, struct dbst *st,
                int (*fn)(void *ctx, const struct assessment_row *r), void *ctx, struct mz_err *err)
{
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct assessment_row r = {.id = db_col_int64(st, 0),
                                   .person_id = db_col_int64(st, 1),
                                   .total = db_col_int(st, 9)};
        COPY(division, 2);
        COPY(assessed_on, 3);
        COPY(reason, 4);
        COPY(assessor1, 5);
        COPY(assessor2, 6);
        COPY(scores, 7);
        COPY(conditions, 8);
        COPY(preliminary, 10);
        COPY(final_level, 11);
        COPY(reasons, 12);
        COPY(next_due, 13);
        COPY(policy_version, 14);
        COPY(recorded_by, 15);
        COPY(recorded_at, 16);
        COPY(name, 17);
        COPY(id_masked, 18);
        stop = fn(ctx, &r);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取能力评估");
}

static int keep_one(void *ctx, const struct assessment_row *r)
{
    *(struct assessment_row *)ctx = *r;
    return 1;
}

int ast_assessment_get(struct db *db, int64_t id, struct assessment_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AST_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = scan(db, st, keep_one, out, err);
    return rc < 0 ? -1 : rc;
}

int ast_assessments_of_person(struct db *db, int64_t person_id,
                              int (*fn)(void *ctx, const struct assessment_row *r), void *ctx,
                              struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AST_OF_PERSON, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    return scan(db, st, fn, ctx, err);
}

int ast_assessments_in_scope(struct db *db, const char (*prefixes)[13], int n, int limit,
                             int (*fn)(void *ctx, const struct assessment_row *r), void *ctx,
                             struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AST_IN_SCOPE, err);
    if (!st) return -1;
    if (db_bind_prefix_list(st, 1, prefixes, n, err) < 0) return -1;
    db_bind_int(st, 2, limit);
    return scan(db, st, fn, ctx, err);
}
