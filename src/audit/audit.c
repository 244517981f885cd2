/* Hash-chained audit log over HMAC-SM3. */
#include "audit/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/auditstore.h"
#include "store/stmt.h"

static const char zero_mac[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void hex(const unsigned char *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
    out[2 * n] = '\0';
}

/* Keyed digest of a record's canonical text ("" for none). */
static int digest(const struct vault *v, const char *text, char out[65])
{
    if (!text) {
        out[0] = '\0';
        return 0;
    }
    unsigned char mac[VAULT_MAC_LEN];
    if (vault_audit_mac(v, text, strlen(text), mac) < 0)
        return -1;
    hex(mac, sizeof mac, out);
    return 0;
}

/* The chain link: MAC over the previous MAC and every field, each field
 * preceded by its length so that no two entries serialize alike. */
static int link_mac(const struct vault *v, const struct audit_row *r, char out[65])
{
    const char *fields[] = {r->prev,   r->at,     r->actor,         r->action,       r->entity,
                            r->entity_id, r->before_digest, r->after_digest, r->detail};
    size_t need = 32;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        need += strlen(fields[i]) + 24;
    char *buf = mz_malloc(need);
    if (!buf)
        return -1;
    size_t n = (size_t)snprintf(buf, need, "%" PRId64 ";", r->seq);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        n += (size_t)snprintf(buf + n, need - n, "%zu:%s;", strlen(fields[i]), fields[i]);
    unsigned char mac[VAULT_MAC_LEN];
    int rc = vault_audit_mac(v, buf, n, mac);
    mz_free(buf);
    if (rc == 0)
        hex(mac, sizeof mac, out);
    return rc;
}

int audit_append(struct db *db, const struct vault *v, const struct audit_event *ev,
                 struct mz_err *err)
{
    int64_t seq = 0;
    char prev[65];
    int has = as_head(db, &seq, prev, err);
    if (has < 0)
        return -1;
    if (!has)
        memcpy(prev, zero_mac, sizeof prev);
    char at[32], before[65], after[65], mac[65];
    db_now(at);
    if (digest(v, ev->before, before) < 0 || digest(v, ev->after, after) < 0)
        return mz_fail(err, "crypto", "计算审计摘要失败");
    struct audit_row r = {.seq = seq + 1,
                          .at = at,
                          .actor = ev->actor ? ev->actor : "unknown",
                          .action = ev->action,
                          .entity = ev->entity,
                          .entity_id = ev->entity_id ? ev->entity_id : "",
                          .before_digest = before,
                          .after_digest = after,
                          .detail = ev->detail ? ev->detail : "",
                          .prev = prev,
                          .mac = mac};
    if (link_mac(v, &r, mac) < 0)
        return mz_fail(err, "crypto", "计算审计链失败");
    return as_insert(db, &r, err);
}

struct walk {
    const struct vault *v;
    struct audit_report *rep;
    char prev[65];
    struct mz_err *err;
};

static int check_entry(void *ctx, const struct audit_row *r)
{
    struct walk *w = ctx;
    int64_t want = w->rep->entries + 1;
    char mac[65];
    if (r->seq != want) {
        w->rep->first_bad = r->seq;
        return mz_fail(w->err, "audit_broken",
                       "审计日志不连续：第 %" PRId64 " 条之后应为第 %" PRId64
                       " 条，实为第 %" PRId64 " 条（有记录被删除或插入）",
                       want - 1, want, r->seq);
    }
    if (strcmp(r->prev, w->prev) != 0) {
        w->rep->first_bad = r->seq;
        return mz_fail(w->err, "audit_broken",
                       "审计日志第 %" PRId64 " 条与前一条不衔接（记录被删除、替换或调换顺序）",
                       r->seq);
    }
    if (link_mac(w->v, r, mac) < 0)
        return mz_fail(w->err, "crypto", "计算审计链失败");
    if (strcmp(mac, r->mac) != 0) {
        w->rep->first_bad = r->seq;
        return mz_fail(w->err, "audit_broken",
                       "审计日志第 %" PRId64 " 条（%s %s %s）的内容被修改", r->seq, r->at,
                       r->action, r->entity_id);
    }
    snprintf(w->prev, sizeof w->prev, "%s", r->mac);
    w->rep->entries++;
    return 0;
}

int audit_verify(struct db *db, const struct vault *v, struct audit_report *rep,
                 struct mz_err *err)
{
    memset(rep, 0, sizeof *rep);
    struct walk w = {.v = v, .rep = rep, .err = err};
    memcpy(w.prev, zero_mac, sizeof w.prev);
    int rc = as_scan(db, check_entry, &w, err);
    snprintf(rep->head, sizeof rep->head, "%s", w.prev);
    return rc == 0 ? 0 : -1;
}
