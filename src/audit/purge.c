/* Audit retention: purging entries older than the kept months into an
 * archive, with a signed anchor the chain goes on from (see audit.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "crypto/seal.h"
#include "store/auditstore.h"

/* The text an anchor's signature covers. */
static void anchor_text(const struct audit_anchor *a, char *out, size_t cap)
{
    char hex[2 * AUDIT_MAC_LEN + 1];
    for (int i = 0; i < AUDIT_MAC_LEN; i++)
        snprintf(hex + 2 * i, 3, "%02x", a->mac[i]);
    snprintf(out, cap, "minzheng-audit-anchor|%" PRId64 "|%s|%s|%s", a->seq, hex, a->entry_at,
             a->purged_at);
}

/* The first day of the month `months` before today, as ISO text. */
static void cutoff_of(mz_date today, int months, char out[32])
{
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    int total = y * 12 + (m - 1) - months;
    snprintf(out, 32, "%04d-%02d-01", total / 12, total % 12 + 1);
}

static void json_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", *s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void json_hex(FILE *f, const unsigned char *b, int n, bool has)
{
    if (!has) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (int i = 0; i < n; i++)
        fprintf(f, "%02x", b[i]);
    fputc('"', f);
}

struct archiving {
    FILE *f;
    int64_t upto, n;
    struct audit_anchor *last;
};

static int archive_row(void *ctx, const struct audit_row *r)
{
    struct archiving *a = ctx;
    if (r->seq > a->upto)
        return 1;
    fprintf(a->f, "{\"seq\":%" PRId64 ",\"at\":", r->seq);
    json_text(a->f, r->at);
    const char *names[] = {"actor", "action", "entity", "entity_id", "detail"};
    const char *values[] = {r->actor, r->action, r->entity, r->entity_id, r->detail};
    for (int i = 0; i < 5; i++) {
        fprintf(a->f, ",\"%s\":", names[i]);
        json_text(a->f, values[i]);
    }
    fputs(",\"before\":", a->f);
    json_hex(a->f, r->before, AUDIT_DIGEST_LEN, r->has_before);
    fputs(",\"after\":", a->f);
    json_hex(a->f, r->after, AUDIT_DIGEST_LEN, r->has_after);
    fputs(",\"mac\":", a->f);
    json_hex(a->f, r->mac, AUDIT_MAC_LEN, true);
    fprintf(a->f, ",\"key_epoch\":%d}\n", r->key_epoch);
    a->n++;
    a->last->seq = r->seq;
    memcpy(a->last->mac, r->mac, AUDIT_MAC_LEN);
    snprintf(a->last->entry_at, sizeof a->last->entry_at, "%s", r->at);
    return 0;
}

int audit_purge(struct db *db, const struct vault *v, const char *key_path, int keep_months,
                mz_date today, FILE *archive, const char *actor, struct audit_purge_report *out,
                struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    if (keep_months < AUDIT_KEEP_MONTHS_MIN)
        return mz_fail_field(err, "keep-months", "retention_too_short",
                             "审计记录至少保存 %d 个月（等保三级），不能只保留 %d 个月",
                             AUDIT_KEEP_MONTHS_MIN, keep_months);
    char cutoff[32];
    cutoff_of(today, keep_months, cutoff);
    if (db_begin(db, err) < 0)
        return -1;
    struct audit_anchor anchor = {0};
    struct archiving a = {archive, 0, 0, &anchor};
    int rc = as_last_before(db, cutoff, &a.upto, err);
    if (rc == 0 && a.upto > 0) {
        rc = as_scan(db, archive_row, &a, err) < 0 ? -1 : 0;
        if (rc == 0 && (fflush(archive) != 0 || fsync(fileno(archive)) != 0 || ferror(archive)))
            rc = mz_fail(err, "io", "写入审计日志归档文件失败：未删除任何记录");
        if (rc == 0 && a.n == 0)
            a.upto = 0; /* nothing left to purge below the cutoff */
    }
    if (rc == 0 && a.upto > 0) {
        char text[512], *sig = NULL;
        date_format(today, anchor.purged_at);
        anchor_text(&anchor, text, sizeof text);
        rc = seal_sign(key_path, text, strlen(text), &sig, err);
        if (rc == 0) {
            snprintf(anchor.signature, sizeof anchor.signature, "%s", sig);
            mz_free(sig);
            rc = as_anchor_add(db, &anchor, err);
        }
        if (rc == 0)
            rc = as_delete_upto(db, anchor.seq, err);
        char detail[96];
        snprintf(detail, sizeof detail, "upto=%" PRId64 " before=%s", anchor.seq, cutoff);
        struct audit_event ev = {actor, "audit.purge", "audit_log", "", NULL, NULL, detail};
        if (rc == 0)
            rc = audit_append(db, v, &ev, err);
    }
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    if (db_commit(db, err) < 0)
        return -1;
    out->purged = a.n;
    out->upto = a.upto > 0 ? anchor.seq : 0;
    return 0;
}

int audit_anchor_check(struct db *db, const char *pub_path, struct mz_err *err)
{
    struct audit_anchor a;
    int found = as_anchor_last(db, &a, err);
    if (found <= 0)
        return found;
    char text[512];
    anchor_text(&a, text, sizeof text);
    struct mz_err why = {0};
    int ok = seal_verify(pub_path, text, strlen(text), a.signature, &why);
    if (ok < 0) {
        *err = why;
        return -1;
    }
    if (!ok)
        return mz_fail(err, "audit_anchor",
                       "审计日志清理记录（至第 %" PRId64 " 条）的签名无效：清理记录被伪造或改动（%s）",
                       a.seq, why.msg);
    /* what it purged was old enough when purged */
    int y1, m1, y2, m2;
    if (sscanf(a.entry_at, "%d-%d", &y1, &m1) != 2 || sscanf(a.purged_at, "%d-%d", &y2, &m2) != 2 ||
        (y2 * 12 + m2) - (y1 * 12 + m1) < AUDIT_KEEP_MONTHS_MIN)
        return mz_fail(err, "audit_anchor",
                       "审计日志清理（%s）删除了 %s 的记录：不足 %d 个月，违反保存期限",
                       a.purged_at, a.entry_at, AUDIT_KEEP_MONTHS_MIN);
    return 1;
}
