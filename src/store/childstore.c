/* Child welfare in SQLite (see childstore.h). */
#include "store/childstore.h"

#include <stdio.h>

#include "store/stmt.h"

static void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

int chs_record_add(struct db *db, const struct child_record_row *r, int64_t *id,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CHILD_RECORD_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, r->person_id);
    db_bind_text(st, 2, r->as_of);
    db_bind_text(st, 3, r->reasons);
    db_bind_text(st, 4, r->recorded_by);
    db_bind_text(st, 5, now);
    return db_insert_id(db, st, id, "登记困境儿童档案", err);
}

int chs_records_of(struct db *db, int64_t person_id, int limit,
                   int (*fn)(void *ctx, const struct child_record_row *r), void *ctx,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CHILD_RECORDS_OF, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    db_bind_int(st, 2, limit);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct child_record_row r = {.id = db_col_int64(st, 0),
                                     .person_id = db_col_int64(st, 1)};
        copy(st, 2, r.as_of, sizeof r.as_of);
        copy(st, 3, r.reasons, sizeof r.reasons);
        copy(st, 4, r.recorded_by, sizeof r.recorded_by);
        copy(st, 5, r.recorded_at, sizeof r.recorded_at);
        stop = fn(ctx, &r);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取困境儿童档案");
}

int chs_visit_add(struct db *db, const struct child_visit_row *v, int64_t *id,
                  struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CHILD_VISIT_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, v->person_id);
    db_bind_text(st, 2, v->visited_on);
    db_bind_text(st, 3, v->kind);
    db_bind_text(st, 4, v->visitor);
    db_bind_text(st, 5, v->findings);
    db_bind_text(st, 6, v->recorded_by);
    db_bind_text(st, 7, now);
    return db_insert_id(db, st, id, "登记儿童探访记录", err);
}

int chs_visits_of(struct db *db, int64_t person_id, int limit,
                  int (*fn)(void *ctx, const struct child_visit_row *v), void *ctx,
                  struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CHILD_VISITS_OF, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    db_bind_int(st, 2, limit);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct child_visit_row v = {.id = db_col_int64(st, 0),
                                    .person_id = db_col_int64(st, 1)};
        copy(st, 2, v.visited_on, sizeof v.visited_on);
        copy(st, 3, v.kind, sizeof v.kind);
        copy(st, 4, v.visitor, sizeof v.visitor);
        copy(st, 5, v.findings, sizeof v.findings);
        copy(st, 6, v.recorded_by, sizeof v.recorded_by);
        copy(st, 7, v.recorded_at, sizeof v.recorded_at);
        stop = fn(ctx, &v);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取儿童探访记录");
}

int chs_child_households(struct db *db, const char (*prefixes)[13], int nprefixes,
                         mz_date born_after, mz_date day, int64_t **ids, size_t *n,
                         struct mz_err *err)
{
    *ids = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_CHILD_HOUSEHOLDS, err);
    if (!st || db_bind_prefix_list(st, 1, prefixes, nprefixes, err) < 0) return -1;
    char born[11], on[11];
    date_format(born_after, born);
    date_format(day, on);
    db_bind_text(st, 2, born);
    db_bind_text(st, 3, on);
    return db_collect_ids(db, st, ids, n, "读取有未成年人的家庭", err);
}

int chs_rehab_add(struct db *db, int64_t person_id, const char *referred_on, const char *service,
                  const char *referred_by, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REHAB_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, referred_on);
    db_bind_text(st, 3, service);
    db_bind_text(st, 4, referred_by);
    db_bind_text(st, 5, now);
    return db_insert_id(db, st, id, "登记康复转介", err);
}

int chs_rehab_open(struct db *db, int64_t person_id, int64_t *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REHAB_OPEN_OF, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    *n = 0;
    return db_one_int(db, st, n, "读取康复转介", err) < 0 ? -1 : 0;
}

static void rehab_read(struct dbst *st, struct rehab_row *r)
{
    r->id = db_col_int64(st, 0);
    r->person_id = db_col_int64(st, 1);
    copy(st, 2, r->name, sizeof r->name);
    copy(st, 3, r->id_masked, sizeof r->id_masked);
    copy(st, 4, r->division, sizeof r->division);
    copy(st, 5, r->referred_on, sizeof r->referred_on);
    copy(st, 6, r->service, sizeof r->service);
    copy(st, 7, r->state, sizeof r->state);
    copy(st, 8, r->last_update, sizeof r->last_update);
}

int chs_rehab_get(struct db *db, int64_t id, struct rehab_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REHAB_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) rehab_read(st, out);
    db_reset(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : db_error(db, err, "读取康复转介");
}

int chs_rehab_progress(struct db *db, int64_t id, const char *on_day, const char *state,
                       const char *note, const char *recorded_by, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REHAB_SET_STATE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, state);
    if (db_exec_stmt(db, st, err) < 0 || !(st = db_stmt(db, SQL_REHAB_PROGRESS_INSERT, err)))
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, on_day);
    db_bind_text(st, 3, state);
    db_bind_text(st, 4, note);
    db_bind_text(st, 5, recorded_by);
    db_bind_text(st, 6, now);
    return db_exec_stmt(db, st, err);
}

int chs_rehab_list(struct db *db, const char (*prefixes)[13], int nprefixes,
                   int (*fn)(void *ctx, const struct rehab_row *r), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REHAB_LIST, err);
    if (!st || db_bind_prefix_list(st, 1, prefixes, nprefixes, err) < 0) return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct rehab_row r;
        rehab_read(st, &r);
        stop = fn(ctx, &r);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取康复转介");
}

int chs_rehab_progress_of(struct db *db, int64_t id,
                          int (*fn)(void *ctx, const struct rehab_progress_row *p), void *ctx,
                          struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REHAB_PROGRESS_OF, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct rehab_progress_row p;
        copy(st, 0, p.on_day, sizeof p.on_day);
        copy(st, 1, p.state, sizeof p.state);
        copy(st, 2, p.note, sizeof p.note);
        copy(st, 3, p.recorded_by, sizeof p.recorded_by);
        stop = fn(ctx, &p);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取康复进展");
}

int chs_rehab_candidates(struct db *db, int limit, int64_t **ids, size_t *n, struct mz_err *err)
{
    *ids = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_REHAB_CANDIDATES, err);
    if (!st) return -1;
    db_bind_int(st, 1, limit);
    return db_collect_ids(db, st, ids, n, "读取精康融合行动对象", err);
}

/* ---- orphans' entitlements --------------------------------------------- */

int chs_ent_open(struct db *db, int64_t person_id, const char *kind, const char *start_on,
                 const char *checked_on, const char *recorded_by, int64_t *id,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ENT_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, start_on);
    db_bind_text(st, 4, checked_on);
    db_bind_text(st, 5, recorded_by);
    db_bind_text(st, 6, now);
    return db_insert_id(db, st, id, "记录孤儿保障", err);
}

/* Runs statement sql with an id and a day. */
static int exec_id_day(struct db *db, enum sql_id sql, int64_t id, const char *day,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, sql, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, day);
    return db_exec_stmt(db, st, err);
}

int chs_ent_checked(struct db *db, int64_t id, const char *checked_on, struct mz_err *err)
{
    return exec_id_day(db, SQL_ENT_CHECKED, id, checked_on, err);
}

int chs_ent_close(struct db *db, int64_t id, const char *end_on, struct mz_err *err)
{
    return exec_id_day(db, SQL_ENT_CLOSE, id, end_on, err);
}

int chs_ents_of(struct db *db, int64_t person_id,
                int (*fn)(void *ctx, const struct entitlement_row *e), void *ctx,
                struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ENT_OF, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct entitlement_row e = {.id = db_col_int64(st, 0),
                                    .person_id = db_col_int64(st, 1)};
        copy(st, 2, e.kind, sizeof e.kind);
        copy(st, 3, e.start_on, sizeof e.start_on);
        copy(st, 4, e.end_on, sizeof e.end_on);
        copy(st, 5, e.checked_on, sizeof e.checked_on);
        stop = fn(ctx, &e);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取孤儿保障");
}

int chs_ent_households(struct db *db, const char (*prefixes)[13], int nprefixes, mz_date day,
                       int64_t **ids, size_t *n, struct mz_err *err)
{
    *ids = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_ENT_HOUSEHOLDS, err);
    if (!st || db_bind_prefix_list(st, 1, prefixes, nprefixes, err) < 0) return -1;
    char on[11];
    date_format(day, on);
    db_bind_text(st, 2, on);
    return db_collect_ids(db, st, ids, n, "读取孤儿所在家庭", err);
}

/* ---- 重度残疾人托养 ------------------------------------------------------ */

int chs_tuoyang_add(struct db *db, int64_t person_id, int64_t provider_id, const char *mode,
                    const char *start_on, const char *recorded_by, int64_t *id,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_TY_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, person_id);
    db_bind_int64(st, 2, provider_id);
    db_bind_text(st, 3, mode);
    db_bind_text(st, 4, start_on);
    db_bind_text(st, 5, recorded_by);
    db_bind_text(st, 6, now);
    int rc = db_step(st);
    if (rc == DB_ROW) *id = db_col_int64(st, 0);
    db_reset(st);
    if (rc == DB_UNIQUE)
        return mz_fail_field(err, "person", "already_in_care", "该人员已在托养中，请先结束原托养");
    return rc == DB_ROW ? 0 : db_error(db, err, "登记托养安置");
}

static void read_tuoyang(struct dbst *st, struct tuoyang_row *t)
{
    t->id = db_col_int64(st, 0);
    t->person_id = db_col_int64(st, 1);
    t->provider_id = db_col_int64(st, 2);
    copy(st, 3, t->name, sizeof t->name);
    copy(st, 4, t->id_masked, sizeof t->id_masked);
    copy(st, 5, t->division, sizeof t->division);
    copy(st, 6, t->provider, sizeof t->provider);
    copy(st, 7, t->mode, sizeof t->mode);
    copy(st, 8, t->start_on, sizeof t->start_on);
    copy(st, 9, t->end_on, sizeof t->end_on);
}

int chs_tuoyang_open(struct db *db, int64_t person_id, struct tuoyang_row *out,
                     struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_TY_OPEN, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    int rc = db_step(st);
    if (rc == DB_ROW) read_tuoyang(st, out);
    db_reset(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : db_error(db, err, "读取托养安置");
}

int chs_tuoyang_end(struct db *db, int64_t id, const char *end_on, struct mz_err *err)
{
    return exec_id_day(db, SQL_TY_END, id, end_on, err);
}

int chs_tuoyang_list(struct db *db, const char (*prefixes)[13], int nprefixes,
                     int (*fn)(void *ctx, const struct tuoyang_row *t), void *ctx,
                     struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_TY_LIST, err);
    if (!st || db_bind_prefix_list(st, 1, prefixes, nprefixes, err) < 0) return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct tuoyang_row t;
        read_tuoyang(st, &t);
        stop = fn(ctx, &t);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取托养安置");
}

int chs_consent_list(struct db *db, const char (*prefixes)[13], int nprefixes,
                     int (*fn)(void *ctx, const struct consent_list_row *c), void *ctx,
                     struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIS_CONSENT_LIST, err);
    if (!st || db_bind_prefix_list(st, 1, prefixes, nprefixes, err) < 0) return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct consent_list_row c = {.person_id = db_col_int64(st, 0)};
        copy(st, 1, c.name, sizeof c.name);
        copy(st, 2, c.id_masked, sizeof c.id_masked);
        copy(st, 3, c.division, sizeof c.division);
        copy(st, 4, c.given_on, sizeof c.given_on);
        copy(st, 5, c.given_by, sizeof c.given_by);
        stop = fn(ctx, &c);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取免申即享授权");
}
