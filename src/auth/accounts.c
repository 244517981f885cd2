/* Accounts, logins and sessions over the registry's database, with every
 * change written to the audit log. */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audit/audit.h"
#include "auth/totp.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "crypto/sm.h"
#include "crypto/vault.h"
#include "registry/divisions.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/authstore.h"

static const struct {
    const char *name, *label;
    int level; /* division level the scope must have, 0 = any */
    bool can_write, sees_full, admin;
} roles[ROLE_COUNT] = {
    [ROLE_CITY_ADMIN] = {"city_admin", "市级管理员", 0, true, true},
    [ROLE_DISTRICT] = {"district", "区县民政", 3, true, true},
    [ROLE_STREET] = {"street", "街道/乡镇经办", 4, true, true},
    [ROLE_COMMUNITY] = {"community", "社区/村协管", 5, true, false},
    [ROLE_AUDITOR] = {"auditor", "审计", 0, false, true},
    [ROLE_PROVIDER] = {"provider", "服务机构", 0, false, false},
    [ROLE_ORG] = {"org", "社会组织", 0, false, false},
    [ROLE_CHILD_DIRECTOR] = {"child_director", "儿童主任", 5, true, false},
    [ROLE_CHILD_SUPERVISOR] = {"child_supervisor", "儿童督导员", 4, true, false},
    [ROLE_CHILD_INSTITUTION] = {"child_institution", "儿童福利机构", 0, true, false},
    [ROLE_SYS_ADMIN] = {"sys_admin", "系统管理员", 1, false, false, true},
    [ROLE_SEC_ADMIN] = {"sec_admin", "安全管理员", 1, false, false, true},
    [ROLE_AUDIT_ADMIN] = {"audit_admin", "审计管理员", 1, false, false, true},
};

const char *auth_role_name(enum auth_role role)
{
    return roles[role].name;
}

const char *auth_role_label(enum auth_role role)
{
    return roles[role].label;
}

int auth_role_parse(const char *s, enum auth_role *out, struct mz_err *err)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (strcmp(s, roles[i].name) == 0) {
            *out = (enum auth_role)i;
            return 0;
        }
    return mz_fail_field(err, "role", "invalid_role",
                         "角色应为 city_admin、district、street、community、auditor、provider、org、"
                         "child_director、child_supervisor、child_institution、sys_admin、sec_admin、"
                         "audit_admin 之一，实为“%s”",
                         s);
}

bool auth_role_can_write(enum auth_role role)
{
    return roles[role].can_write;
}

const char *auth_role_case_role(enum auth_role role)
{
    switch (role) {
    case ROLE_CITY_ADMIN:
    case ROLE_DISTRICT: return "county";
    case ROLE_STREET: return "street";
    case ROLE_COMMUNITY: return "community";
    default: return NULL;
    }
}

bool auth_role_sees_full(enum auth_role role)
{
    return roles[role].sees_full;
}

bool auth_role_is_admin(enum auth_role role)
{
    return roles[role].admin;
}

static bool has_prefix(const char *code, const char *prefix)
{
    return strncmp(code, prefix, strlen(prefix)) == 0;
}

bool auth_in_scope(const struct auth_user *u, const char *division)
{
    if (u->nscope == 0)
        return has_prefix(division, u->division);
    for (int i = 0; i < u->nscope; i++)
        if (has_prefix(division, u->scope[i]))
            return true;
    return false;
}

int auth_scope_load(struct registry *r, struct auth_user *u, struct mz_err *err)
{
    _Static_assert(AUTH_SCOPE_MAX == DIV_COVER_MAX, "auth.h and divisions.h disagree");
    if (div_cover(reg_db(r), u->division, date_today(), u->scope, AUTH_SCOPE_MAX, &u->nscope,
                  err) < 0)
        return -1;
    /* A division all of whose units moved away holds nothing: the prefix
     * "0", which no code has (nscope 0 would mean the division's own code). */
    if (u->nscope == 0)
        snprintf(u->scope[u->nscope++], sizeof u->scope[0], "0");
    return 0;
}

/* ---- tokens ----------------------------------------------------------- */

static void hex(const unsigned char *b, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = '\0';
}

int auth_token_new(char token[AUTH_TOKEN_HEX])
{
    unsigned char b[32];
    if (sm_random(b, sizeof b) < 0)
        return -1;
    hex(b, sizeof b, token);
    return 0;
}

int auth_token_digest(const char *token, char digest[AUTH_TOKEN_HEX])
{
    if (strlen(token) != AUTH_TOKEN_HEX - 1 ||
        strspn(token, "0123456789abcdef") != AUTH_TOKEN_HEX - 1)
        return -1;
    unsigned char d[SM3_LEN];
    if (sm3_digest(token, AUTH_TOKEN_HEX - 1, d) < 0)
        return -1;
    hex(d, sizeof d, digest);
    return 0;
}

/* ---- accounts --------------------------------------------------------- */

static int user_from_row(const struct user_row *row, struct auth_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = row->id;
    snprintf(u->name, sizeof u->name, "%s", row->name);
    snprintf(u->division, sizeof u->division, "%s", row->division);
    u->disabled = row->disabled;
    u->provider_id = row->provider_id;
    u->org_id = row->org_id;
    u->institution_id = row->institution_id;
    return auth_role_parse(row->role, &u->role, NULL);
}

/* Canonical text of an account for audit digests (never the hash). */
static void user_text(const struct user_row *u, char *out, size_t cap)
{
    snprintf(out, cap, "%s|%s|%s|%d|%lld", u->name, u->role, u->division, u->disabled,
             (long long)u->provider_id);
    if (u->org_id) /* organization accounts only: the digests of others stay as they were */
        snprintf(out + strlen(out), cap - strlen(out), "|org%lld", (long long)u->org_id);
    if (u->institution_id) /* institution accounts only, likewise */
        snprintf(out + strlen(out), cap - strlen(out), "|inst%lld", (long long)u->institution_id);
}

static int audit_user(struct registry *r, const char *actor, const char *action,
                      const struct user_row *u, const char *before, const char *after,
                      struct mz_err *err)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)u->id);
    struct audit_event ev = {actor, action, "user", id, before, after, NULL};
    return audit_append(reg_db(r), reg_vault(r), &ev, err);
}

int auth_name_check(const char *name, struct mz_err *err)
{
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof ((struct user_row *)0)->name ||
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n)
        return mz_fail_field(err, "name", "invalid_value",
                             "账户名应为 1-63 个字母、数字、“.”、“_”或“-”，实为“%s”", name);
    return 0;
}

static int find_user(struct registry *r, const char *name, struct user_row *u,
                     struct mz_err *err)
{
    int found = as_user_by_name(reg_db(r), name, u, err);
    if (found == 0)
        return mz_fail_field(err, "name", "unknown_user", "账户“%s”不存在", name);
    return found < 0 ? -1 : 0;
}

/* Commits, or rolls back and returns -1 if rc failed. */
static int finish(struct registry *r, int rc, struct mz_err *err)
{
    if (rc == 0 && db_commit(reg_db(r), err) == 0)
        return 0;
    db_rollback(reg_db(r));
    return -1;
}

/* ---- holders (三权分立) ---------------------------------------------- */

struct holder_check {
    enum auth_role role; /* of the account being added */
    struct mz_err *err;
};

/* Refuses an account of another administrator role, or an administrator
 * and a business account, for one holder. */
static int holder_conflict(void *ctx, const char *role_s, const char *name)
{
    struct holder_check *h = ctx;
    enum auth_role held = ROLE_COUNT;
    if (auth_role_parse(role_s, &held, NULL) < 0 || held == h->role ||
        (!roles[held].admin && !roles[h->role].admin))
        return 0;
    return mz_fail_field(h->err, "holder", "separation_of_duties",
                         "三权分立：该持有人已持有%s账户“%s”，不能再持有%s账户", roles[held].label,
                         name, roles[h->role].label);
}

/* Inside the transaction: checks holder (a valid ID number) against the
 * accounts it holds under every key epoch's blind index and records it on
 * account id, sealed and indexed under the current key. */
static int holder_record(struct registry *r, int64_t id, enum auth_role role, const char *holder,
                         struct mz_err *err)
{
    struct idcard card;
    if (idcard_parse(holder, &card, err) < 0) {
        snprintf(err->field, sizeof err->field, "holder");
        return -1;
    }
    unsigned char index[VAULT_INDEX_LEN], sealed[96]; /* vault_sealed_len(18): 67 */
    struct holder_check h = {role, err};
    int floor;
    if (reg_key_epochs(r, &floor, err) < 0)
        return -1;
    for (int e = vault_epoch(reg_vault(r)); e >= floor; e--) {
        if (vault_blind_index_at(reg_vault(r), e, card.number, 18, index) < 0)
            return mz_fail(err, "crypto", "计算身份证号索引失败");
        int rc = as_user_by_holder(reg_db(r), index, holder_conflict, &h, err);
        if (rc)
            return -1;
    }
    if (vault_blind_index(reg_vault(r), card.number, 18, index) < 0 ||
        vault_seal(reg_vault(r), card.number, 18, sealed) < 0)
        return mz_fail(err, "crypto", "加密身份证号失败");
    return as_user_set_holder(reg_db(r), id, sealed, vault_sealed_len(18), index, err);
}

int auth_admin_add(struct registry *r, const char *actor, const char *name, enum auth_role role,
                   const char *division, const char *holder, const char *password,
                   struct mz_err *err)
{
    if (roles[role].admin && (!holder || !*holder))
        return mz_fail_field(err, "holder", "holder_required",
                             "%s账户须登记持有人的身份证号（--holder），同一人不能持有两类管理员账户",
                             roles[role].label);
    if (auth_name_check(name, err) < 0 || auth_password_check(password, err) < 0 ||
        div_check_current(reg_db(r), division, date_today(), "division", err) < 0)
        return -1;
    int level = div_level_of(division);
    if (roles[role].level && level != roles[role].level)
        return mz_fail_field(err, "division", "invalid_scope",
                             "%s的管辖区划应为%d位代码，实为“%s”", roles[role].label,
                             (int[]){0, 2, 4, 6, 9, 12}[roles[role].level], division);
    struct user_row u = {0};
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.role, sizeof u.role, "%s", roles[role].name);
    snprintf(u.division, sizeof u.division, "%s", division);
    if (auth_password_hash(password, u.pw_hash, err) < 0)
        return -1;
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    char after[200];
    user_text(&u, after, sizeof after);
    int rc = as_user_insert(reg_db(r), &u, err);
    if (rc == 0 && holder && *holder)
        rc = holder_record(r, u.id, role, holder, err);
    if (rc == 0)
        rc = audit_user(r, actor, "user.add", &u, NULL, after, err);
    return finish(r, rc, err);
}

int auth_user_add(struct registry *r, const char *actor, const char *name, enum auth_role role,
                  const char *division, const char *password, struct mz_err *err)
{
    return auth_admin_add(r, actor, name, role, division, NULL, password, err);
}

int auth_user_disable(struct registry *r, const char *actor, const char *name,
                      struct mz_err *err)
{
    struct user_row u;
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    int rc = find_user(r, name, &u, err);
    char before[200], after[200];
    if (rc == 0 && !u.disabled) {
        user_text(&u, before, sizeof before);
        u.disabled = true;
        user_text(&u, after, sizeof after);
        if (as_user_set_disabled(reg_db(r), u.id, true, err) < 0 ||
            as_session_delete_user(reg_db(r), u.id, err) < 0 ||
            audit_user(r, actor, "user.disable", &u, before, after, err) < 0)
            rc = -1;
    }
    return finish(r, rc, err);
}

/* Binds account name of role to the record id its role works for (a
 * provider, an organization, an institution) through set, audited as
 * action. */
static int bind_account(struct registry *r, const char *actor, const char *name,
                        enum auth_role role, const char *what, int64_t *(*field)(struct user_row *),
                        int (*set)(struct db *, int64_t, int64_t, struct mz_err *), int64_t id,
                        const char *action, struct mz_err *err)
{
    struct user_row u;
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    int rc = find_user(r, name, &u, err);
    if (rc == 0 && strcmp(u.role, roles[role].name) != 0)
        rc = mz_fail_field(err, "name", "wrong_role", "账户“%s”不是%s账户，不能绑定%s", name,
                           roles[role].label, what);
    char before[200], after[200];
    if (rc == 0 && *field(&u) != id) {
        user_text(&u, before, sizeof before);
        *field(&u) = id;
        user_text(&u, after, sizeof after);
        if (set(reg_db(r), u.id, id, err) < 0 || as_session_delete_user(reg_db(r), u.id, err) < 0 ||
            audit_user(r, actor, action, &u, before, after, err) < 0)
            rc = -1;
    }
    return finish(r, rc, err);
}

static int64_t *provider_of(struct user_row *u)
{
    return &u->provider_id;
}

static int64_t *org_of(struct user_row *u)
{
    return &u->org_id;
}

static int64_t *institution_of(struct user_row *u)
{
    return &u->institution_id;
}

int auth_user_bind_provider(struct registry *r, const char *actor, const char *name,
                            int64_t provider_id, struct mz_err *err)
{
    return bind_account(r, actor, name, ROLE_PROVIDER, "机构", provider_of, as_user_set_provider,
                        provider_id, "user.provider", err);
}

int auth_user_bind_org(struct registry *r, const char *actor, const char *name, int64_t org_id,
                       struct mz_err *err)
{
    return bind_account(r, actor, name, ROLE_ORG, "组织", org_of, as_user_set_org, org_id,
                        "user.org", err);
}

int auth_user_bind_institution(struct registry *r, const char *actor, const char *name,
                               int64_t institution_id, struct mz_err *err)
{
    return bind_account(r, actor, name, ROLE_CHILD_INSTITUTION, "儿童福利机构", institution_of,
                        as_user_set_institution, institution_id, "user.institution", err);
}

int auth_user_passwd(struct registry *r, const char *actor, const char *name,
                     const char *password, struct mz_err *err)
{
    char hash[AUTH_HASH_MAX];
    if (auth_password_check(password, err) < 0 || auth_password_hash(password, hash, err) < 0)
        return -1;
    struct user_row u;
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    int rc = find_user(r, name, &u, err);
    if (rc == 0) {
        struct audit_event ev = {actor, "user.passwd", "user", NULL, NULL, NULL, "password set"};
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)u.id);
        ev.entity_id = id;
        int revoked;
        if (as_user_set_password(reg_db(r), u.id, hash, err) < 0 ||
            as_session_delete_user(reg_db(r), u.id, err) < 0 ||
            as_delegation_revoke(reg_db(r), u.id, NULL, &revoked, err) < 0 ||
            audit_append(reg_db(r), reg_vault(r), &ev, err) < 0)
            rc = -1;
    }
    return finish(r, rc, err);
}

struct scan {
    int (*fn)(void *ctx, const struct auth_user *u);
    void *ctx;
};

static int scan_row(void *ctx, const struct user_row *row)
{
    struct scan *s = ctx;
    struct auth_user u;
    if (user_from_row(row, &u) < 0)
        return 0; /* a role this version does not know: not listed */
    return s->fn(s->ctx, &u);
}

int auth_user_scan(struct registry *r, int (*fn)(void *ctx, const struct auth_user *u),
                   void *ctx, struct mz_err *err)
{
    struct scan s = {fn, ctx};
    return as_user_scan(reg_db(r), scan_row, &s, err);
}

int auth_user_count(struct registry *r, long *n, struct mz_err *err)
{
    return as_user_count(reg_db(r), n, err);
}

/* ---- logins and sessions ---------------------------------------------- */

static int bad_credentials(struct mz_err *err)
{
    return mz_fail(err, "bad_credentials", "账户名或密码不正确");
}

int auth_throttle_attempt(struct registry *r, const char *subject, const char *source,
                          time_t now, struct mz_err *err)
{
    /* Every attempt is first recorded as a failure, in the same write
     * transaction as the count: parallel guesses cannot all see a count
     * under the limit. A success then forgets the failures. */
    struct db *db = reg_db(r);
    long failures = 0;
    if (db_begin(db, err) < 0)
        return -1;
    int rc = as_login_failures(db, subject, source, (int64_t)now - AUTH_THROTTLE_SECONDS,
                               &failures, err);
    if (rc == 0 && failures < AUTH_THROTTLE_FAILURES)
        rc = as_login_failure_add(db, subject, source, now, err);
    if (finish(r, rc, err) < 0)
        return -1;
    if (failures >= AUTH_THROTTLE_FAILURES)
        return mz_fail(err, "throttled", "登录失败次数过多，请 %d 分钟后再试",
                       AUTH_THROTTLE_SECONDS / 60);
    return 0;
}

int auth_throttle_clear(struct registry *r, const char *subject, const char *source, time_t now,
                        struct mz_err *err)
{
    return as_login_failures_clear(reg_db(r), subject, source,
                                   (int64_t)now - AUTH_THROTTLE_SECONDS, err);
}

/* Checks name and password, throttled: 0 (u and out filled; the attempt
 * still counts as a failure until the caller clears it), or -1. */
static int authenticate(struct registry *r, const char *name, const char *password,
                        const char *source, time_t now, struct user_row *u,
                        struct auth_user *out, struct mz_err *err)
{
    struct db *db = reg_db(r);
    if (auth_throttle_attempt(r, name, source, now, err) < 0)
        return -1;
    int found = as_user_by_name(db, name, u, err);
    if (found < 0)
        return -1;
    int ok;
    if (found) {
        ok = auth_password_verify(password, u->pw_hash) == 1 && !u->disabled &&
             user_from_row(u, out) == 0;
    } else {
        /* Spend the same time as for a real account. */
        char ignored[AUTH_HASH_MAX];
        auth_password_hash(password, ignored, NULL);
        ok = 0;
    }
    return ok ? 0 : bad_credentials(err);
}

/* Audits a failed login of an existing account (a security event), in its
 * own transaction; err keeps the refusal. */
static int login_failed(struct registry *r, const char *source, const struct user_row *u,
                        struct mz_err *err)
{
    char actor[96], detail[64];
    snprintf(actor, sizeof actor, "source:%.80s", *source ? source : "local");
    snprintf(detail, sizeof detail, "%s", err->code);
    struct mz_err e2 = {0};
    if (db_begin(reg_db(r), &e2) == 0) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)u->id);
        struct audit_event ev = {actor, "user.login_failed", "user", id, NULL, NULL, detail};
        if (audit_append(reg_db(r), reg_vault(r), &ev, &e2) < 0 || db_commit(reg_db(r), &e2) < 0)
            db_rollback(reg_db(r));
    }
    return -1;
}

/* The second factor of u, if enrolled: 0 with *step the time step of a
 * valid otp (0 when u has none enrolled), or -1 (otp_required, bad_otp). */
static int second_factor(struct registry *r, const struct user_row *u, const char *otp,
                         time_t now, int64_t *step, struct mz_err *err)
{
    unsigned char sealed[128];
    char secret[TOTP_SECRET_LEN + 1];
    size_t len, n;
    int64_t last;
    *step = 0;
    int found = as_user_totp(reg_db(r), u->id, sealed, sizeof sealed, &len, &last, err);
    if (found <= 0)
        return found;
    if (vault_unseal(reg_vault(r), sealed, len, secret, sizeof secret, &n, err) < 0)
        return -1;
    int ok = n == TOTP_SECRET_LEN && otp && *otp &&
             totp_check((const unsigned char *)secret, otp, now, last, step);
    OPENSSL_cleanse(secret, sizeof secret);
    if (!otp || !*otp)
        return mz_fail_field(err, "otp", "otp_required",
                             "此账户已启用动态口令：请输入验证器应用上显示的 6 位动态口令");
    if (!ok)
        return mz_fail_field(err, "otp", "bad_otp", "动态口令不正确、已过期或已用过");
    return 0;
}

int auth_login(struct registry *r, const char *name, const char *password, const char *otp,
               const char *source, time_t now, char token[AUTH_TOKEN_HEX], struct auth_user *out,
               struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct user_row u = {0};
    int64_t step;
    if (authenticate(r, name, password, source, now, &u, out, err) < 0) {
        if (u.id && strcmp(err->code, "bad_credentials") == 0)
            login_failed(r, source, &u, err);
        return -1;
    }
    if (second_factor(r, &u, otp, now, &step, err) < 0)
        return login_failed(r, source, &u, err);
    char digest[AUTH_TOKEN_HEX], actor[80];
    if (auth_token_new(token) < 0 || auth_token_digest(token, digest) < 0)
        return mz_fail(err, "crypto", "生成会话令牌失败");
    if (db_begin(db, err) < 0)
        return -1;
    snprintf(actor, sizeof actor, "user:%s", u.name);
    int rc = 0;
    if (step) { /* each code once: a second use of the same step fails here */
        int fresh = as_user_totp_use(db, u.id, step, err);
        rc = fresh < 0 ? -1 : fresh ? 0 : mz_fail_field(err, "otp", "bad_otp", "动态口令已用过");
    }
    if (rc == 0)
        rc = auth_throttle_clear(r, name, source, now, err);
    if (rc == 0)
        rc = as_session_purge(db, now, err);
    if (rc == 0)
        rc = as_session_insert(db, digest, u.id, now, (int64_t)now + AUTH_SESSION_SECONDS, err);
    if (rc == 0)
        rc = as_user_set_login(db, u.id, err);
    if (rc == 0)
        rc = audit_user(r, actor, step ? "user.login_2fa" : "user.login", &u, NULL, NULL, err);
    return finish(r, rc, err);
}

int auth_totp_enroll(struct registry *r, const char *actor, const char *name,
                     char base32[TOTP_BASE32_LEN], struct mz_err *err)
{
    unsigned char secret[TOTP_SECRET_LEN], sealed[128];
    if (vault_sealed_len(TOTP_SECRET_LEN) > sizeof sealed || totp_secret_new(secret) < 0 ||
        vault_seal(reg_vault(r), secret, sizeof secret, sealed) < 0)
        return mz_fail(err, "crypto", "生成动态口令密钥失败");
    totp_base32(secret, base32);
    OPENSSL_cleanse(secret, sizeof secret);
    struct user_row u;
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    int rc = find_user(r, name, &u, err);
    if (rc == 0)
        rc = as_user_totp_set(reg_db(r), u.id, sealed, vault_sealed_len(TOTP_SECRET_LEN), err);
    if (rc == 0)
        rc = audit_user(r, actor, "user.totp_enroll", &u, NULL, NULL, err);
    return finish(r, rc, err);
}

int auth_totp_remove(struct registry *r, const char *actor, const char *name, struct mz_err *err)
{
    struct user_row u;
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    int rc = find_user(r, name, &u, err);
    if (rc == 0)
        rc = as_user_totp_set(reg_db(r), u.id, NULL, 0, err);
    if (rc == 0)
        rc = audit_user(r, actor, "user.totp_remove", &u, NULL, NULL, err);
    return finish(r, rc, err);
}

int auth_user_unlock(struct registry *r, const char *actor, const char *name, struct mz_err *err)
{
    struct user_row u;
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    int rc = find_user(r, name, &u, err);
    if (rc == 0)
        rc = as_login_failures_clear_name(reg_db(r), name, err);
    if (rc == 0)
        rc = audit_user(r, actor, "user.unlock", &u, NULL, NULL, err);
    return finish(r, rc, err);
}

int auth_user_end_sessions(struct registry *r, const char *actor, const char *name,
                           struct mz_err *err)
{
    struct user_row u;
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    int rc = find_user(r, name, &u, err);
    if (rc == 0)
        rc = as_session_delete_user(reg_db(r), u.id, err);
    if (rc == 0)
        rc = audit_user(r, actor, "user.sessions_end", &u, NULL, NULL, err);
    return finish(r, rc, err);
}

int auth_user_role(struct registry *r, const char *name, enum auth_role *role, struct mz_err *err)
{
    struct user_row u;
    if (find_user(r, name, &u, err) < 0)
        return -1;
    if (auth_role_parse(u.role, role, NULL) < 0)
        return mz_fail_field(err, "name", "unknown_user", "账户“%s”的角色“%s”无法识别", name,
                             u.role);
    return 0;
}

/* Audits that os_user acts for account u on the command line, with the
 * proof: its password, or a delegation. */
int auth_cli_user(struct registry *r, const char *name, const char *password,
                  const char *os_user, time_t now, struct auth_user *out, struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct user_row u;
    char source[80], actor[80];
    snprintf(source, sizeof source, "cli:%s", os_user);
    int rc = 0, delegated = 0;
    if (password) {
        rc = authenticate(r, name, password, source, now, &u, out, err);
    } else {
        int found = as_user_by_name(db, name, &u, err);
        if (found > 0 && !u.disabled && user_from_row(&u, out) == 0)
            delegated = as_delegation_live(db, u.id, os_user, err);
        if (found < 0 || delegated < 0)
            return -1;
        if (!delegated)
            return mz_fail(err, "not_delegated",
                           "以账户“%s”办理须证明身份：设置 MZ_PASSWORD 或在终端输入该账户的密码，"
                           "或由该账户登记委托（mz user delegate %s --os-user %s）",
                           name, name, os_user);
    }
    if (rc < 0 || db_begin(db, err) < 0)
        return -1;
    snprintf(actor, sizeof actor, "user:%s", u.name);
    if (password)
        rc = auth_throttle_clear(r, name, source, now, err);
    if (rc == 0)
        rc = audit_user(r, actor, password ? "user.cli_password" : "user.cli_delegated", &u, NULL,
                        source, err);
    return finish(r, rc, err);
}

int auth_delegate(struct registry *r, const char *name, const char *password,
                  const char *os_user, time_t now, struct mz_err *err)
{
    struct db *db = reg_db(r);
    struct user_row u;
    struct auth_user ignored;
    char source[80], actor[80], after[96];
    snprintf(source, sizeof source, "cli:%s", os_user);
    if (authenticate(r, name, password, source, now, &u, &ignored, err) < 0 ||
        db_begin(db, err) < 0)
        return -1;
    snprintf(actor, sizeof actor, "user:%s", u.name);
    snprintf(after, sizeof after, "os_user=%s", os_user);
    int live = as_delegation_live(db, u.id, os_user, err);
    int rc = live < 0 ? -1 : 0;
    if (rc == 0)
        rc = auth_throttle_clear(r, name, source, now, err);
    if (rc == 0 && !live && (rc = as_delegation_add(db, u.id, os_user, err)) == 0)
        rc = audit_user(r, actor, "user.delegate", &u, NULL, after, err);
    return finish(r, rc, err);
}

int auth_undelegate(struct registry *r, const char *actor, const char *name, const char *os_user,
                    struct mz_err *err)
{
    struct user_row u;
    char before[96];
    snprintf(before, sizeof before, "os_user=%s", os_user);
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    int n = 0, rc = find_user(r, name, &u, err);
    if (rc == 0)
        rc = as_delegation_revoke(reg_db(r), u.id, os_user, &n, err);
    if (rc == 0 && n == 0)
        rc = mz_fail(err, "not_delegated", "账户“%s”没有委托给操作系统用户“%s”", name, os_user);
    if (rc == 0)
        rc = audit_user(r, actor, "user.undelegate", &u, before, NULL, err);
    return finish(r, rc, err);
}

int auth_session_user(struct registry *r, const char *token, time_t now, struct auth_user *out,
                      struct mz_err *err)
{
    char digest[AUTH_TOKEN_HEX];
    if (auth_token_digest(token, digest) < 0)
        return 0;
    struct user_row u;
    int64_t expires, seen;
    int found = as_session_user(reg_db(r), digest, &u, &expires, &seen, err);
    if (found <= 0)
        return found;
    if (expires <= (int64_t)now || (int64_t)now - seen >= AUTH_IDLE_SECONDS || u.disabled ||
        user_from_row(&u, out) < 0)
        return 0;
    out->touch_due = (int64_t)now - seen >= AUTH_TOUCH_SECONDS;
    return auth_scope_load(r, out, err) < 0 ? -1 : 1;
}

int auth_session_touch(struct registry *r, const char *token, time_t now, struct mz_err *err)
{
    char digest[AUTH_TOKEN_HEX];
    if (auth_token_digest(token, digest) < 0)
        return 0;
    return as_session_touch(reg_db(r), digest, now, err);
}

int auth_logout(struct registry *r, const char *token, struct mz_err *err)
{
    char digest[AUTH_TOKEN_HEX];
    if (auth_token_digest(token, digest) < 0)
        return 0;
    struct user_row u;
    int64_t expires, seen;
    int found = as_session_user(reg_db(r), digest, &u, &expires, &seen, err);
    if (found <= 0)
        return found;
    char actor[80];
    snprintf(actor, sizeof actor, "user:%s", u.name);
    if (db_begin(reg_db(r), err) < 0)
        return -1;
    int rc = as_session_delete(reg_db(r), digest, err);
    if (rc == 0)
        rc = audit_user(r, actor, "user.logout", &u, NULL, NULL, err);
    return finish(r, rc, err);
}
