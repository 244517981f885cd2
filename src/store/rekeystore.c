/* The sealed columns (see rekeystore.h), in SQLite's dialect (rowid). The
 * statements are built from the fixed names below, never from input. */
#include "store/rekeystore.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/stmt.h"

static const struct sealed_column columns[] = {
    {"persons", "id_sealed", "身份证号", "id_index"},
    {"persons", "phone", "联系电话", ""},
    {"enrolments", "account_sealed", "银行账号", "account_index"},
    {"devices", "contact_phone", "家属电话", ""},
    {"case_attachments", "content", "申请材料", ""},
    {"sms_outbox", "sealed", "短信", ""},
    {"users", "totp", "动态口令密钥", ""},
    {"users", "holder_sealed", "管理员持有人身份证号", "holder_index"},
    {"marriage_parties", "id_sealed", "婚姻当事人身份证号", "id_index"},
    {"hukou_moves", "message", "结婚落户报文", ""},
    {"notice_pdfs", "pdf", "决定书", ""},
};

const struct sealed_column *rk_columns(size_t *n)
{
    *n = sizeof columns / sizeof *columns;
    return columns;
}

/* Prepares the statement made by printf(fmt, …) from the fixed names of
 * columns[] (quoted by fmt). */
static struct dbst *prepare(struct db *db, struct mz_err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static struct dbst *prepare(struct db *db, struct mz_err *err, const char *fmt, ...)
{
    char sql[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof sql) {
        mz_fail(err, "db_error", "密钥轮换语句过长");
        return NULL;
    }
    return db_prepare(db, sql, "准备密钥轮换语句", err);
}

int rk_epoch_counts(struct db *db, size_t c, int64_t *counts, int ncounts, struct mz_err *err)
{
    const struct sealed_column *col = &columns[c];
    struct dbst *st = prepare(db, err,
                               "SELECT hex(substr(\"%s\", 1, 1)), count(*) FROM \"%s\" "
                               "WHERE \"%s\" IS NOT NULL GROUP BY 1",
                               col->column, col->table, col->column);
    if (!st)
        return -1;
    for (int i = 0; i < ncounts; i++)
        counts[i] = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int e = (int)strtol(db_col_text(st, 0), NULL, 16);
        counts[e > 0 && e < ncounts ? e : 0] += db_col_int64(st, 1);
    }
    db_finalize(st);
    return rc == DB_DONE ? 0 : db_error(db, err, "统计密文的密钥");
}

int rk_stale(struct db *db, size_t c, int epoch, int64_t after, long limit,
             int (*fn)(void *ctx, int64_t rowid, const unsigned char *sealed, int len), void *ctx,
             struct mz_err *err)
{
    const struct sealed_column *col = &columns[c];
    struct dbst *st = prepare(db, err,
                               "SELECT rowid, \"%s\" FROM \"%s\" WHERE rowid > ?1 "
                               "AND \"%s\" IS NOT NULL AND substr(\"%s\", 1, 1) <> ?2 "
                               "ORDER BY rowid LIMIT ?3",
                               col->column, col->table, col->column, col->column);
    if (!st)
        return -1;
    unsigned char e = (unsigned char)epoch;
    db_bind_int64(st, 1, after);
    db_bind_blob_static(st, 2, &e, 1);
    db_bind_int64(st, 3, limit);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop = fn(ctx, db_col_int64(st, 0), db_col_blob(st, 1),
                  db_col_bytes(st, 1));
    db_finalize(st);
    if (stop)
        return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取待轮换的密文");
}

int rk_put(struct db *db, size_t c, const struct rk_value *v, size_t n, struct mz_err *err)
{
    const struct sealed_column *col = &columns[c];
    bool index = col->index[0] != '\0';
    struct dbst *st =
        index ? prepare(db, err, "UPDATE \"%s\" SET \"%s\" = ?2, \"%s\" = ?3 WHERE rowid = ?1",
                        col->table, col->column, col->index)
              : prepare(db, err, "UPDATE \"%s\" SET \"%s\" = ?2 WHERE rowid = ?1", col->table,
                        col->column);
    if (!st)
        return -1;
    int rc = DB_DONE;
    for (size_t i = 0; rc == DB_DONE && i < n; i++) {
        db_reset(st);
        db_bind_int64(st, 1, v[i].rowid);
        db_bind_blob_static(st, 2, v[i].sealed, v[i].len);
        if (index)
            db_bind_blob_static(st, 3, v[i].index, 16);
        rc = db_step(st);
    }
    db_finalize(st);
    return rc == DB_DONE ? 0 : db_error(db, err, "写入轮换后的密文");
}
