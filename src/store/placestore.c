/* Place names in SQLite (see placestore.h). */
#include "store/placestore.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/stmt.h"

#define COPY(st, i, field) snprintf(field, sizeof field, "%s", db_col_text(st, i))

static void read_placename(struct dbst *st, struct placename_row *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int64(st, 0);
    COPY(st, 1, p->name);
    COPY(st, 2, p->specific);
    COPY(st, 3, p->generic);
    COPY(st, 4, p->pinyin);
    COPY(st, 5, p->letters);
    COPY(st, 6, p->initials);
    COPY(st, 7, p->specific_letters);
    COPY(st, 8, p->class_);
    COPY(st, 9, p->division);
    p->lon = db_col_double(st, 10);
    p->lat = db_col_double(st, 11);
    p->located = db_col_int(st, 12) != 0;
    COPY(st, 13, p->meaning);
    COPY(st, 14, p->history);
    COPY(st, 15, p->named_on);
    COPY(st, 16, p->approved_by);
    COPY(st, 17, p->document);
    COPY(st, 18, p->culture);
    COPY(st, 19, p->products);
    COPY(st, 20, p->status);
    COPY(st, 21, p->created_at);
    COPY(st, 22, p->updated_at);
}

static void read_case(struct dbst *st, struct placecase_row *c)
{
    memset(c, 0, sizeof *c);
    c->id = db_col_int64(st, 0);
    COPY(st, 1, c->kind);
    c->placename_id = db_col_int64(st, 2);
    COPY(st, 3, c->old_name);
    COPY(st, 4, c->new_name);
    COPY(st, 5, c->reasons);
    COPY(st, 6, c->applicant);
    COPY(st, 7, c->division);
    COPY(st, 8, c->opened_on);
    COPY(st, 9, c->state);
    COPY(st, 10, c->approved_on);
    COPY(st, 11, c->approved_by);
    COPY(st, 12, c->document);
    COPY(st, 13, c->filing_due);
    COPY(st, 14, c->filed_on);
    COPY(st, 15, c->notice_due);
    COPY(st, 16, c->announced_on);
    COPY(st, 17, c->reject_reason);
    COPY(st, 18, c->opened_by);
    COPY(st, 19, c->updated_at);
}

int pls_placename_add(struct db *db, const struct placename_row *p, int64_t *id,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PN_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    const char *texts[] = {p->name,    p->specific, p->generic,         p->pinyin,
                           p->letters, p->initials, p->specific_letters, p->class_,
                           p->division};
    for (int i = 0; i < 9; i++)
        db_bind_text(st, i + 1, texts[i]);
    if (p->located) {
        db_bind_double(st, 10, p->lon);
        db_bind_double(st, 11, p->lat);
    }
    const char *more[] = {p->meaning, p->history, p->named_on, p->approved_by, p->document,
                          p->culture, p->products, p->status,  now};
    for (int i = 0; i < 9; i++)
        db_bind_text(st, i + 12, more[i]);
    return db_insert_id(db, st, id, "登记地名", err);
}

int pls_placename_update(struct db *db, const struct placename_row *p, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PN_UPDATE, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, p->id);
    const char *texts[] = {p->name,     p->specific,  p->generic,  p->pinyin, p->letters,
                           p->initials, p->specific_letters, p->history, p->named_on,
                           p->approved_by, p->document, p->status, now};
    for (int i = 0; i < 13; i++)
        db_bind_text(st, i + 2, texts[i]);
    return db_exec_stmt(db, st, err);
}

static int get_one(struct db *db, enum sql_id id_stmt, int64_t id, void *out,
                   void (*read)(struct dbst *, void *), const char *what, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, id_stmt, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW)
        read(st, out);
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, what);
}

static void read_placename_any(struct dbst *st, void *out)
{
    read_placename(st, out);
}

static void read_case_any(struct dbst *st, void *out)
{
    read_case(st, out);
}

int pls_placename_get(struct db *db, int64_t id, struct placename_row *out, struct mz_err *err)
{
    return get_one(db, SQL_PN_GET, id, out, read_placename_any, "读取地名", err);
}

int pls_case_get(struct db *db, int64_t id, struct placecase_row *out, struct mz_err *err)
{
    return get_one(db, SQL_PC_GET, id, out, read_case_any, "读取地名命名更名案件", err);
}

/* Reads every row of a bound statement (row size `size`), then calls fn on
 * each: fn may use the database. */
static int scan(struct db *db, struct dbst *st, size_t size,
                void (*read)(struct dbst *, void *), int (*fn)(void *ctx, const void *row),
                void *ctx, const char *what, struct mz_err *err)
{
    char *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (mz_grow(&rows, &cap, (n + 1) * size, 1) < 0) {
            db_reset(st);
            mz_free(rows);
            return mz_fail(err, "out_of_memory", "内存不足");
        }
        read(st, rows + n++ * size);
    }
    db_reset(st);
    if (rc != DB_DONE) {
        mz_free(rows);
        return db_error(db, err, what);
    }
    int result = 0;
    for (size_t i = 0; i < n && !result; i++)
        result = fn(ctx, rows + i * size);
    mz_free(rows);
    return result;
}

/* The typed callbacks behind scan's untyped one. */
struct each_placename {
    int (*fn)(void *ctx, const struct placename_row *p);
    void *ctx;
};

static int call_placename(void *ctx, const void *row)
{
    struct each_placename *e = ctx;
    return e->fn(e->ctx, row);
}

struct each_case {
    int (*fn)(void *ctx, const struct placecase_row *c);
    void *ctx;
};

static int call_case(void *ctx, const void *row)
{
    struct each_case *e = ctx;
    return e->fn(e->ctx, row);
}

/* Binds prefixes (n 0: NULL, anywhere) at i. */
static int bind_prefixes(struct dbst *st, int i, const char (*prefixes)[13], int n,
                         struct mz_err *err)
{
    return n > 0 ? db_bind_prefix_list(st, i, prefixes, n, err) : 0;
}

int pls_placename_search(struct db *db, const char *q, const char (*prefixes)[13], int n,
                         const char *class_, bool proposed, int limit, int offset,
                         int (*fn)(void *ctx, const struct placename_row *p), void *ctx,
                         struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PN_SEARCH, err);
    if (!st || bind_prefixes(st, 2, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 1, q ? q : "");
    db_bind_text(st, 3, class_ ? class_ : "");
    db_bind_int(st, 4, limit);
    db_bind_int(st, 5, offset);
    db_bind_int(st, 6, proposed);
    struct each_placename e = {fn, ctx};
    return scan(db, st, sizeof(struct placename_row), read_placename_any, call_placename, &e,
                "查询地名", err);
}

int pls_placename_same(struct db *db, int64_t id, const char *class_, const char *specific,
                       const char *specific_letters, const char (*prefixes)[13], int n,
                       struct placename_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PN_SAME, err);
    if (!st || bind_prefixes(st, 5, prefixes, n, err) < 0)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, class_);
    db_bind_text(st, 3, specific);
    db_bind_text(st, 4, specific_letters);
    int rc = db_step(st);
    if (rc == DB_ROW)
        read_placename(st, out);
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "查询重名地名");
}

int pls_case_add(struct db *db, const struct placecase_row *c, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PC_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, c->kind);
    db_bind_int64(st, 2, c->placename_id);
    const char *texts[] = {c->old_name, c->new_name, c->reasons,   c->applicant,
                           c->division, c->opened_on, c->opened_by, now};
    for (int i = 0; i < 8; i++)
        db_bind_text(st, i + 3, texts[i]);
    return db_insert_id(db, st, id, "登记地名命名更名申请", err);
}

int pls_case_update(struct db *db, const struct placecase_row *c, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PC_UPDATE, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, c->id);
    const char *texts[] = {c->state,      c->approved_on, c->approved_by,  c->document,
                           c->filing_due, c->filed_on,    c->notice_due,   c->announced_on,
                           c->reject_reason, now};
    for (int i = 0; i < 10; i++)
        db_bind_text(st, i + 2, texts[i]);
    return db_exec_stmt(db, st, err);
}

int pls_case_open_for(struct db *db, int64_t placename_id, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PC_OPEN_FOR, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, placename_id);
    return db_one_int(db, st, id, "查询未办结的地名案件", err);
}

int pls_cases(struct db *db, const char (*prefixes)[13], int n, const char *state, int limit,
              int (*fn)(void *ctx, const struct placecase_row *c), void *ctx,
              struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PC_LIST, err);
    if (!st || bind_prefixes(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, state ? state : "");
    db_bind_int(st, 3, limit);
    struct each_case e = {fn, ctx};
    return scan(db, st, sizeof(struct placecase_row), read_case_any, call_case, &e,
                "查询地名命名更名案件", err);
}
