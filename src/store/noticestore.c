/* Decision notices in SQLite. */
#include "store/noticestore.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/stmt.h"

int ns_next_seq(struct db *db, int year, int *seq, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_N_NEXT_SEQ, err);
    if (!st)
        return -1;
    db_bind_int(st, 1, year);
    if (db_step(st) != DB_ROW) {
        db_reset(st);
        return db_error(db, err, "读取决定书序号");
    }
    *seq = db_col_int(st, 0);
    db_reset(st);
    return 0;
}

int ns_add(struct db *db, const struct notice_row *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_N_INSERT, err);
    if (!st)
        return -1;
    char as_of[11], effective[11], issued[11], now[32];
    date_format(n->as_of, as_of);
    date_format(n->effective, effective);
    date_format(n->issued, issued);
    db_now(now);
    db_bind_text(st, 1, n->number);
    db_bind_int(st, 2, n->year);
    db_bind_int(st, 3, n->seq);
    db_bind_int64(st, 4, n->household_id);
    db_bind_text(st, 5, n->program);
    db_bind_text(st, 6, n->decision);
    db_bind_int64(st, 7, n->amount);
    db_bind_text(st, 8, as_of);
    db_bind_text(st, 9, effective);
    db_bind_text(st, 10, issued);
    db_bind_text(st, 11, n->policy_version);
    db_bind_text(st, 12, n->sm3);
    db_bind_text(st, 13, n->text);
    db_bind_text(st, 14, now);
    if (n->ofd_sm3[0])
        db_bind_text(st, 15, n->ofd_sm3);
    if (n->verify_code[0])
        db_bind_text(st, 16, n->verify_code);
    return db_exec_stmt(db, st, err);
}

int ns_by_sm3(struct db *db, const char *sm3, struct notice_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_N_BY_SM3, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, sm3);
    int rc = db_step(st);
    if (rc == DB_DONE) {
        db_reset(st);
        return 0;
    }
    if (rc != DB_ROW) {
        db_reset(st);
        return db_error(db, err, "查找决定书");
    }
    memset(out, 0, sizeof *out);
    snprintf(out->number, sizeof out->number, "%s", db_col_text(st, 0));
    snprintf(out->hh_no, sizeof out->hh_no, "%s", db_col_text(st, 1));
    snprintf(out->program, sizeof out->program, "%s", db_col_text(st, 2));
    snprintf(out->decision, sizeof out->decision, "%s", db_col_text(st, 3));
    out->amount = db_col_int64(st, 4);
    out->issued = date_parse(db_col_text(st, 5));
    snprintf(out->sm3, sizeof out->sm3, "%s", db_col_text(st, 6));
    snprintf(out->ofd_sm3, sizeof out->ofd_sm3, "%s", db_col_text(st, 7));
    db_reset(st);
    return 1;
}

/* Copies line k (0-based) of text into out. */
static void text_line(const char *text, int k, char *out, size_t cap)
{
    for (; k > 0 && text; k--)
        text = (text = strchr(text, '\n')) ? text + 1 : NULL;
    size_t n = text ? strcspn(text, "\n") : 0;
    snprintf(out, cap, "%.*s", (int)n, text ? text : "");
}

int ns_by_code(struct db *db, const char *code, struct notice_public *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_N_BY_CODE, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    int rc = db_step(st);
    if (rc != DB_ROW) {
        db_reset(st);
        return rc == DB_DONE ? 0 : db_error(db, err, "查找决定书");
    }
    memset(out, 0, sizeof *out);
    snprintf(out->number, sizeof out->number, "%s", db_col_text(st, 0));
    /* the notice's first lines: the bureau, then the title */
    text_line(db_col_text(st, 1), 0, out->issuer, sizeof out->issuer);
    text_line(db_col_text(st, 1), 1, out->title, sizeof out->title);
    out->issued = date_parse(db_col_text(st, 2));
    snprintf(out->sm3, sizeof out->sm3, "%s", db_col_text(st, 3));
    snprintf(out->ofd_sm3, sizeof out->ofd_sm3, "%s", db_col_text(st, 4));
    snprintf(out->superseded_by, sizeof out->superseded_by, "%s", db_col_text(st, 5));
    db_reset(st);
    return 1;
}

/* Copies a blob column into a new buffer. */
static unsigned char *blob(struct dbst *st, int i, size_t *len)
{
    *len = (size_t)db_col_bytes(st, i);
    unsigned char *p = mz_malloc(*len ? *len : 1);
    if (p && *len)
        memcpy(p, db_col_blob(st, i), *len);
    return p;
}

void ns_seal_free(struct seal_row *s)
{
    mz_free(s->cert);
    mz_free(s->picture);
    mz_free(s->seal);
    s->cert = s->picture = s->seal = NULL;
}

int ns_seal_find(struct db *db, const char *name, mz_date on,
                 int (*fn)(void *ctx, const struct seal_row *s), void *ctx, struct seal_row *out,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SEAL_VALID, err);
    if (!st)
        return -1;
    char day[11];
    date_format(on, day);
    db_bind_text(st, 1, name);
    db_bind_text(st, 2, day);
    int rc, found = 0;
    while (!found && (rc = db_step(st)) == DB_ROW) {
        struct seal_row s = {.id = db_col_int64(st, 0)};
        snprintf(s.esid, sizeof s.esid, "%s", db_col_text(st, 1));
        s.cert = blob(st, 2, &s.cert_len);
        s.picture = blob(st, 3, &s.picture_len);
        s.seal = blob(st, 4, &s.seal_len);
        if (!s.cert || !s.picture || !s.seal) {
            ns_seal_free(&s);
            db_reset(st);
            return mz_fail(err, "out_of_memory", "内存不足");
        }
        found = fn(ctx, &s);
        if (found)
            *out = s;
        else
            ns_seal_free(&s);
    }
    if (!found && rc != DB_DONE) {
        db_reset(st);
        return db_error(db, err, "查找印章");
    }
    db_reset(st);
    return found;
}

int ns_seal_next(struct db *db, int64_t *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SEAL_NEXT, err);
    return st ? db_one_int(db, st, n, "读取印章序号", err) : -1;
}

int ns_seal_add(struct db *db, const struct seal_row *s, const char *name, mz_date from, mz_date to,
                const char *actor, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SEAL_INSERT, err);
    if (!st)
        return -1;
    char f[11], t[11], now[32];
    date_format(from, f);
    date_format(to, t);
    db_now(now);
    db_bind_text(st, 1, s->esid);
    db_bind_text(st, 2, name);
    db_bind_blob_static(st, 3, s->cert, s->cert_len);
    db_bind_blob_static(st, 4, s->picture, s->picture_len);
    db_bind_blob_static(st, 5, s->seal, s->seal_len);
    db_bind_text(st, 6, f);
    db_bind_text(st, 7, t);
    db_bind_text(st, 8, now);
    db_bind_text(st, 9, actor);
    return db_exec_stmt(db, st, err);
}

int ns_current_amount(struct db *db, int64_t household_id, const char *program,
                      int64_t *amount, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_N_LAST_AMOUNT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    db_bind_text(st, 2, program);
    int rc = db_step(st);
    if (rc != DB_ROW && rc != DB_DONE) {
        db_reset(st);
        return db_error(db, err, "查找上一份决定书");
    }
    int found = rc == DB_ROW && strcmp(db_col_text(st, 0), "stop") != 0;
    if (found)
        *amount = db_col_int64(st, 1);
    db_reset(st);
    return found;
}

int ns_of_household(struct db *db, int64_t household_id,
                    int (*fn)(void *ctx, const struct notice_row *n), void *ctx,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_NOTICE_OF_HH, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW) {
        struct notice_row n = {.household_id = household_id};
        snprintf(n.number, sizeof n.number, "%s", db_col_text(st, 0));
        snprintf(n.program, sizeof n.program, "%s", db_col_text(st, 1));
        snprintf(n.decision, sizeof n.decision, "%s", db_col_text(st, 2));
        n.amount = db_col_int64(st, 3);
        n.as_of = date_parse(db_col_text(st, 4));
        n.effective = date_parse(db_col_text(st, 5));
        n.issued = date_parse(db_col_text(st, 6));
        snprintf(n.sm3, sizeof n.sm3, "%s", db_col_text(st, 7));
        n.text = db_col_text(st, 8);
        snprintf(n.verify_code, sizeof n.verify_code, "%s", db_col_text(st, 9));
        n.pdf_online = db_col_int(st, 10) != 0;
        result = fn(ctx, &n);
    }
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取决定书");
    db_reset(st);
    return result;
}

int ns_pdf_put(struct db *db, const char *sm3, const unsigned char *sealed, size_t n,
               struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_N_PDF_PUT, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, sm3);
    db_bind_blob(st, 2, sealed, (int)n);
    return db_exec_stmt(db, st, err);
}

int ns_pdf_get(struct db *db, const char *sm3, unsigned char **sealed, size_t *n,
               struct mz_err *err)
{
    *sealed = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_N_PDF_GET, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, sm3);
    int rc = db_step(st), found = 0;
    if (rc == DB_ROW) {
        *n = (size_t)db_col_bytes(st, 0);
        if (!(*sealed = mz_malloc(*n ? *n : 1))) {
            db_reset(st);
            return mz_fail(err, "out_of_memory", "内存不足");
        }
        memcpy(*sealed, db_col_blob(st, 0), *n);
        found = 1;
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? found : db_error(db, err, "读取决定书文件");
}
