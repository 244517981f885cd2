/* Supervision reads in SQLite (see supervisestore.h). */
#include "store/supervisestore.h"

#include <stdio.h>

#include "store/stmt.h"

/* Steps st to the end, calling row for each; the walk's result. */
static int walk(struct db *db, struct dbst *st, int (*row)(struct dbst *st, void *arg),
                void *arg, struct mz_err *err)
{
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = row(st, arg);
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取监督数据");
    db_reset(st);
    return result;
}

struct call {
    void (*fn)(void); /* the caller's callback, cast back to its type */
    void *ctx;
};

static int finding_row(struct dbst *st, void *arg)
{
    struct call *c = arg;
    struct sv_finding f = {db_col_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                           db_col_text(st, 3),          db_col_text(st, 4), db_col_text(st, 5),
                           db_col_text(st, 6),          db_col_text(st, 7), db_col_text(st, 8),
                           db_col_text(st, 9),          db_col_text(st, 10)};
    return ((int (*)(void *, const struct sv_finding *))c->fn)(c->ctx, &f);
}

int sv_findings(struct db *db, const char *prefix, const char *from, const char *to,
                int (*fn)(void *ctx, const struct sv_finding *f), void *ctx,
                struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SV_FINDINGS, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, prefix);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    struct call c = {(void (*)(void))fn, ctx};
    return walk(db, st, finding_row, &c, err);
}

static int step_row(struct dbst *st, void *arg)
{
    struct call *c = arg;
    return ((int (*)(void *, const char *, const char *, const char *))c->fn)(
        c->ctx, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2));
}

int sv_steps(struct db *db, int64_t id,
             int (*fn)(void *ctx, const char *at, const char *actor, const char *step),
             void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SV_STEPS, err);
    if (!st)
        return -1;
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)id);
    db_bind_text(st, 1, text);
    struct call c = {(void (*)(void))fn, ctx};
    return walk(db, st, step_row, &c, err);
}

static int kin_row(struct dbst *st, void *arg)
{
    struct call *c = arg;
    struct sv_kin k = {db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                       db_col_int64(st, 3), db_col_int64(st, 4)};
    return ((int (*)(void *, const struct sv_kin *))c->fn)(c->ctx, &k);
}

int sv_staff_kin(struct db *db, const char *prefix, const char *day,
                 int (*fn)(void *ctx, const struct sv_kin *k), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SV_STAFF_KIN, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, day);
    db_bind_text(st, 2, prefix);
    struct call c = {(void (*)(void))fn, ctx};
    return walk(db, st, kin_row, &c, err);
}
