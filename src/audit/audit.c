/* Hash-chained audit log over HMAC-SM3. */
#include "audit/audit.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "crypto/sm.h"
#include "store/auditstore.h"
#include "store/stmt.h"

/* Keyed digest of a record's canonical text under key epoch (absent for
 * none). */
static int digest(const struct vault *v, int epoch, const char *text, bool *has,
                  unsigned char out[AUDIT_DIGEST_LEN])
{
    *has = text != NULL;
    if (!text)
        return 0;
    unsigned char mac[VAULT_MAC_LEN];
    if (vault_audit_mac(v, epoch, text, strlen(text), mac) < 0)
        return -1;
    memcpy(out, mac, AUDIT_DIGEST_LEN);
    return 0;
}

/* The chain link: MAC over the previous MAC and every field, each text
 * field preceded by its length so that no two entries serialize alike,
 * under the audit key of the entry's key epoch. Fails on err as
 * out_of_memory or crypto. */
static int link_mac(const struct vault *v, const unsigned char prev[AUDIT_MAC_LEN],
                    const struct audit_row *r, unsigned char out[AUDIT_MAC_LEN],
                    struct mz_err *err)
{
    const char *fields[] = {r->at, r->actor, r->action, r->entity, r->entity_id, r->detail};
    size_t need = 64 + AUDIT_MAC_LEN + 2 * AUDIT_DIGEST_LEN;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        need += strlen(fields[i]) + 24;
    unsigned char *buf = mz_malloc(need);
    if (!buf)
        return mz_fail(err, "out_of_memory", "内存不足，无法计算审计链");
    memcpy(buf, prev, AUDIT_MAC_LEN);
    size_t n = AUDIT_MAC_LEN;
    n += (size_t)snprintf((char *)buf + n, need - n, "%" PRId64 ";%d%d;", r->seq, r->has_before,
                          r->has_after);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        n += (size_t)snprintf((char *)buf + n, need - n, "%zu:%s;", strlen(fields[i]), fields[i]);
    memcpy(buf + n, r->before, AUDIT_DIGEST_LEN);
    memcpy(buf + n + AUDIT_DIGEST_LEN, r->after, AUDIT_DIGEST_LEN);
    n += 2 * AUDIT_DIGEST_LEN;
    int rc = vault_audit_mac(v, r->key_epoch, buf, n, out);
    mz_free(buf);
    return rc < 0 ? mz_fail(err, "crypto", "计算审计链失败") : 0;
}

int audit_append(struct db *db, const struct vault *v, const struct audit_event *ev,
                 struct mz_err *err)
{
    int64_t seq = 0;
    unsigned char prev[AUDIT_MAC_LEN] = {0};
    int found = as_head(db, &seq, prev, err);
    if (found < 0)
        return -1;
    struct audit_anchor a;
    if (found == 0) { /* every entry purged: the chain goes on from the anchor */
        int anchored = as_anchor_last(db, &a, err);
        if (anchored < 0)
            return -1;
        if (anchored) {
            seq = a.seq;
            memcpy(prev, a.mac, AUDIT_MAC_LEN);
        }
    }
    char at[32];
    db_now(at);
    struct audit_row r = {.seq = seq + 1,
                          .at = at,
                          .actor = ev->actor ? ev->actor : "unknown",
                          .action = ev->action,
                          .entity = ev->entity,
                          .entity_id = ev->entity_id ? ev->entity_id : "",
                          .detail = ev->detail ? ev->detail : "",
                          .key_epoch = vault_epoch(v)};
    if (digest(v, r.key_epoch, ev->before, &r.has_before, r.before) < 0 ||
        digest(v, r.key_epoch, ev->after, &r.has_after, r.after) < 0)
        return mz_fail(err, "crypto", "计算审计链失败");
    if (link_mac(v, prev, &r, r.mac, err) < 0)
        return -1;
    return as_insert(db, &r, err);
}

struct walk {
    const struct vault *v;
    struct audit_report *rep;
    unsigned char prev[AUDIT_MAC_LEN];
    struct mz_err *err;
};

static int check_entry(void *ctx, const struct audit_row *r)
{
    struct walk *w = ctx;
    int64_t want = w->rep->entries + 1;
    if (r->malformed) {
        w->rep->first_bad = r->seq;
        return mz_fail(w->err, "audit_broken",
                       "审计日志第 %" PRId64 " 条的记录摘要或校验值长度不对（被改写）", r->seq);
    }
    if (r->seq != want) {
        w->rep->first_bad = r->seq;
        return mz_fail(w->err, "audit_broken",
                       "审计日志不连续：第 %" PRId64 " 条之后应为第 %" PRId64
                       " 条，实为第 %" PRId64 " 条（有记录被删除或插入）",
                       want - 1, want, r->seq);
    }
    unsigned char mac[AUDIT_MAC_LEN];
    if (r->key_epoch < 1 || r->key_epoch > vault_epoch(w->v)) {
        w->rep->first_bad = r->seq;
        return mz_fail(w->err, "audit_broken",
                       "审计日志第 %" PRId64 " 条记在第 %d 把主密钥下，而密钥环只有 %d 把"
                       "（被改写，或须用轮换后的密钥文件核验）",
                       r->seq, r->key_epoch, vault_epoch(w->v));
    }
    if (link_mac(w->v, w->prev, r, mac, w->err) < 0)
        return -1;
    if (!sm_equal(mac, r->mac, AUDIT_MAC_LEN)) {
        w->rep->first_bad = r->seq;
        return mz_fail(w->err, "audit_broken",
                       "审计日志第 %" PRId64 " 条（%s %s %s）的内容被修改，"
                       "或与前一条的衔接被破坏（被替换或调换顺序）",
                       r->seq, r->at, r->action, r->entity_id);
    }
    memcpy(w->prev, r->mac, AUDIT_MAC_LEN);
    w->rep->entries++;
    return 0;
}

int audit_verify(struct db *db, const struct vault *v, struct audit_report *rep,
                 struct mz_err *err)
{
    memset(rep, 0, sizeof *rep);
    struct walk w = {.v = v, .rep = rep, .err = err};
    struct audit_anchor a;
    int anchored = as_anchor_last(db, &a, err);
    if (anchored < 0)
        return -1;
    if (anchored) { /* entries up to the anchor were purged: start after it */
        rep->entries = rep->purged = a.seq;
        memcpy(w.prev, a.mac, AUDIT_MAC_LEN);
    }
    int rc = as_scan(db, check_entry, &w, err);
    for (int i = 0; i < AUDIT_MAC_LEN; i++)
        sprintf(rep->head + 2 * i, "%02x", w.prev[i]);
    return rc == 0 ? 0 : -1;
}
