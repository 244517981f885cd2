/* The residents' portal's rows in SQLite (portalstore.h). */
#include "store/portalstore.h"

#include <stdio.h>
#include <string.h>

#include "store/stmt.h"

int ps_code_insert(struct db *db, const unsigned char idx[16], const struct code_row *c,
                   int64_t created, int64_t expires, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_RC_INSERT, err);
    if (!st) return -1;
    db_bind_blob_static(st, 1, idx, 16);
    db_bind_int64(st, 2, c->person_id);
    db_bind_text(st, 3, c->salt);
    db_bind_text(st, 4, c->code_hash);
    db_bind_int64(st, 5, created);
    db_bind_int64(st, 6, expires);
    return db_exec_stmt(db, st, err);
}

int ps_codes_since(struct db *db, const unsigned char idx[16], int64_t since, long *n,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_RC_RECENT, err);
    if (!st) return -1;
    db_bind_blob_static(st, 1, idx, 16);
    db_bind_int64(st, 2, since);
    int rc = db_step(st);
    *n = rc == DB_ROW ? (long)db_col_int64(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? 0 : db_error(db, err, "统计验证码");
}

int ps_code_live(struct db *db, const unsigned char idx[16], int64_t now, struct code_row *out,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_RC_LIVE, err);
    if (!st) return -1;
    db_bind_blob_static(st, 1, idx, 16);
    db_bind_int64(st, 2, now);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->id = db_col_int64(st, 0);
        out->person_id = db_col_int64(st, 1);
        snprintf(out->salt, sizeof out->salt, "%s", db_col_text(st, 2));
        snprintf(out->code_hash, sizeof out->code_hash, "%s", db_col_text(st, 3));
        out->tries = db_col_int(st, 4);
    }
    db_reset(st);
    if (rc == DB_ROW) return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取验证码");
}

int ps_code_try(struct db *db, int64_t id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_RC_TRY, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    return db_exec_stmt(db, st, err);
}

int ps_codes_used(struct db *db, const unsigned char idx[16], struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_RC_USE, err);
    if (!st) return -1;
    db_bind_blob_static(st, 1, idx, 16);
    return db_exec_stmt(db, st, err);
}

int ps_sms_insert(struct db *db, const unsigned char *sealed, size_t n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SMS_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_blob_static(st, 1, sealed, n);
    db_bind_text(st, 2, now);
    return db_exec_stmt(db, st, err);
}

int ps_sms_scan(struct db *db, int all,
                int (*fn)(void *ctx, int64_t id, const unsigned char *sealed, size_t n,
                          const char *created_at, const char *sent_at),
                void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SMS_LIST, err);
    if (!st) return -1;
    db_bind_int(st, 1, all);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = fn(ctx, db_col_int64(st, 0), db_col_blob(st, 1),
                    (size_t)db_col_bytes(st, 1), db_col_text(st, 2), db_col_text(st, 3));
    if (result == 0 && rc != DB_DONE) result = db_error(db, err, "读取短信发件箱");
    db_reset(st);
    return result;
}

int ps_sms_sent(struct db *db, int64_t id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SMS_SENT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, now);
    return db_exec_stmt(db, st, err);
}

int ps_session_insert(struct db *db, const char *token_hash, int64_t person_id, int64_t created,
                      int64_t expires, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_RS_INSERT, err);
    if (!st) return -1;
    db_bind_text(st, 1, token_hash);
    db_bind_int64(st, 2, person_id);
    db_bind_int64(st, 3, created);
    db_bind_int64(st, 4, expires);
    return db_exec_stmt(db, st, err);
}

int ps_session_get(struct db *db, const char *token_hash, int64_t *person_id, int64_t *expires,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_RS_GET, err);
    if (!st) return -1;
    db_bind_text(st, 1, token_hash);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *person_id = db_col_int64(st, 0);
        *expires = db_col_int64(st, 1);
    }
    db_reset(st);
    if (rc == DB_ROW) return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取居民会话");
}

static int exec_text(struct db *db, enum sql_id id, const char *text, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, id, err);
    if (!st) return -1;
    db_bind_text(st, 1, text);
    return db_exec_stmt(db, st, err);
}

int ps_session_delete(struct db *db, const char *token_hash, struct mz_err *err)
{
    return exec_text(db, SQL_RS_DELETE, token_hash, err);
}

int ps_session_purge(struct db *db, int64_t now, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_RS_PURGE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, now);
    return db_exec_stmt(db, st, err);
}
