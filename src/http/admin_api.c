/* The three administrators' own routes (三权分立, docs/security.md): the
 * system administrator's accounts (business-role accounts only), the
 * security administrator's locks, sessions, second factors and security
 * events, the audit administrator's reading and checking of the audit log.
 * routes.c lets each role reach only its own routes, and no one else
 * reach them; every action is audited, reads included. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/totp.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "registry/registry.h"
#include "store/auditstore.h"
#include "store/authstore.h"

/* Records a read by an administrator (the list of accounts, the log) in
 * the audit log, in its own transaction: false after a 500/503 problem. */
static bool audit_read(struct http_req *req, struct http_resp *resp, const char *action,
                       const char *detail)
{
    struct mz_err err = {0};
    struct db *db = reg_db(req->reg);
    struct audit_event ev = {req->actor, action, "audit", NULL, NULL, NULL, detail};
    if (db_begin(db, &err) < 0 || audit_append(db, reg_vault(req->reg), &ev, &err) < 0 ||
        db_commit(db, &err) < 0) {
        db_rollback(db);
        http_problem_err(resp, &err);
        return false;
    }
    return true;
}

/* ---- the accounts, as the system and security administrators see them */

struct accounts {
    const struct http_req *req;
    json_t *items;
};

static int account_json(void *ctx, const struct account_row *a)
{
    struct accounts *x = ctx;
    enum auth_role role;
    if (auth_role_parse(a->role, &role, NULL) < 0)
        return 0; /* a role this version does not know: not listed */
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:b, s:s, s:o, s:o, s:b, s:i, s:i, s:b}", "name", a->name, "role",
        a->role, "role_label", auth_role_label(role), "admin", auth_role_is_admin(role),
        "division_name", http_division_name(x->req, a->division), "disabled",
        json_boolean(a->disabled), "last_login", a->last_login[0] ? json_string(a->last_login)
                                                                : json_null(),
        "totp", a->totp, "sessions", (int)a->sessions, "failures", (int)a->failures, "locked",
        a->failures >= AUTH_THROTTLE_FAILURES);
    return o && json_array_append_new(x->items, o) == 0 ? 0 : -1;
}

static void send_accounts(struct http_req *req, struct http_resp *resp, const char *action)
{
    struct mz_err err = {0};
    struct accounts x = {req, json_array()};
    time_t now = time(NULL);
    if (!x.items || !audit_read(req, resp, action, NULL)) {
        if (!x.items)
            http_problem_err(resp, &err);
        json_decref(x.items);
        return;
    }
    if (as_account_scan(reg_db(req->reg), (int64_t)now, (int64_t)now - AUTH_THROTTLE_SECONDS,
                        account_json, &x, &err) != 0) {
        json_decref(x.items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", x.items));
}

/* The account named in the path, refused when it is an administrator's
 * (those are changed only by `mz user` on the server) or, for the security
 * administrator, its own. 0, or -1 after the problem. */
static int target(struct http_req *req, struct http_resp *resp, enum auth_role *role)
{
    struct mz_err err = {0};
    const char *name = req->params[0];
    if (auth_user_role(req->reg, name, role, &err) < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (strcmp(name, req->user->name) == 0) {
        http_problem(resp, 403, "own_account",
                     "三权分立：管理员不能对自己的账户办理此事项，须由其他管理员或在服务器上办理",
                     "name");
        return -1;
    }
    if (req->user->role == ROLE_SYS_ADMIN && auth_role_is_admin(*role)) {
        char detail[200];
        snprintf(detail, sizeof detail,
                 "“%s”是%s账户：管理员账户只能由服务器上的 mz user 命令办理", name,
                 auth_role_label(*role));
        http_problem(resp, 403, "admin_account", detail, "name");
        return -1;
    }
    return 0;
}

/* ---- 系统管理员: 账号管理 ---------------------------------------------- */

void h_admin_accounts(struct http_req *req, struct http_resp *resp)
{
    send_accounts(req, resp, "admin.accounts");
}

void h_admin_account_add(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"name", "role", "division", "password", NULL};
    const char *v[4];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body)
        return;
    static const char *const labels[] = {"name（账户名）", "role（角色）", "division（管辖区划）",
                                          "password（初始密码）"};
    struct mz_err err = {0};
    enum auth_role role;
    char detail[200];
    int missing = !v[0] ? 0 : !v[1] ? 1 : !v[2] ? 2 : !v[3] ? 3 : -1;
    if (missing >= 0) {
        snprintf(detail, sizeof detail, "缺少必填项：%s", labels[missing]);
        http_problem(resp, 422, "missing_field", detail, names[missing]);
    } else if (auth_role_parse(v[1], &role, &err) < 0) {
        http_problem_err(resp, &err);
    } else if (auth_role_is_admin(role)) {
        snprintf(detail, sizeof detail,
                 "%s账户只能由服务器上的 mz user add 命令新增（须登记持有人身份证号）",
                 auth_role_label(role));
        http_problem(resp, 403, "admin_account", detail, "role");
    } else if (auth_user_add(req->reg, req->actor, v[0], role, v[2], v[3], &err) < 0) {
        http_problem_err(resp, &err);
    } else {
        http_send_json(resp, 201, json_pack("{s:s, s:s, s:s}", "name", v[0], "role", v[1],
                                            "role_label", auth_role_label(role)));
    }
    json_decref(body);
}

void h_admin_account_step(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"password", NULL};
    const char *v[1];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body)
        return;
    struct mz_err err = {0};
    enum auth_role role;
    const char *action = req->params[1];
    bool disable = strcmp(action, "disable") == 0, passwd = strcmp(action, "password") == 0;
    if (!disable && !passwd)
        http_problem(resp, 404, "not_found", "没有这个操作：应为 disable（停用）或 password（重设密码）",
                     NULL);
    else if (target(req, resp, &role) < 0)
        ;
    else if (passwd && !v[0])
        http_problem(resp, 422, "missing_field", "缺少必填项：password（新密码）", "password");
    else if ((disable ? auth_user_disable(req->reg, req->actor, req->params[0], &err)
                      : auth_user_passwd(req->reg, req->actor, req->params[0], v[0], &err)) < 0)
        http_problem_err(resp, &err);
    else
        resp->status = 204;
    json_decref(body);
}

/* ---- 安全管理员: 安全管理 ---------------------------------------------- */

void h_security_accounts(struct http_req *req, struct http_resp *resp)
{
    send_accounts(req, resp, "security.accounts");
}

void h_security_step(struct http_req *req, struct http_resp *resp)
{
    struct mz_err err = {0};
    enum auth_role role;
    const char *action = req->params[1], *name = req->params[0];
    int rc;
    if (strcmp(action, "unlock") != 0 && strcmp(action, "end-sessions") != 0 &&
        strcmp(action, "reset-totp") != 0 && strcmp(action, "enroll-totp") != 0) {
        http_problem(resp, 404, "not_found",
                     "没有这个操作：应为 unlock（解除锁定）、end-sessions（结束会话）、"
                     "enroll-totp（启用动态口令）或 reset-totp（重置动态口令）",
                     NULL);
        return;
    }
    if (target(req, resp, &role) < 0)
        return;
    if (strcmp(action, "enroll-totp") == 0) {
        /* the security administrator requires the second factor: the new
         * secret is shown this once, to hand to the account's holder */
        char secret[TOTP_BASE32_LEN], uri[256];
        if (auth_totp_enroll(req->reg, req->actor, name, secret, &err) < 0) {
            http_problem_err(resp, &err);
            return;
        }
        totp_uri(name, secret, uri, sizeof uri);
        http_send_json(resp, 200, json_pack("{s:s, s:s}", "secret", secret, "otpauth", uri));
        explicit_bzero(secret, sizeof secret);
        explicit_bzero(uri, sizeof uri);
        return;
    }
    if (strcmp(action, "unlock") == 0)
        rc = auth_user_unlock(req->reg, req->actor, name, &err);
    else if (strcmp(action, "end-sessions") == 0)
        rc = auth_user_end_sessions(req->reg, req->actor, name, &err);
    else
        rc = auth_totp_remove(req->reg, req->actor, name, &err);
    if (rc < 0)
        http_problem_err(resp, &err);
    else
        resp->status = 204;
}

/* ---- the log: the security administrator's events, the audit
 * administrator's whole log ---------------------------------------------- */

static int entry_json(void *ctx, const struct audit_view *v)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "seq", (json_int_t)v->seq,
                          "at", v->at, "actor", v->actor, "action", v->action, "entity", v->entity,
                          "entity_id", v->entity_id, "detail", v->detail, "account", v->account);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

/* A date query argument as the ISO text bound of the log's times: from
 * that day's start, or (end) to the next day's; "" if absent. */
static bool date_bound(const struct http_req *req, struct http_resp *resp, const char *name,
                       bool end, char out[16])
{
    const char *s = http_query(req, name);
    out[0] = '\0';
    if (!s)
        return true;
    mz_date d = date_parse(s);
    if (d == MZ_DATE_NONE) {
        char detail[120];
        snprintf(detail, sizeof detail, "参数 %s 应为 YYYY-MM-DD，实为“%.40s”", name, s);
        http_problem(resp, 400, "invalid_parameter", detail, name);
        return false;
    }
    date_format(end ? d + 1 : d, out);
    return true;
}

static void send_log(struct http_req *req, struct http_resp *resp, bool security)
{
    long page, per_page, total;
    char from[16], to[16];
    if (!http_query_page(req, resp, &page, &per_page) || !date_bound(req, resp, "from", false, from) ||
        !date_bound(req, resp, "to", true, to))
        return;
    struct audit_filter f = {http_query(req, "actor"), http_query(req, "action"), from, to,
                             security, http_query(req, "admins") != NULL};
    char detail[200];
    snprintf(detail, sizeof detail, "actor=%.40s action=%.40s from=%s to=%s page=%ld",
             f.actor ? f.actor : "", f.action ? f.action : "", from, to, page);
    struct mz_err err = {0};
    json_t *items = json_array();
    if (!items) {
        http_problem_err(resp, &err);
        return;
    }
    if (!audit_read(req, resp, security ? "security.events" : "audit.read", detail)) {
        json_decref(items);
        return;
    }
    if (as_query(reg_db(req->reg), &f, per_page, (page - 1) * per_page, entry_json, items, &total,
                 &err) != 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, http_page_json(items, page, per_page, total));
}

void h_security_events(struct http_req *req, struct http_resp *resp)
{
    send_log(req, resp, true);
}

void h_audit_log(struct http_req *req, struct http_resp *resp)
{
    send_log(req, resp, false);
}

/* ---- 审计管理员: 校验 (as `mz audit verify`) ---------------------------- */

void http_audit_files(const struct http_req *req, struct http_audit_files *out)
{
    const char *cp = getenv("MZ_AUDIT_CHECKPOINT"), *pub = getenv("MZ_NOTICE_PUBKEY");
    if (cp && *cp)
        snprintf(out->checkpoint, sizeof out->checkpoint, "%s", cp);
    else
        snprintf(out->checkpoint, sizeof out->checkpoint, "%s.audit", db_path(reg_db(req->reg)));
    out->pubkey = pub && *pub ? pub : "notice-key.pub.pem";
}

/* The chain, the purge anchor and the newest signed checkpoint, as `mz
 * audit verify` checks them: intact or the first thing wrong, and the
 * checkpoint compared with (null when there is no checkpoint file, which
 * the page says cannot show a log emptied or cut at its end). */
void h_audit_verify(struct http_req *req, struct http_resp *resp)
{
    struct audit_report rep = {0};
    struct audit_checkpoint cp;
    struct http_audit_files files;
    struct mz_err err = {0};
    int found = 0;
    if (!audit_read(req, resp, "audit.verify", NULL))
        return;
    http_audit_files(req, &files);
    int rc = audit_verify_all(reg_db(req->reg), reg_vault(req->reg), files.checkpoint,
                              files.pubkey, &rep, &cp, &found, &err);
    if (rc < 0 && db_failed(&err)) {
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200,
                   json_pack("{s:b, s:I, s:I, s:I, s:s, s:s, s:s?, s:o}", "intact", rc == 0,
                             "entries", (json_int_t)rep.entries, "purged", (json_int_t)rep.purged,
                             "first_bad", (json_int_t)rep.first_bad, "head", rep.head, "detail",
                             rc == 0 ? "" : err.msg, "code", rc == 0 ? NULL : err.code,
                             "checkpoint",
                             rc == 0 && found
                                 ? json_pack("{s:s, s:I, s:s}", "at", cp.at, "entries",
                                             (json_int_t)cp.entries, "head", cp.head)
                                 : json_null()));
}
