/* Family relations in SQLite (see kinstore.h). */
#include "store/kinstore.h"

#include "store/stmt.h"

int ks_parent_add(struct db *db, int64_t person_id, int64_t parent_id, const char *source,
                  const char *actor, bool *added, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_KIN_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, person_id);
    db_bind_int64(st, 2, parent_id);
    db_bind_text(st, 3, source);
    db_bind_text(st, 4, actor);
    db_bind_text(st, 5, now);
    if (db_exec_stmt(db, st, err) < 0)
        return -1;
    *added = db_changes(db) > 0;
    return 0;
}

static int links(struct db *db, enum sql_id id, int64_t person_id,
                 int (*fn)(void *ctx, int64_t other, const char *source), void *ctx,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, id, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, person_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop = fn(ctx, db_col_int64(st, 0), db_col_text(st, 1));
    db_reset(st);
    if (stop)
        return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取亲子关系");
}

int ks_parents(struct db *db, int64_t person_id,
               int (*fn)(void *ctx, int64_t parent_id, const char *source), void *ctx,
               struct mz_err *err)
{
    return links(db, SQL_KIN_PARENTS, person_id, fn, ctx, err);
}

int ks_children(struct db *db, int64_t person_id,
                int (*fn)(void *ctx, int64_t child_id, const char *source), void *ctx,
                struct mz_err *err)
{
    return links(db, SQL_KIN_CHILDREN, person_id, fn, ctx, err);
}

static mz_date day_or_none(struct dbst *st, int i)
{
    const char *s = db_col_text(st, i);
    return *s ? date_parse(s) : MZ_DATE_NONE;
}

int ks_memberships(struct db *db, int64_t person_id,
                   int (*fn)(void *ctx, int64_t household_id, const char *hh_no,
                             const char *relation, mz_date from, mz_date to),
                   void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_KIN_MEMBERSHIPS, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, person_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop = fn(ctx, db_col_int64(st, 0), db_col_text(st, 4), db_col_text(st, 1),
                  day_or_none(st, 2), day_or_none(st, 3));
    db_reset(st);
    if (stop)
        return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取家庭成员关系");
}

int ks_household_relation(struct db *db, int64_t household_id, const char *relation,
                          int (*fn)(void *ctx, int64_t person_id, mz_date from, mz_date to),
                          void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_KIN_HOUSEHOLD, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    db_bind_text(st, 2, relation);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop = fn(ctx, db_col_int64(st, 0), day_or_none(st, 2), day_or_none(st, 3));
    db_reset(st);
    if (stop)
        return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取家庭成员关系");
}
