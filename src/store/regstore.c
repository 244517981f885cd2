/* Registry rows in SQLite. Dates are stored as ISO text. */
#include "store/regstore.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/stmt.h"

/* ---- helpers ---------------------------------------------------------- */

static void bind_date(struct dbst *st, int i, mz_date d)
{
    if (d == MZ_DATE_NONE) {
        db_bind_null(st, i);
        return;
    }
    char buf[11];
    date_format(d, buf);
    db_bind_text_n(st, i, buf, 10);
}

static mz_date col_date(struct dbst *st, int i)
{
    return db_col_type(st, i) == DB_NULL ? MZ_DATE_NONE
                                                     : date_parse(db_col_text(st, i));
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* Steps a look-up statement: 1 with a row ready, 0 none, -1 error. */
static int step_one(struct db *db, struct dbst *st, struct mz_err *err)
{
    int rc = db_step(st);
    if (rc == DB_ROW)
        return 1;
    db_reset(st);
    return rc == DB_DONE ? 0 : db_error(db, err, "查询");
}

/* ---- divisions -------------------------------------------------------- */

static void read_division(struct dbst *st, struct division_row *d)
{
    copy_text(d->code, sizeof d->code, db_col_text(st, 0));
    copy_text(d->name, sizeof d->name, db_col_text(st, 1));
    d->level = db_col_int(st, 2);
    copy_text(d->parent, sizeof d->parent, db_col_text(st, 3));
    copy_text(d->pinyin, sizeof d->pinyin, db_col_text(st, 4));
    d->valid_from = col_date(st, 5);
    d->valid_to = col_date(st, 6);
}

int rs_division_insert(struct db *db, const struct division_row *d, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIV_INSERT, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, d->code);
    db_bind_text(st, 2, d->name);
    db_bind_int(st, 3, d->level);
    db_bind_text(st, 4, d->parent[0] ? d->parent : NULL);
    db_bind_text(st, 5, d->pinyin);
    bind_date(st, 6, d->valid_from);
    bind_date(st, 7, d->valid_to);
    return db_exec_stmt(db, st, err);
}

static int division_query(struct db *db, enum sql_id id, const char *code, mz_date at,
                          struct division_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, id, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    if (id == SQL_DIV_AT)
        bind_date(st, 2, at);
    int rc = step_one(db, st, err);
    if (rc == 1) {
        read_division(st, out);
        db_reset(st);
    }
    return rc;
}

int rs_division_at(struct db *db, const char *code, mz_date at, struct division_row *out,
                   struct mz_err *err)
{
    return division_query(db, SQL_DIV_AT, code, at, out, err);
}

int rs_division_latest(struct db *db, const char *code, struct division_row *out,
                       struct mz_err *err)
{
    return division_query(db, SQL_DIV_LATEST, code, MZ_DATE_NONE, out, err);
}

int rs_division_close(struct db *db, const char *code, mz_date to, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIV_CLOSE, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    bind_date(st, 2, to);
    return db_exec_stmt(db, st, err);
}

/* Copies out the divisions of a bound statement, then calls fn on each. */
static int each_division(struct db *db, struct dbst *st,
                         int (*fn)(void *ctx, const struct division_row *d), void *ctx,
                         struct mz_err *err)
{
    struct division_row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (mz_grow(&rows, &cap, n + 1, sizeof *rows) < 0) {
            db_reset(st);
            mz_free(rows);
            return mz_fail(err, "out_of_memory", "内存不足");
        }
        read_division(st, &rows[n++]);
    }
    db_reset(st);
    if (rc != DB_DONE) {
        mz_free(rows);
        return db_error(db, err, "查询区划");
    }
    int result = 0;
    for (size_t i = 0; i < n && result == 0; i++)
        result = fn(ctx, &rows[i]);
    mz_free(rows);
    return result;
}

int rs_division_children(struct db *db, const char *parent, mz_date at,
                         int (*fn)(void *ctx, const struct division_row *d), void *ctx,
                         struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIV_CHILDREN_AT, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, parent);
    bind_date(st, 2, at);
    return each_division(db, st, fn, ctx, err);
}

int rs_divisions_of_level(struct db *db, int level, mz_date at,
                          int (*fn)(void *ctx, const struct division_row *d), void *ctx,
                          struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIV_LEVEL_AT, err);
    if (!st)
        return -1;
    db_bind_int(st, 1, level);
    bind_date(st, 2, at);
    return each_division(db, st, fn, ctx, err);
}

static int count(struct db *db, enum sql_id id, long *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, id, err);
    if (!st)
        return -1;
    if (step_one(db, st, err) != 1)
        return -1;
    *n = (long)db_col_int64(st, 0);
    db_reset(st);
    return 0;
}

int rs_division_count(struct db *db, long *n, struct mz_err *err)
{
    return count(db, SQL_DIV_COUNT, n, err);
}

int rs_division_change_add(struct db *db, mz_date effective, const char *old_code,
                           const char *new_code, const char *note, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIVCHG_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    bind_date(st, 1, effective);
    db_bind_text(st, 2, old_code);
    db_bind_text(st, 3, new_code);
    db_bind_text(st, 4, note);
    db_bind_text(st, 5, now);
    return db_exec_stmt(db, st, err);
}

int rs_division_successor(struct db *db, const char *old_code, char new_code[13],
                          mz_date *effective, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIVCHG_SUCCESSOR, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, old_code);
    int rc = step_one(db, st, err);
    if (rc == 1) {
        copy_text(new_code, 13, db_col_text(st, 0));
        *effective = col_date(st, 1);
        db_reset(st);
    }
    return rc;
}

int rs_division_villages(struct db *db, const char *prefix,
                         int (*fn)(void *ctx, const char *code), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIV_PLACES, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, prefix);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = fn(ctx, db_col_text(st, 0));
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "查询村（社区）");
    db_reset(st);
    return result;
}

/* ---- households ------------------------------------------------------- */

static void read_household(struct dbst *st, int first, struct household_row *h)
{
    copy_text(h->division, sizeof h->division, db_col_text(st, first));
    copy_text(h->address, sizeof h->address, db_col_text(st, first + 1));
    h->rural = db_col_int(st, first + 2) != 0;
}

int rs_household_by_no(struct db *db, const char *hh_no, struct household_row *out,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_HH_BY_NO, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, hh_no);
    int rc = step_one(db, st, err);
    if (rc == 1) {
        out->id = db_col_int64(st, 0);
        copy_text(out->hh_no, sizeof out->hh_no, hh_no);
        read_household(st, 1, out);
        db_reset(st);
    }
    return rc;
}

int rs_household_get(struct db *db, int64_t id, struct household_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_HH_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = step_one(db, st, err);
    if (rc == 1) {
        out->id = id;
        copy_text(out->hh_no, sizeof out->hh_no, db_col_text(st, 0));
        read_household(st, 1, out);
        db_reset(st);
    }
    return rc;
}

int rs_household_insert(struct db *db, struct household_row *h, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_HH_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, h->hh_no);
    db_bind_text(st, 2, h->division);
    db_bind_text(st, 3, h->address);
    db_bind_int(st, 4, h->rural);
    db_bind_text(st, 5, now);
    return db_insert_id(db, st, &h->id, "登记家庭", err);
}

int rs_household_update(struct db *db, const struct household_row *h, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_HH_UPDATE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, h->id);
    db_bind_text(st, 2, h->division);
    db_bind_text(st, 3, h->address);
    db_bind_int(st, 4, h->rural);
    return db_exec_stmt(db, st, err);
}

/* ---- persons ---------------------------------------------------------- */

static void read_blob(struct dbst *st, int i, unsigned char *dst, size_t cap, int *len)
{
    int n = db_col_bytes(st, i);
    const void *p = db_col_blob(st, i);
    if (!p || n < 0 || (size_t)n > cap)
        n = 0;
    if (n)
        memcpy(dst, p, (size_t)n);
    *len = n;
}

int rs_person_by_index(struct db *db, const unsigned char index[16], struct person_row *out,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_P_BY_INDEX, err);
    if (!st)
        return -1;
    db_bind_blob(st, 1, index, 16);
    int rc = step_one(db, st, err);
    if (rc == 1) {
        out->id = db_col_int64(st, 0);
        memcpy(out->id_index, index, 16);
        copy_text(out->name, sizeof out->name, db_col_text(st, 1));
        out->sex = db_col_int(st, 2);
        out->birth = col_date(st, 3);
        out->rural_hukou = db_col_int(st, 4) != 0;
        copy_text(out->division, sizeof out->division, db_col_text(st, 5));
        read_blob(st, 6, out->phone_sealed, sizeof out->phone_sealed, &out->phone_sealed_len);
        db_reset(st);
    }
    return rc;
}

int rs_person_id_by_index(struct db *db, const unsigned char index[16], int64_t *id,
                          struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_P_ID_BY_INDEX, err);
    if (!st)
        return -1;
    db_bind_blob(st, 1, index, 16);
    int rc = step_one(db, st, err);
    if (rc == 1) {
        *id = db_col_int64(st, 0);
        db_reset(st);
    }
    return rc;
}

int rs_person_get(struct db *db, int64_t id, struct person_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_P_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = step_one(db, st, err);
    if (rc == 1) {
        out->id = id;
        read_blob(st, 0, out->id_sealed, sizeof out->id_sealed, &out->id_sealed_len);
        copy_text(out->id_masked, sizeof out->id_masked, db_col_text(st, 1));
        copy_text(out->name, sizeof out->name, db_col_text(st, 2));
        out->sex = db_col_int(st, 3);
        out->birth = col_date(st, 4);
        out->rural_hukou = db_col_int(st, 5) != 0;
        copy_text(out->division, sizeof out->division, db_col_text(st, 6));
        read_blob(st, 7, out->phone_sealed, sizeof out->phone_sealed, &out->phone_sealed_len);
        db_reset(st);
    }
    return rc;
}

static void bind_phone(struct dbst *st, int i, const struct person_row *p)
{
    if (p->phone_sealed_len > 0)
        db_bind_blob(st, i, p->phone_sealed, p->phone_sealed_len);
    else
        db_bind_null(st, i);
}

int rs_person_insert(struct db *db, struct person_row *p, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_P_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_blob(st, 1, p->id_index, 16);
    db_bind_blob(st, 2, p->id_sealed, p->id_sealed_len);
    db_bind_text(st, 3, p->id_masked);
    db_bind_text(st, 4, p->name);
    db_bind_int(st, 5, p->sex);
    bind_date(st, 6, p->birth);
    db_bind_int(st, 7, p->rural_hukou);
    db_bind_text(st, 8, p->division);
    bind_phone(st, 9, p);
    db_bind_text(st, 10, now);
    db_bind_text(st, 11, p->initials);
    return db_insert_id(db, st, &p->id, "登记人员", err);
}

int rs_person_update(struct db *db, const struct person_row *p, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_P_UPDATE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, p->id);
    db_bind_text(st, 2, p->name);
    db_bind_int(st, 3, p->rural_hukou);
    db_bind_text(st, 4, p->division);
    bind_phone(st, 5, p);
    db_bind_text(st, 6, p->initials);
    return db_exec_stmt(db, st, err);
}

int rs_person_set_initials(struct db *db, int64_t id, const char *initials, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_P_SET_INITIALS, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, initials);
    return db_exec_stmt(db, st, err);
}

int rs_persons_without_initials(struct db *db,
                                int (*fn)(void *ctx, int64_t id, const char *name), void *ctx,
                                struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_P_WITHOUT_INITIALS, err);
    if (!st)
        return -1;
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = fn(ctx, db_col_int64(st, 0), db_col_text(st, 1));
    db_reset(st);
    if (result)
        return result;
    return rc == DB_DONE ? 0 : db_error(db, err, "查询人员");
}

/* ---- memberships ------------------------------------------------------ */

int rs_membership_current(struct db *db, int64_t person_id, int64_t *household_id,
                          char relation[32], mz_date *from, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_M_CURRENT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, person_id);
    int rc = step_one(db, st, err);
    if (rc == 1) {
        *household_id = db_col_int64(st, 0);
        copy_text(relation, 32, db_col_text(st, 1));
        *from = col_date(st, 2);
        db_reset(st);
    }
    return rc;
}

int rs_membership_move(struct db *db, int64_t person_id, int64_t household_id,
                       const char *relation, mz_date from, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_M_CLOSE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, person_id);
    bind_date(st, 2, from);
    if (db_exec_stmt(db, st, err) < 0)
        return -1;
    if (!(st = db_stmt(db, SQL_M_INSERT, err)))
        return -1;
    db_bind_int64(st, 1, person_id);
    db_bind_int64(st, 2, household_id);
    db_bind_text(st, 3, relation);
    bind_date(st, 4, from);
    return db_exec_stmt(db, st, err);
}

/* ---- facts ------------------------------------------------------------ */

int rs_fact_put(struct db *db, const struct fact_row *f, bool *added, struct mz_err *err)
{
    *added = false;
    struct dbst *st = db_stmt(db, SQL_F_LATEST, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, f->entity);
    db_bind_int64(st, 2, f->entity_id);
    db_bind_text(st, 3, f->variable);
    bind_date(st, 4, f->effective);
    int rc = step_one(db, st, err);
    if (rc < 0)
        return -1;
    if (rc == 1) {
        bool same = strcmp(db_col_text(st, 0), f->value) == 0;
        db_reset(st);
        if (same)
            return 0;
    }
    if (!(st = db_stmt(db, SQL_F_INSERT, err)))
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, f->entity);
    db_bind_int64(st, 2, f->entity_id);
    db_bind_text(st, 3, f->variable);
    db_bind_text(st, 4, f->value);
    bind_date(st, 5, f->effective);
    db_bind_text(st, 6, f->source);
    db_bind_text(st, 7, now);
    if (db_exec_stmt(db, st, err) < 0)
        return -1;
    *added = true;
    return 0;
}

int rs_fact_asof(struct db *db, const char *entity, int64_t entity_id, const char *variable,
                 mz_date as_of, const char *known_at, char *value, size_t cap,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_F_ASOF, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, entity);
    db_bind_int64(st, 2, entity_id);
    db_bind_text(st, 3, variable);
    bind_date(st, 4, as_of);
    db_bind_text(st, 5, known_at ? known_at : "9999");
    int rc = step_one(db, st, err);
    if (rc == 1) {
        copy_text(value, cap, db_col_text(st, 0));
        db_reset(st);
    }
    return rc;
}

int rs_counts(struct db *db, struct registry_counts *out, struct mz_err *err)
{
    if (count(db, SQL_DIV_COUNT, &out->divisions, err) < 0 ||
        count(db, SQL_HH_COUNT, &out->households, err) < 0 ||
        count(db, SQL_P_COUNT, &out->persons, err) < 0 ||
        count(db, SQL_F_COUNT, &out->facts, err) < 0)
        return -1;
    return 0;
}

int rs_county_summary(struct db *db, mz_date born_by,
                      int (*fn)(void *ctx, const char *code, const char *name, long persons,
                                long born_before, long rural),
                      void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_S_COUNTIES, err);
    if (!st)
        return -1;
    bind_date(st, 1, born_by);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = fn(ctx, db_col_text(st, 0), db_col_text(st, 1), (long)db_col_int64(st, 2),
                    (long)db_col_int64(st, 3), (long)db_col_int64(st, 4));
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "统计");
    db_reset(st);
    return result;
}

int rs_persons_with_fact(struct db *db, const char *variable, long *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_S_FACT_PERSONS, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, variable);
    if (step_one(db, st, err) != 1)
        return -1;
    *n = (long)db_col_int64(st, 0);
    db_reset(st);
    return 0;
}

/* ---- snapshot scans --------------------------------------------------- */

/* Binds ids as a JSON array ("[3,17,…]", for json_each) to parameter i. */
int rs_scan_members_in(struct db *db, mz_date as_of, const int64_t *household_ids, size_t n,
                       int (*fn)(void *ctx, const struct member_row *m), void *ctx,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, n ? SQL_SNAP_MEMBERS_IN : SQL_SNAP_MEMBERS, err);
    if (!st)
        return -1;
    bind_date(st, 1, as_of);
    if (n && db_bind_ids(st, 2, household_ids, n, err) < 0)
        return -1;
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW) {
        struct member_row m = {.household_id = db_col_int64(st, 0),
                               .division = db_col_text(st, 1),
                               .rural = db_col_int(st, 2) != 0,
                               .person_id = db_col_int64(st, 3),
                               .birth = col_date(st, 4),
                               .sex = db_col_int(st, 5),
                               .rural_hukou = db_col_int(st, 6) != 0,
                               .relation = db_col_text(st, 7)};
        result = fn(ctx, &m);
    }
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取家庭成员");
    db_reset(st);
    db_clear_bindings(st);
    return result;
}

int rs_scan_members(struct db *db, mz_date as_of, int64_t household_id,
                    int (*fn)(void *ctx, const struct member_row *m), void *ctx,
                    struct mz_err *err)
{
    return rs_scan_members_in(db, as_of, &household_id, household_id > 0, fn, ctx, err);
}

int rs_scan_facts_in(struct db *db, const char *entity, mz_date as_of, const char *known_at,
                     const int64_t *entity_ids, size_t n,
                     int (*fn)(void *ctx, int64_t entity_id, const char *variable,
                               const char *value, mz_date effective),
                     void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, n ? SQL_SNAP_FACTS_IN : SQL_SNAP_FACTS, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, entity);
    bind_date(st, 2, as_of);
    db_bind_text(st, 3, known_at ? known_at : "9999");
    if (n && db_bind_ids(st, 4, entity_ids, n, err) < 0)
        return -1;
    int64_t last_id = -1;
    char last_var[64] = "";
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int64(st, 0);
        const char *var = db_col_text(st, 1);
        if (id == last_id && strcmp(var, last_var) == 0)
            continue; /* an older value of the same variable */
        last_id = id;
        snprintf(last_var, sizeof last_var, "%s", var);
        result = fn(ctx, id, var, db_col_text(st, 2), col_date(st, 3));
    }
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取事实");
    db_reset(st);
    db_clear_bindings(st);
    return result;
}

int rs_scan_facts(struct db *db, const char *entity, mz_date as_of, const char *known_at,
                  int64_t entity_id,
                  int (*fn)(void *ctx, int64_t entity_id, const char *variable,
                            const char *value, mz_date effective),
                  void *ctx, struct mz_err *err)
{
    return rs_scan_facts_in(db, entity, as_of, known_at, &entity_id, entity_id > 0, fn, ctx,
                            err);
}
