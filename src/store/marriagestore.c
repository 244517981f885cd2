/* 婚姻登记 in SQLite (see marriagestore.h). */
#include "store/marriagestore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/scan.h"

/* ---- registrations ---------------------------------------------------- */

int ms_marriage_insert(struct db *db, struct marriage_row *m, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MAR_INSERT, err);
    if (!st)
        return -1;
    db_now(m->recorded_at);
    db_bind_text(st, 1, m->office);
    db_bind_text(st, 2, m->registered_on);
    db_bind_text(st, 3, m->cert_no);
    db_bind_int(st, 4, m->archived);
    db_bind_int64(st, 5, m->appointment_id);
    db_bind_text(st, 6, m->recorded_by);
    db_bind_text(st, 7, m->recorded_at);
    snprintf(m->state, sizeof m->state, "married");
    return db_insert_id(db, st, &m->id, "登记结婚", err);
}

int ms_party_insert(struct db *db, int64_t marriage_id, const struct mparty_row *p,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MAR_PARTY_INSERT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, marriage_id);
    db_bind_int(st, 2, p->sex);
    db_bind_blob_static(st, 3, p->id_index, sizeof p->id_index);
    db_bind_blob_static(st, 4, p->id_sealed, p->id_sealed_len);
    db_bind_text(st, 5, p->id_masked);
    db_bind_text(st, 6, p->name);
    db_bind_text(st, 7, p->birth);
    db_bind_int64(st, 8, p->person_id);
    db_bind_text(st, 9, p->declaration_sm3);
    db_bind_int(st, 10, p->illness_disclosed);
    return db_exec_stmt(db, st, err);
}

static void marriage_read(struct dbst *st, void *row)
{
    struct marriage_row *m = row;
    memset(m, 0, sizeof *m);
    m->id = db_col_int64(st, 0);
    copy(st, 1, m->office, sizeof m->office);
    copy(st, 2, m->registered_on, sizeof m->registered_on);
    copy(st, 3, m->cert_no, sizeof m->cert_no);
    copy(st, 4, m->state, sizeof m->state);
    copy(st, 5, m->ended_on, sizeof m->ended_on);
    copy(st, 6, m->end_note, sizeof m->end_note);
    m->archived = db_col_int(st, 7) != 0;
    m->appointment_id = db_col_int64(st, 8);
    copy(st, 9, m->recorded_by, sizeof m->recorded_by);
    copy(st, 10, m->recorded_at, sizeof m->recorded_at);
    copy(st, 11, m->man_name, sizeof m->man_name);
    copy(st, 12, m->man_masked, sizeof m->man_masked);
    copy(st, 13, m->woman_name, sizeof m->woman_name);
    copy(st, 14, m->woman_masked, sizeof m->woman_masked);
}

int ms_marriage_get(struct db *db, int64_t id, struct marriage_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MAR_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    return one(db, st, marriage_read, out, "读取婚姻登记", err);
}

int ms_marriage_by_cert(struct db *db, const char *cert_no, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MAR_BY_CERT, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, cert_no);
    return db_one_int(db, st, id, "按证件字号查找婚姻登记", err);
}

static void party_read(struct dbst *st, void *row)
{
    struct mparty_row *p = row;
    memset(p, 0, sizeof *p);
    p->sex = db_col_int(st, 0);
    copy(st, 1, p->id_masked, sizeof p->id_masked);
    copy(st, 2, p->name, sizeof p->name);
    copy(st, 3, p->birth, sizeof p->birth);
    p->person_id = db_col_int64(st, 4);
    copy(st, 5, p->declaration_sm3, sizeof p->declaration_sm3);
    p->illness_disclosed = db_col_int(st, 6) != 0;
    int n = db_col_bytes(st, 7);
    if (n > 0 && (size_t)n <= sizeof p->id_sealed) {
        memcpy(p->id_sealed, db_col_blob(st, 7), (size_t)n);
        p->id_sealed_len = n;
    }
    if (db_col_bytes(st, 8) == (int)sizeof p->id_index)
        memcpy(p->id_index, db_col_blob(st, 8), sizeof p->id_index);
}

int ms_party_get(struct db *db, int64_t marriage_id, int sex, struct mparty_row *out,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MAR_PARTY_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, marriage_id);
    db_bind_int(st, 2, sex);
    return one(db, st, party_read, out, "读取婚姻当事人", err);
}

static int bind_filter(struct dbst *st, const struct ms_filter *f, struct mz_err *err)
{
    if (bind_scope(st, 1, f->prefixes, f->nprefixes, err) < 0)
        return -1;
    db_bind_text(st, 2, f->state ? f->state : "");
    db_bind_text(st, 3, f->q ? f->q : "");
    db_bind_int(st, 4, f->registered_only);
    return 0;
}

int ms_marriage_list(struct db *db, const struct ms_filter *f, long page, long per_page,
                     int (*fn)(void *ctx, const struct marriage_row *m), void *ctx,
                     int64_t *total, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MAR_COUNT, err);
    *total = 0;
    if (!st || bind_filter(st, f, err) < 0 || db_one_int(db, st, total, "统计婚姻登记", err) < 0)
        return -1;
    if (!(st = db_stmt(db, SQL_MAR_LIST, err)) || bind_filter(st, f, err) < 0)
        return -1;
    db_bind_int64(st, 5, per_page);
    db_bind_int64(st, 6, (page - 1) * per_page);
    int rc;
    SCAN(rc, db, st, struct marriage_row, marriage_read, fn, ctx, "列出婚姻登记", err);
    return rc;
}

int ms_marriage_end(struct db *db, int64_t id, const char *state, const char *ended_on,
                    const char *note, bool *changed, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MAR_END, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, state);
    db_bind_text(st, 3, ended_on);
    db_bind_text(st, 4, note);
    return changed_stmt(db, st, changed, err);
}

static void of_person_read(struct dbst *st, void *row)
{
    struct ms_of_person *m = row;
    memset(m, 0, sizeof *m);
    m->marriage_id = db_col_int64(st, 0);
    copy(st, 1, m->registered_on, sizeof m->registered_on);
    copy(st, 2, m->state, sizeof m->state);
    copy(st, 3, m->ended_on, sizeof m->ended_on);
    m->sex = db_col_int(st, 4);
}

int ms_marriages_of_index(struct db *db, const unsigned char index[16],
                          int (*fn)(void *ctx, const struct ms_of_person *m), void *ctx,
                          struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MAR_OF_INDEX, err);
    if (!st)
        return -1;
    db_bind_blob_static(st, 1, index, 16);
    int rc;
    SCAN(rc, db, st, struct ms_of_person, of_person_read, fn, ctx, "查询婚姻登记档案", err);
    return rc;
}

int ms_marriage_stats(struct db *db, const char (*prefixes)[13], int n, const char *since,
                      struct ms_stats *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct dbst *st = db_stmt(db, SQL_MAR_STATS, err);
    if (!st || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, since);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->total = db_col_int64(st, 0);
        out->married = db_col_int64(st, 1);
        out->since = db_col_int64(st, 2);
        out->registered = db_col_int64(st, 3);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(db, err, "统计婚姻登记");
}

/* ---- certificate numbers ---------------------------------------------- */

int ms_cert_next(struct db *db, const char *kind, const char *office, int year, int *seq,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CERT_NEXT, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, office);
    db_bind_int(st, 3, year);
    int64_t n = 1;
    if (db_one_int(db, st, &n, "取证件流水号", err) < 0)
        return -1;
    *seq = (int)n;
    return 0;
}

int ms_cert_insert(struct db *db, const struct cert_row *c, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CERT_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, c->number);
    db_bind_text(st, 2, c->kind);
    db_bind_text(st, 3, c->office);
    db_bind_int(st, 4, c->year);
    db_bind_int(st, 5, c->seq);
    db_bind_int64(st, 6, c->marriage_id);
    db_bind_int64(st, 7, c->divorce_id);
    db_bind_int(st, 8, c->holder_sex);
    db_bind_text(st, 9, c->replaces);
    db_bind_text(st, 10, c->issued_on);
    db_bind_text(st, 11, c->issued_by);
    db_bind_text(st, 12, now);
    return db_exec_stmt(db, st, err);
}

static void cert_read(struct dbst *st, void *row)
{
    struct cert_row *c = row;
    memset(c, 0, sizeof *c);
    copy(st, 0, c->number, sizeof c->number);
    copy(st, 1, c->kind, sizeof c->kind);
    copy(st, 2, c->office, sizeof c->office);
    c->year = db_col_int(st, 3);
    c->seq = db_col_int(st, 4);
    c->marriage_id = db_col_int64(st, 5);
    c->divorce_id = db_col_int64(st, 6);
    c->holder_sex = db_col_int(st, 7);
    copy(st, 8, c->replaces, sizeof c->replaces);
    copy(st, 9, c->issued_on, sizeof c->issued_on);
    copy(st, 10, c->issued_by, sizeof c->issued_by);
    copy(st, 11, c->pdf_sm3, sizeof c->pdf_sm3);
    copy(st, 12, c->created_at, sizeof c->created_at);
}

int ms_cert_get(struct db *db, const char *number, struct cert_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CERT_GET, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, number);
    return one(db, st, cert_read, out, "读取证件", err);
}

int ms_certs_of(struct db *db, int64_t marriage_id,
                int (*fn)(void *ctx, const struct cert_row *c), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CERTS_OF, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, marriage_id);
    int rc;
    SCAN(rc, db, st, struct cert_row, cert_read, fn, ctx, "读取证件", err);
    return rc;
}

int ms_cert_set_pdf(struct db *db, const char *number, const char *sm3, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CERT_PDF, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, number);
    db_bind_text(st, 2, sm3);
    return db_exec_stmt(db, st, err);
}

static void number_read(struct dbst *st, void *row)
{
    snprintf(row, 32, "%s", db_col_text(st, 0));
}

int ms_cert_by_pdf(struct db *db, const char *sm3, char number[32], struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CERT_BY_PDF, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, sm3);
    return one(db, st, number_read, number, "查找证件", err);
}

/* ---- divorces ---------------------------------------------------------- */

int ms_divorce_insert(struct db *db, struct divorce_row *d, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DVC_INSERT, err);
    if (!st)
        return -1;
    db_now(d->recorded_at);
    db_bind_int64(st, 1, d->marriage_id);
    db_bind_text(st, 2, d->office);
    db_bind_text(st, 3, d->applied_on);
    db_bind_text(st, 4, d->cooling_ends);
    db_bind_text(st, 5, d->appear_from);
    db_bind_text(st, 6, d->appear_by);
    db_bind_int(st, 7, d->provisional);
    db_bind_text(st, 8, d->agreement_sm3);
    db_bind_text(st, 9, d->recorded_by);
    db_bind_text(st, 10, d->recorded_at);
    snprintf(d->state, sizeof d->state, "cooling");
    return db_insert_id(db, st, &d->id, "登记离婚申请", err);
}

static void divorce_read(struct dbst *st, void *row)
{
    struct divorce_row *d = row;
    memset(d, 0, sizeof *d);
    d->id = db_col_int64(st, 0);
    d->marriage_id = db_col_int64(st, 1);
    copy(st, 2, d->office, sizeof d->office);
    copy(st, 3, d->applied_on, sizeof d->applied_on);
    copy(st, 4, d->cooling_ends, sizeof d->cooling_ends);
    copy(st, 5, d->appear_from, sizeof d->appear_from);
    copy(st, 6, d->appear_by, sizeof d->appear_by);
    d->provisional = db_col_int(st, 7) != 0;
    copy(st, 8, d->state, sizeof d->state);
    copy(st, 9, d->agreement_sm3, sizeof d->agreement_sm3);
    copy(st, 10, d->ended_on, sizeof d->ended_on);
    d->withdrawn_by = db_col_int(st, 11);
    copy(st, 12, d->cert_no, sizeof d->cert_no);
    copy(st, 13, d->recorded_by, sizeof d->recorded_by);
    copy(st, 14, d->recorded_at, sizeof d->recorded_at);
    copy(st, 15, d->man_name, sizeof d->man_name);
    copy(st, 16, d->man_masked, sizeof d->man_masked);
    copy(st, 17, d->woman_name, sizeof d->woman_name);
    copy(st, 18, d->woman_masked, sizeof d->woman_masked);
    copy(st, 19, d->marriage_cert, sizeof d->marriage_cert);
}

int ms_divorce_get(struct db *db, int64_t id, struct divorce_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DVC_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    return one(db, st, divorce_read, out, "读取离婚登记", err);
}

int ms_divorces_of(struct db *db, int64_t marriage_id,
                   int (*fn)(void *ctx, const struct divorce_row *d), void *ctx,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DVC_OF_MARRIAGE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, marriage_id);
    int rc;
    SCAN(rc, db, st, struct divorce_row, divorce_read, fn, ctx, "读取离婚登记", err);
    return rc;
}

int ms_divorce_end(struct db *db, int64_t id, const char *state, const char *ended_on,
                   int withdrawn_by, const char *cert_no, bool *changed, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DVC_END, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, state);
    db_bind_text(st, 3, ended_on);
    db_bind_int(st, 4, withdrawn_by);
    db_bind_text(st, 5, cert_no ? cert_no : "");
    return changed_stmt(db, st, changed, err);
}

int ms_divorce_list(struct db *db, const char (*prefixes)[13], int n, const char *state,
                    long page, long per_page, int (*fn)(void *ctx, const struct divorce_row *d),
                    void *ctx, int64_t *total, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DVC_COUNT, err);
    *total = 0;
    if (!st || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, state ? state : "");
    if (db_one_int(db, st, total, "统计离婚登记", err) < 0)
        return -1;
    if (!(st = db_stmt(db, SQL_DVC_LIST, err)) || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, state ? state : "");
    db_bind_int64(st, 3, per_page);
    db_bind_int64(st, 4, (page - 1) * per_page);
    int rc;
    SCAN(rc, db, st, struct divorce_row, divorce_read, fn, ctx, "列出离婚登记", err);
    return rc;
}

int ms_divorces_lapsing(struct db *db, const char *day, int64_t **ids, size_t *n,
                        struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DVC_LAPSING, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, day);
    return db_collect_ids(db, st, ids, n, "查找逾期未申请发证的离婚登记", err);
}

int ms_counsel_insert(struct db *db, int64_t divorce_id, struct counsel_row *c,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CNS_INSERT, err);
    if (!st)
        return -1;
    db_now(c->recorded_at);
    db_bind_int64(st, 1, divorce_id);
    db_bind_text(st, 2, c->day);
    db_bind_text(st, 3, c->outcome);
    db_bind_text(st, 4, c->counsellor);
    db_bind_text(st, 5, c->note);
    db_bind_text(st, 6, c->recorded_by);
    db_bind_text(st, 7, c->recorded_at);
    return db_insert_id(db, st, &c->id, "登记婚姻家庭辅导", err);
}

static void counsel_read(struct dbst *st, void *row)
{
    struct counsel_row *c = row;
    memset(c, 0, sizeof *c);
    c->id = db_col_int64(st, 0);
    copy(st, 1, c->day, sizeof c->day);
    copy(st, 2, c->outcome, sizeof c->outcome);
    copy(st, 3, c->counsellor, sizeof c->counsellor);
    copy(st, 4, c->note, sizeof c->note);
    copy(st, 5, c->recorded_by, sizeof c->recorded_by);
    copy(st, 6, c->recorded_at, sizeof c->recorded_at);
}

int ms_counsel_of(struct db *db, int64_t divorce_id,
                  int (*fn)(void *ctx, const struct counsel_row *c), void *ctx,
                  struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CNS_OF, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, divorce_id);
    int rc;
    SCAN(rc, db, st, struct counsel_row, counsel_read, fn, ctx, "读取婚姻家庭辅导记录", err);
    return rc;
}

/* ---- refusals ---------------------------------------------------------- */

int ms_refusal_insert(struct db *db, struct refusal_row *r, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MRF_INSERT, err);
    if (!st)
        return -1;
    db_now(r->recorded_at);
    db_bind_text(st, 1, r->kind);
    db_bind_text(st, 2, r->office);
    db_bind_text(st, 3, r->day);
    db_bind_text(st, 4, r->rule);
    db_bind_text(st, 5, r->article);
    db_bind_text(st, 6, r->reason);
    db_bind_text(st, 7, r->parties);
    db_bind_text(st, 8, r->recorded_by);
    db_bind_text(st, 9, r->recorded_at);
    return db_insert_id(db, st, &r->id, "登记不予登记", err);
}

static void refusal_read(struct dbst *st, void *row)
{
    struct refusal_row *r = row;
    memset(r, 0, sizeof *r);
    r->id = db_col_int64(st, 0);
    copy(st, 1, r->kind, sizeof r->kind);
    copy(st, 2, r->office, sizeof r->office);
    copy(st, 3, r->day, sizeof r->day);
    copy(st, 4, r->rule, sizeof r->rule);
    copy(st, 5, r->article, sizeof r->article);
    copy(st, 6, r->reason, sizeof r->reason);
    copy(st, 7, r->parties, sizeof r->parties);
    copy(st, 8, r->recorded_by, sizeof r->recorded_by);
    copy(st, 9, r->recorded_at, sizeof r->recorded_at);
}

int ms_refusal_list(struct db *db, const char (*prefixes)[13], int n, const char *kind,
                    long page, long per_page, int (*fn)(void *ctx, const struct refusal_row *r),
                    void *ctx, int64_t *total, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_MRF_COUNT, err);
    *total = 0;
    if (!st || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, kind ? kind : "");
    if (db_one_int(db, st, total, "统计不予登记", err) < 0)
        return -1;
    if (!(st = db_stmt(db, SQL_MRF_LIST, err)) || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, kind ? kind : "");
    db_bind_int64(st, 3, per_page);
    db_bind_int64(st, 4, (page - 1) * per_page);
    int rc;
    SCAN(rc, db, st, struct refusal_row, refusal_read, fn, ctx, "列出不予登记", err);
    return rc;
}

/* ---- appointments ------------------------------------------------------ */

int ms_appointment_insert(struct db *db, struct appointment_row *a, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_APT_INSERT, err);
    if (!st)
        return -1;
    db_now(a->booked_at);
    db_bind_text(st, 1, a->office);
    db_bind_text(st, 2, a->day);
    db_bind_text(st, 3, a->slot);
    db_bind_text(st, 4, a->kind);
    db_bind_text(st, 5, a->parties);
    db_bind_text(st, 6, a->booked_by);
    db_bind_text(st, 7, a->booked_at);
    snprintf(a->state, sizeof a->state, "booked");
    return db_insert_id(db, st, &a->id, "登记预约", err);
}

int ms_appointment_taken(struct db *db, const char *office, const char *day, const char *slot,
                         int64_t *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_APT_TAKEN, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, office);
    db_bind_text(st, 2, day);
    db_bind_text(st, 3, slot);
    *n = 0;
    return db_one_int(db, st, n, "统计预约", err) < 0 ? -1 : 0;
}

static void appointment_read(struct dbst *st, void *row)
{
    struct appointment_row *a = row;
    memset(a, 0, sizeof *a);
    a->id = db_col_int64(st, 0);
    copy(st, 1, a->office, sizeof a->office);
    copy(st, 2, a->day, sizeof a->day);
    copy(st, 3, a->slot, sizeof a->slot);
    copy(st, 4, a->kind, sizeof a->kind);
    copy(st, 5, a->parties, sizeof a->parties);
    copy(st, 6, a->state, sizeof a->state);
    copy(st, 7, a->booked_by, sizeof a->booked_by);
    copy(st, 8, a->booked_at, sizeof a->booked_at);
}

int ms_appointment_get(struct db *db, int64_t id, struct appointment_row *out,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_APT_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    return one(db, st, appointment_read, out, "读取预约", err);
}

int ms_appointment_state(struct db *db, int64_t id, const char *state, bool *changed,
                         struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_APT_STATE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, state);
    return changed_stmt(db, st, changed, err);
}

int ms_appointment_list(struct db *db, const char (*prefixes)[13], int n, const char *from,
                        const char *to, int (*fn)(void *ctx, const struct appointment_row *a),
                        void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_APT_LIST, err);
    if (!st || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    int rc;
    SCAN(rc, db, st, struct appointment_row, appointment_read, fn, ctx, "列出预约", err);
    return rc;
}

/* ---- 结婚落户一件事 ---------------------------------------------------- */

int ms_hukou_insert(struct db *db, struct hukou_row *h, const unsigned char *message, size_t len,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_HK_INSERT, err);
    if (!st)
        return -1;
    db_now(h->created_at);
    snprintf(h->updated_at, sizeof h->updated_at, "%s", h->created_at);
    db_bind_int64(st, 1, h->marriage_id);
    db_bind_int(st, 2, h->mover_sex);
    db_bind_int64(st, 3, h->to_household_id);
    db_bind_blob_static(st, 4, message, (int)len);
    db_bind_text(st, 5, h->message_sm3);
    db_bind_text(st, 6, h->due);
    db_bind_text(st, 7, h->created_by);
    db_bind_text(st, 8, h->created_at);
    snprintf(h->state, sizeof h->state, "queued");
    return db_insert_id(db, st, &h->id, "登记结婚落户联办", err);
}

static void hukou_read(struct dbst *st, void *row)
{
    struct hukou_row *h = row;
    memset(h, 0, sizeof *h);
    h->id = db_col_int64(st, 0);
    h->marriage_id = db_col_int64(st, 1);
    h->mover_sex = db_col_int(st, 2);
    h->to_household_id = db_col_int64(st, 3);
    copy(st, 4, h->message_sm3, sizeof h->message_sm3);
    copy(st, 5, h->state, sizeof h->state);
    copy(st, 6, h->due, sizeof h->due);
    copy(st, 7, h->sent_at, sizeof h->sent_at);
    copy(st, 8, h->answered_at, sizeof h->answered_at);
    copy(st, 9, h->answer_note, sizeof h->answer_note);
    copy(st, 10, h->created_by, sizeof h->created_by);
    copy(st, 11, h->created_at, sizeof h->created_at);
    copy(st, 12, h->updated_at, sizeof h->updated_at);
    copy(st, 13, h->cert_no, sizeof h->cert_no);
    copy(st, 14, h->office, sizeof h->office);
    copy(st, 15, h->hh_no, sizeof h->hh_no);
    copy(st, 16, h->division, sizeof h->division);
    copy(st, 17, h->man_name, sizeof h->man_name);
    copy(st, 18, h->woman_name, sizeof h->woman_name);
}

int ms_hukou_get(struct db *db, int64_t id, struct hukou_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_HK_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    return one(db, st, hukou_read, out, "读取结婚落户联办", err);
}

int ms_hukou_of_marriage(struct db *db, int64_t marriage_id, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_HK_OF_MARRIAGE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, marriage_id);
    return db_one_int(db, st, id, "读取结婚落户联办", err);
}

int ms_hukou_message(struct db *db, int64_t id, unsigned char **out, size_t *len,
                     struct mz_err *err)
{
    *out = NULL;
    *len = 0;
    struct dbst *st = db_stmt(db, SQL_HK_MESSAGE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st), found = 0;
    if (rc == DB_ROW) {
        int n = db_col_bytes(st, 0);
        if (n > 0 && (*out = mz_malloc((size_t)n))) {
            memcpy(*out, db_col_blob(st, 0), (size_t)n);
            *len = (size_t)n;
            found = 1;
        } else {
            found = n > 0 ? -2 : 0;
        }
    }
    db_reset(st);
    if (found == -2)
        return mz_fail(err, "out_of_memory", "内存不足");
    if (rc != DB_ROW && rc != DB_DONE)
        return db_error(db, err, "读取落户报文");
    return found;
}

int ms_hukou_update(struct db *db, const struct hukou_row *h, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_HK_UPDATE, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, h->id);
    db_bind_text(st, 2, h->state);
    db_bind_text(st, 3, h->sent_at);
    db_bind_text(st, 4, h->answered_at);
    db_bind_text(st, 5, h->answer_note);
    db_bind_text(st, 6, now);
    return db_exec_stmt(db, st, err);
}

int ms_hukou_list(struct db *db, const char (*prefixes)[13], int n, const char *state,
                  int (*fn)(void *ctx, const struct hukou_row *h), void *ctx,
                  struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_HK_LIST, err);
    if (!st || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, state ? state : "");
    int rc;
    SCAN(rc, db, st, struct hukou_row, hukou_read, fn, ctx, "列出结婚落户联办", err);
    return rc;
}
