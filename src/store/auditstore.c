/* Audit log rows in SQLite. */
#include "store/auditstore.h"

#include <stdio.h>
#include <string.h>

#include "store/stmt.h"

/* Copies a blob column of exactly n bytes; false if absent or of another
 * size (then *malformed is set unless the column is NULL). */
static bool read_blob(struct dbst *st, int i, unsigned char *out, int n, bool *malformed)
{
    const void *p = db_col_blob(st, i);
    if (!p || db_col_bytes(st, i) != n) {
        *malformed = *malformed || db_col_type(st, i) != DB_NULL;
        memset(out, 0, (size_t)n);
        return false;
    }
    memcpy(out, p, (size_t)n);
    return true;
}

int as_head(struct db *db, int64_t *seq, unsigned char mac[AUDIT_MAC_LEN], struct mz_err *err)
{
    struct db_cache *c = db_tx_cache(db);
    if (c && c->audit_known) {
        *seq = c->audit_seq;
        memcpy(mac, c->audit_mac, AUDIT_MAC_LEN);
        return c->audit_seq > 0;
    }
    struct dbst *st = db_stmt(db, SQL_A_HEAD, err);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *seq = db_col_int64(st, 0);
        bool malformed = false;
        read_blob(st, 1, mac, AUDIT_MAC_LEN, &malformed);
        db_reset(st);
        return 1;
    }
    db_reset(st);
    return rc == DB_DONE ? 0 : db_error(db, err, "读取审计日志");
}

static void bind_blob(struct dbst *st, int i, bool has, const unsigned char *p, int n)
{
    if (has)
        db_bind_blob(st, i, p, n);
    else
        db_bind_null(st, i);
}

int as_insert(struct db *db, const struct audit_row *r, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_A_INSERT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, r->seq);
    db_bind_text(st, 2, r->at);
    db_bind_text(st, 3, r->actor);
    db_bind_text(st, 4, r->action);
    db_bind_text(st, 5, r->entity);
    db_bind_text(st, 6, r->entity_id);
    bind_blob(st, 7, r->has_before, r->before, AUDIT_DIGEST_LEN);
    bind_blob(st, 8, r->has_after, r->after, AUDIT_DIGEST_LEN);
    db_bind_text(st, 9, r->detail);
    bind_blob(st, 10, true, r->mac, AUDIT_MAC_LEN);
    db_bind_int(st, 11, r->key_epoch);
    if (db_exec_stmt(db, st, err) < 0)
        return -1;
    struct db_cache *c = db_tx_cache(db);
    if (c) {
        c->audit_known = true;
        c->audit_seq = r->seq;
        memcpy(c->audit_mac, r->mac, AUDIT_MAC_LEN);
    }
    return 0;
}

int as_mac_at(struct db *db, int64_t seq, unsigned char mac[AUDIT_MAC_LEN], struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_A_MAC_AT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, seq);
    int rc = db_step(st);
    bool malformed = false;
    int found = rc == DB_ROW && read_blob(st, 0, mac, AUDIT_MAC_LEN, &malformed);
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? found : db_error(db, err, "读取审计日志");
}

int as_anchor_last(struct db *db, struct audit_anchor *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_A_ANCHOR_LAST, err);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        bool bad = false;
        out->seq = db_col_int64(st, 0);
        if (!read_blob(st, 1, out->mac, AUDIT_MAC_LEN, &bad) || bad)
            memset(out->mac, 0, AUDIT_MAC_LEN);
        snprintf(out->entry_at, sizeof out->entry_at, "%s", db_col_text(st, 2));
        snprintf(out->purged_at, sizeof out->purged_at, "%s", db_col_text(st, 3));
        snprintf(out->signature, sizeof out->signature, "%s", db_col_text(st, 4));
    }
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return db_error(db, err, "读取审计日志清理记录");
    return rc == DB_ROW;
}

int as_anchor_add(struct db *db, const struct audit_anchor *a, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_A_ANCHOR_ADD, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, a->seq);
    db_bind_blob_static(st, 2, a->mac, AUDIT_MAC_LEN);
    db_bind_text(st, 3, a->entry_at);
    db_bind_text(st, 4, a->purged_at);
    db_bind_text(st, 5, a->signature);
    return db_exec_stmt(db, st, err);
}

int as_last_before(struct db *db, const char *cutoff, int64_t *seq, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_A_LAST_BEFORE, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, cutoff);
    return db_one_int(db, st, seq, "查找待清理的审计日志", err) < 0 ? -1 : 0;
}

int as_delete_upto(struct db *db, int64_t seq, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_A_DELETE_UPTO, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, seq);
    return db_exec_stmt(db, st, err);
}

int as_scan(struct db *db, int (*fn)(void *ctx, const struct audit_row *row), void *ctx,
            struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_A_ALL, err);
    if (!st)
        return -1;
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW) {
        struct audit_row r = {.seq = db_col_int64(st, 0),
                              .at = db_col_text(st, 1),
                              .actor = db_col_text(st, 2),
                              .action = db_col_text(st, 3),
                              .entity = db_col_text(st, 4),
                              .entity_id = db_col_text(st, 5),
                              .detail = db_col_text(st, 8),
                              .key_epoch = db_col_int(st, 10)};
        r.has_before = read_blob(st, 6, r.before, AUDIT_DIGEST_LEN, &r.malformed);
        r.has_after = read_blob(st, 7, r.after, AUDIT_DIGEST_LEN, &r.malformed);
        if (!read_blob(st, 9, r.mac, AUDIT_MAC_LEN, &r.malformed))
            r.malformed = true;
        result = fn(ctx, &r);
    }
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取审计日志");
    db_reset(st);
    return result;
}

static void bind_filter(struct dbst *st, const struct audit_filter *f)
{
    db_bind_text(st, 1, f->actor ? f->actor : "");
    db_bind_text(st, 2, f->action ? f->action : "");
    db_bind_text(st, 3, f->from ? f->from : "");
    db_bind_text(st, 4, f->to ? f->to : "");
    db_bind_int(st, 5, f->security);
    db_bind_int(st, 6, f->admins);
}

int as_query(struct db *db, const struct audit_filter *f, long limit, long offset,
             int (*fn)(void *ctx, const struct audit_view *v), void *ctx, long *total,
             struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_A_QUERY_COUNT, err);
    if (!st)
        return -1;
    bind_filter(st, f);
    int rc = db_step(st);
    *total = rc == DB_ROW ? (long)db_col_int64(st, 0) : 0;
    db_reset(st);
    if (rc != DB_ROW)
        return db_error(db, err, "读取审计日志");
    if (!(st = db_stmt(db, SQL_A_QUERY, err)))
        return -1;
    bind_filter(st, f);
    db_bind_int64(st, 7, limit);
    db_bind_int64(st, 8, offset);
    int result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW) {
        struct audit_view v = {db_col_int64(st, 0), db_col_text(st, 1),
                               db_col_text(st, 2),          db_col_text(st, 3),
                               db_col_text(st, 4),          db_col_text(st, 5),
                               db_col_text(st, 6),          db_col_text(st, 7)};
        result = fn(ctx, &v);
    }
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取审计日志");
    db_reset(st);
    return result;
}
