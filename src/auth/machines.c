/* Machine tokens: issued to another department's system for the feed API,
 * limited to named feeds, stored as digests, audited like accounts. */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "registry/registry.h"
#include "store/authstore.h"

static void from_row(const struct machine_row *row, struct auth_machine *m)
{
    memset(m, 0, sizeof *m);
    m->id = row->id;
    snprintf(m->name, sizeof m->name, "%s", row->name);
    snprintf(m->feeds, sizeof m->feeds, "%s", row->feeds);
    snprintf(m->created, sizeof m->created, "%s", row->created);
    m->revoked = row->revoked[0] != '\0';
}

static int audit_machine(struct registry *r, const char *actor, const char *action, int64_t id,
                         const char *after, struct mz_err *err)
{
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    struct audit_event ev = {actor, action, "machine_token", idtext, NULL, after, NULL};
    return audit_append(reg_db(r), reg_vault(r), &ev, err);
}

/* Commits, or rolls back and returns -1 if rc failed. */
static int finish(struct registry *r, int rc, struct mz_err *err)
{
    if (rc == 0 && db_commit(reg_db(r), err) == 0)
        return 0;
    db_rollback(reg_db(r));
    return -1;
}

int auth_machine_add(struct registry *r, const char *actor, const char *name,
                     const char *const *feeds, int nfeeds, char token[AUTH_TOKEN_HEX],
                     struct mz_err *err)
{
    if (auth_name_check(name, err) < 0)
        return -1;
    if (nfeeds < 1 || nfeeds > AUTH_MACHINE_FEEDS)
        return mz_fail_field(err, "feed", "invalid_value", "机器令牌须指定 1 到 %d 个数据源",
                             AUTH_MACHINE_FEEDS);
    struct machine_row m = {0};
    snprintf(m.name, sizeof m.name, "%s", name);
    size_t len = 0;
    for (int i = 0; i < nfeeds; i++) {
        size_t n = strlen(feeds[i]);
        if (n == 0 || n > 31 || strspn(feeds[i], "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
            return mz_fail_field(err, "feed", "invalid_value",
                                 "数据源名称“%s”无效（只能用小写字母、数字和下划线）", feeds[i]);
        len += (size_t)snprintf(m.feeds + len, sizeof m.feeds - len, "%s%s", i ? " " : "",
                                feeds[i]);
    }
    char digest[AUTH_TOKEN_HEX];
    if (auth_token_new(token) < 0 || auth_token_digest(token, digest) < 0)
        return mz_fail(err, "crypto", "生成机器令牌失败");
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    char after[400];
    snprintf(after, sizeof after, "%s|%s", m.name, m.feeds);
    int rc = as_machine_insert(reg_db(r), &m, digest, actor, err);
    if (rc == 0)
        rc = audit_machine(r, actor, "machine.add", m.id, after, err);
    return finish(r, rc, err);
}

int auth_machine_revoke(struct registry *r, const char *actor, const char *name,
                        struct mz_err *err)
{
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    int64_t id = 0;
    int rc = as_machine_revoke(reg_db(r), name, &id, err);
    if (rc == 0)
        rc = mz_fail_field(err, "name", "unknown_machine", "没有有效的机器令牌“%s”", name);
    else if (rc == 1)
        rc = audit_machine(r, actor, "machine.revoke", id, NULL, err);
    return finish(r, rc, err);
}

struct scan {
    int (*fn)(void *ctx, const struct auth_machine *m);
    void *ctx;
};

static int scan_row(void *ctx, const struct machine_row *row)
{
    struct scan *s = ctx;
    struct auth_machine m;
    from_row(row, &m);
    return s->fn(s->ctx, &m);
}

int auth_machine_scan(struct registry *r, int (*fn)(void *ctx, const struct auth_machine *m),
                      void *ctx, struct mz_err *err)
{
    struct scan s = {fn, ctx};
    return as_machine_scan(reg_db(r), scan_row, &s, err);
}

int auth_machine_find(struct registry *r, const char *token, struct auth_machine *out,
                      struct mz_err *err)
{
    char digest[AUTH_TOKEN_HEX];
    if (auth_token_digest(token, digest) < 0)
        return 0;
    struct machine_row row;
    int found = as_machine_by_hash(reg_db(r), digest, &row, err);
    if (found == 1)
        from_row(&row, out);
    return found;
}

bool auth_machine_may(const struct auth_machine *m, const char *feed)
{
    size_t n = strlen(feed);
    for (const char *p = m->feeds; (p = strstr(p, feed)); p += n)
        if ((p == m->feeds || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}
