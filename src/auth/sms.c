/* The SMS outbox (sms.h): messages sealed into a table a gateway drains. */
#include "auth/sms.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "crypto/vault.h"
#include "registry/registry.h"
#include "store/portalstore.h"

int sms_send(struct registry *r, const char *phone, const char *text, struct mz_err *err)
{
    char plain[sizeof((struct sms_message *)0)->phone + SMS_TEXT_MAX + 1];
    int n = snprintf(plain, sizeof plain, "%s\t%s", phone, text);
    if (n < 0 || (size_t)n >= sizeof plain || strchr(phone, '\t'))
        return mz_fail(err, "invalid_value", "短信过长或号码无效");
    unsigned char sealed[sizeof plain + 64];
    if (vault_sealed_len((size_t)n) > sizeof sealed ||
        vault_seal(reg_vault(r), plain, (size_t)n, sealed) < 0)
        return mz_fail(err, "crypto", "加密短信失败");
    return ps_sms_insert(reg_db(r), sealed, vault_sealed_len((size_t)n), err);
}

struct drain {
    struct registry *r;
    bool drain;
    const char *actor;
    int (*fn)(void *ctx, const struct sms_message *m);
    void *ctx;
    struct mz_err *err;
};

static int each(void *ctx, int64_t id, const unsigned char *sealed, size_t n,
                const char *created_at, const char *sent_at)
{
    struct drain *d = ctx;
    struct sms_message m = {.id = id};
    char plain[sizeof m.phone + SMS_TEXT_MAX + 1];
    size_t len;
    if (vault_unseal(reg_vault(d->r), sealed, n, plain, sizeof plain, &len, d->err) < 0) return -1;
    char *tab = strchr(plain, '\t');
    if (!tab) return mz_fail(d->err, "tampered", "短信 %" PRId64 " 的内容无法识别", id);
    *tab = '\0';
    snprintf(m.phone, sizeof m.phone, "%.31s", plain);
    snprintf(m.text, sizeof m.text, "%.*s", (int)sizeof m.text - 1, tab + 1);
    snprintf(m.created_at, sizeof m.created_at, "%s", created_at);
    snprintf(m.sent_at, sizeof m.sent_at, "%s", sent_at);
    int rc = d->fn(d->ctx, &m);
    if (rc != 0 || !d->drain) return rc;
    char eid[24];
    snprintf(eid, sizeof eid, "%" PRId64, id);
    struct audit_event ev = {d->actor, "sms.sent", "sms", eid, NULL, NULL, NULL};
    if (ps_sms_sent(reg_db(d->r), id, d->err) < 0 ||
        audit_append(reg_db(d->r), reg_vault(d->r), &ev, d->err) < 0)
        return -1;
    return 0;
}

int sms_outbox(struct registry *r, bool all, bool drain, const char *actor,
               int (*fn)(void *ctx, const struct sms_message *m), void *ctx, struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct drain d = {r, drain, actor, fn, ctx, err};
    if (!drain) return ps_sms_scan(db, all, each, &d, err);
    if (db_begin(db, err) < 0) return -1;
    int rc = ps_sms_scan(db, all, each, &d, err);
    if (rc >= 0 && db_commit(db, err) == 0) return rc;
    db_rollback(db);
    return -1;
}
