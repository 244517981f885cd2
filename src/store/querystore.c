/* The API's read queries. A division prefix becomes the code
 * range [prefix, prefix ":") — ':' sorts right after '9' — so that the
 * division indexes serve it. */
#include "store/querystore.h"

#include <stdio.h>
#include <string.h>

#include "store/stmt.h"

static void bind_prefix(struct dbst *st, int i, const char *prefix)
{
    char hi[64];
    snprintf(hi, sizeof hi, "%s:", prefix);
    db_bind_text(st, i, prefix);
    db_bind_text(st, i + 1, hi);
}

/* Runs st to the end, calling row(st) for each row until it returns
 * non-zero. */
static int scan(struct db *db, struct dbst *st, int (*row)(struct dbst *st, void *ctx),
                void *ctx, struct mz_err *err)
{
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = row(st, ctx);
    db_reset(st);
    if (result)
        return result;
    return rc == DB_DONE ? 0 : db_error(db, err, "查询");
}

struct hh_scan {
    int (*fn)(void *ctx, const struct household_row *h);
    void *ctx;
};

static int household_row(struct dbst *st, void *ctx)
{
    struct hh_scan *s = ctx;
    struct household_row h = {.id = db_col_int64(st, 0),
                              .rural = db_col_int(st, 4) != 0};
    snprintf(h.hh_no, sizeof h.hh_no, "%s", db_col_text(st, 1));
    snprintf(h.division, sizeof h.division, "%s", db_col_text(st, 2));
    snprintf(h.address, sizeof h.address, "%s", db_col_text(st, 3));
    return s->fn(s->ctx, &h);
}

int qs_households_page(struct db *db, const char *prefix, long limit, long offset,
                       int (*fn)(void *ctx, const struct household_row *h), void *ctx,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_Q_HH_PAGE, err);
    if (!st)
        return -1;
    bind_prefix(st, 1, prefix);
    db_bind_int64(st, 3, limit);
    db_bind_int64(st, 4, offset);
    struct hh_scan s = {fn, ctx};
    return scan(db, st, household_row, &s, err);
}

int qs_households_page_by(struct db *db, const char *prefix, const char *column, bool desc,
                          long limit, long offset,
                          int (*fn)(void *ctx, const struct household_row *h), void *ctx,
                          struct mz_err *err)
{
    struct dbst *st = db_stmt(db, desc ? SQL_Q_HH_PAGE_BY_DESC : SQL_Q_HH_PAGE_BY, err);
    if (!st)
        return -1;
    bind_prefix(st, 1, prefix);
    db_bind_int64(st, 3, limit);
    db_bind_int64(st, 4, offset);
    db_bind_text(st, 5, column);
    struct hh_scan s = {fn, ctx};
    return scan(db, st, household_row, &s, err);
}

int qs_households_search(struct db *db, const char *prefix, const struct qs_household_query *q,
                         long limit, int (*fn)(void *ctx, const struct household_row *h), void *ctx,
                         struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_Q_HH_SEARCH, err);
    if (!st) return -1;
    /* Every UTF-8 text starting with a prefix sorts below prefix + 0xFF;
     * initials are lower-case letters, and '{' sorts right after 'z'. An
     * empty range ("" to "") matches nothing. */
    char hi[256], ihi[64];
    snprintf(hi, sizeof hi, "%s\xff", q->text);
    snprintf(ihi, sizeof ihi, "%s{", q->initials ? q->initials : "");
    bind_prefix(st, 1, prefix);
    db_bind_text(st, 3, q->text);
    db_bind_text(st, 4, hi);
    db_bind_text(st, 5, q->address ? q->address : "");
    db_bind_text(st, 6, q->initials ? q->initials : "");
    db_bind_text(st, 7, q->initials ? ihi : "");
    db_bind_text(st, 8, q->masked ? q->masked : "");
    db_bind_int64(st, 9, q->household_id);
    db_bind_int64(st, 10, limit);
    struct hh_scan s = {fn, ctx};
    return scan(db, st, household_row, &s, err);
}

int qs_household_head(struct db *db, int64_t household_id, char *head, size_t cap, long *members,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_Q_HH_HEAD, err);
    if (!st) return -1;
    db_bind_int64(st, 1, household_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        snprintf(head, cap, "%s", db_col_text(st, 0));
        *members = (long)db_col_int64(st, 1);
    }
    db_reset(st);
    return rc == DB_ROW ? 0 : db_error(db, err, "读取户主");
}

int qs_households_count(struct db *db, const char *prefix, long *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_Q_HH_COUNT, err);
    if (!st)
        return -1;
    bind_prefix(st, 1, prefix);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *n = (long)db_col_int64(st, 0);
    db_reset(st);
    return rc == DB_ROW ? 0 : db_error(db, err, "统计家庭");
}

struct person_scan {
    int (*fn)(void *ctx, const struct person_brief *p);
    void *ctx;
    int relation_col; /* column of the relation, or -1 */
};

/* Columns: id, id_masked, name, sex, birth, division, phone[, relation]. */
static int person_row(struct dbst *st, void *ctx)
{
    struct person_scan *s = ctx;
    struct person_brief p = {
        .id = db_col_int64(st, 0),
        .id_masked = db_col_text(st, 1),
        .name = db_col_text(st, 2),
        .sex = db_col_int(st, 3),
        .birth = date_parse(db_col_text(st, 4)),
        .division = db_col_text(st, 5),
        .phone_sealed = db_col_blob(st, 6),
        .phone_sealed_len = db_col_bytes(st, 6),
        .relation = s->relation_col >= 0 ? db_col_text(st, s->relation_col) : NULL,
    };
    return s->fn(s->ctx, &p);
}

int qs_members(struct db *db, int64_t household_id,
               int (*fn)(void *ctx, const struct person_brief *p), void *ctx,
               struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_Q_MEMBERS, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    struct person_scan s = {fn, ctx, 7};
    return scan(db, st, person_row, &s, err);
}

int qs_persons_by_name(struct db *db, const char *name_prefix,
                       const char (*division_prefixes)[13], int n, long limit, long offset,
                       int (*fn)(void *ctx, const struct person_brief *p), void *ctx,
                       struct mz_err *err)
{
    /* One prefix keeps the plain range, which the division index may serve. */
    struct dbst *st = db_stmt(db, n == 1 ? SQL_Q_PERSONS_BY_NAME : SQL_Q_PERSONS_BY_NAME_IN, err);
    if (!st)
        return -1;
    /* Every UTF-8 text starting with the prefix sorts below prefix + 0xFF. */
    char hi[256];
    snprintf(hi, sizeof hi, "%s\xff", name_prefix);
    db_bind_text(st, 1, name_prefix);
    db_bind_text(st, 2, hi);
    int next = 5;
    if (n == 1) {
        bind_prefix(st, 3, division_prefixes[0]);
    } else {
        if (db_bind_prefix_list(st, 3, division_prefixes, n, err) < 0)
            return -1;
        next = 4;
    }
    db_bind_int64(st, next, limit);
    db_bind_int64(st, next + 1, offset);
    struct person_scan s = {fn, ctx, -1};
    return scan(db, st, person_row, &s, err);
}

struct fact_scan {
    int (*fn)(void *ctx, const char *variable, const char *value, mz_date effective,
              const char *source);
    void *ctx;
};

static int fact_row(struct dbst *st, void *ctx)
{
    struct fact_scan *s = ctx;
    return s->fn(s->ctx, db_col_text(st, 0), db_col_text(st, 1),
                 date_parse(db_col_text(st, 2)), db_col_text(st, 3));
}

int qs_facts_now(struct db *db, const char *entity, int64_t entity_id, mz_date on,
                 int (*fn)(void *ctx, const char *variable, const char *value,
                           mz_date effective, const char *source),
                 void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_Q_FACTS_NOW, err);
    if (!st)
        return -1;
    char day[11];
    date_format(on, day);
    db_bind_text(st, 1, entity);
    db_bind_int64(st, 2, entity_id);
    db_bind_text(st, 3, day);
    struct fact_scan s = {fn, ctx};
    return scan(db, st, fact_row, &s, err);
}

/* ---- statistics for the managers' dashboard --------------------------- */

struct stat_scan {
    int (*fn)(void *ctx, const struct qs_stat_row *r);
    void *ctx;
};

static int stat_row(struct dbst *st, void *ctx)
{
    struct stat_scan *s = ctx;
    struct qs_stat_row r = {db_col_text(st, 0), db_col_text(st, 1), {0}, db_col_double(st, 6)};
    for (int i = 0; i < 4; i++)
        r.n[i] = db_col_int64(st, 2 + i);
    return s->fn(s->ctx, &r);
}

int qs_stats(struct db *db, enum qs_stat which, const char (*division_prefixes)[13], int n,
             const char *day, int (*fn)(void *ctx, const struct qs_stat_row *r), void *ctx,
             struct mz_err *err)
{
    static const enum sql_id ids[] = {SQL_STATS_COVERAGE, SQL_STATS_WARNINGS, SQL_STATS_CASES,
                                      SQL_STATS_SPENDING};
    static const enum sql_id narrow_ids[] = {SQL_STATS_COVERAGE_NARROW, SQL_STATS_WARNINGS,
                                             SQL_STATS_CASES, SQL_STATS_SPENDING_NARROW};
    bool narrow = db_scope_narrow(division_prefixes, n);
    struct dbst *st = db_stmt(db, (narrow ? narrow_ids : ids)[which], err);
    if (!st || db_bind_prefix_list(st, 1, division_prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, day);
    struct stat_scan s = {fn, ctx};
    return scan(db, st, stat_row, &s, err);
}

/* ---- the web UI's look-ups -------------------------------------------- */

int qs_persons_by_key(struct db *db, enum qs_person_key key, const char *value,
                      const char (*division_prefixes)[13], int n, long limit, long offset,
                      int (*fn)(void *ctx, const struct person_brief *p), void *ctx,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(
        db, key == QS_BY_INITIALS ? SQL_Q_PERSONS_BY_INITIALS_IN : SQL_Q_PERSONS_BY_MASKED_IN, err);
    if (!st || db_bind_prefix_list(st, 3, division_prefixes, n, err) < 0)
        return -1;
    /* initials are lower-case letters: '{' sorts right after 'z' */
    char hi[64];
    snprintf(hi, sizeof hi, "%s%s", value, key == QS_BY_INITIALS ? "{" : "");
    db_bind_text(st, 1, value);
    db_bind_text(st, 2, hi);
    db_bind_int64(st, 4, limit);
    db_bind_int64(st, 5, offset);
    struct person_scan s = {fn, ctx, -1};
    return scan(db, st, person_row, &s, err);
}

struct timeline_scan {
    int (*fn)(void *ctx, const struct qs_timeline_row *r);
    void *ctx;
};

static int timeline_row(struct dbst *st, void *ctx)
{
    struct timeline_scan *s = ctx;
    struct qs_timeline_row r = {db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                                db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
                                db_col_text(st, 6)};
    return s->fn(s->ctx, &r);
}

int qs_household_timeline(struct db *db, int64_t household_id, long limit,
                          int (*fn)(void *ctx, const struct qs_timeline_row *r), void *ctx,
                          struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_Q_HH_TIMELINE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    db_bind_int64(st, 2, limit);
    struct timeline_scan s = {fn, ctx};
    return scan(db, st, timeline_row, &s, err);
}

struct case_scan {
    int (*fn)(void *ctx, const struct qs_case_row *r);
    void *ctx;
};

static int case_row(struct dbst *st, void *ctx)
{
    struct case_scan *s = ctx;
    struct qs_case_row r = {db_col_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                            db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
                            db_col_text(st, 6), db_col_text(st, 7)};
    return s->fn(s->ctx, &r);
}

int qs_household_cases(struct db *db, int64_t household_id,
                       int (*fn)(void *ctx, const struct qs_case_row *r), void *ctx,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_Q_HH_CASES, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    struct case_scan s = {fn, ctx};
    return scan(db, st, case_row, &s, err);
}

struct payment_scan {
    int (*fn)(void *ctx, const struct qs_payment_row *r);
    void *ctx;
};

static int payment_row(struct dbst *st, void *ctx)
{
    struct payment_scan *s = ctx;
    struct qs_payment_row r = {db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                               db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 6),
                               db_col_int64(st, 5)};
    return s->fn(s->ctx, &r);
}

int qs_household_payments(struct db *db, int64_t household_id, long limit,
                          int (*fn)(void *ctx, const struct qs_payment_row *r), void *ctx,
                          struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_Q_HH_PAYMENTS, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    db_bind_int64(st, 2, limit);
    struct payment_scan s = {fn, ctx};
    return scan(db, st, payment_row, &s, err);
}
