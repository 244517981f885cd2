/* 渝悦救助通, the residents' portal over HTTP (docs/portal.md): sign-in by
 * one-time code (auth/resident.h), then — for the resident's own
 * household only — the application types with the consent text, applying
 * online (the cases engine, channel 网上申请), the household's cases with
 * their status and legal deadline, one case with its steps, files,
 * decision notices and objection, uploads and downloads. Another
 * household's case answers 404 exactly as a missing one. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/resident.h"
#include "base/mem.h"
#include "cases/attachment.h"
#include "cases/case.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "http/work.h"
#include "notice/notice.h"
#include "pay/pay.h"
#include "registry/registry.h"
#include "store/casestore.h"
#include "store/noticestore.h"
#include "store/regstore.h"

static struct case_env env_of(const struct http_req *req)
{
    return (struct case_env){req->reg, req->cal, req->policies};
}

/* ---- sign-in ---------------------------------------------------------- */

void h_portal_code(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"id_number", "name", "phone", NULL};
    const char *v[3];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct mz_err err = {0};
    if (auth_resident_code(req->reg, v[0], v[1], v[2], req->client, time(NULL), &err) < 0) {
        if (strcmp(err.code, "throttled") == 0) resp->retry_after = AUTH_THROTTLE_SECONDS;
        http_problem_err(resp, &err);
    } else {
        http_send_json(resp, 202,
                       json_pack("{s:s, s:i}", "message",
                                 "如身份证号、姓名与登记的手机号码相符，验证码已发送到该手机，"
                                 "5 分钟内有效",
                                 "expires_in", RESIDENT_CODE_SECONDS));
    }
    json_decref(body);
}

static json_t *resident_json(const struct http_req *req, const struct auth_resident *r)
{
    return json_pack("{s:s, s:s, s:s, s:o}", "name", r->name, "id_number_masked", r->id_masked,
                     "household_no", r->hh_no, "division_name",
                     http_division_name(req, r->division));
}

void h_portal_login(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"id_number", "code", NULL};
    const char *v[2];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct mz_err err = {0};
    char token[AUTH_TOKEN_HEX];
    struct auth_resident r;
    if (auth_resident_login(req->reg, v[0], v[1], req->client, time(NULL), token, &r, &err) < 0) {
        if (strcmp(err.code, "throttled") == 0) resp->retry_after = AUTH_THROTTLE_SECONDS;
        http_problem_err(resp, &err);
    } else {
        http_session_cookie(req, resp, token);
        http_send_json(resp, 200,
                       json_pack("{s:s, s:s, s:i, s:o}", "token", token, "token_type", "Bearer",
                                 "expires_in", AUTH_SESSION_SECONDS, "resident",
                                 resident_json(req, &r)));
    }
    json_decref(body);
}

void h_portal_logout(struct http_req *req, struct http_resp *resp)
{
    struct mz_err err = {0};
    if (auth_resident_logout(req->reg, http_session_token(req), &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    http_session_cookie(req, resp, NULL);
    resp->status = 204;
}

/* ---- the household ---------------------------------------------------- */

struct members_ctx {
    struct db *db;
    int64_t self;
    json_t *items;
    struct mz_err *err;
};

/* A member: name and relation; the ID number masked (the resident's own
 * as well: the portal never shows one in full). */
static int add_member(void *ctx, const struct member_row *m)
{
    struct members_ctx *mc = ctx;
    struct person_row p;
    if (rs_person_get(mc->db, m->person_id, &p, mc->err) <= 0) return -1;
    json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "name", p.name, "relation", m->relation,
                          "id_number_masked", p.id_masked, "is_self", m->person_id == mc->self);
    return o && json_array_append_new(mc->items, o) == 0 ? 0 : -1;
}

void h_portal_me(struct http_req *req, struct http_resp *resp)
{
    struct mz_err err = {0};
    struct members_ctx mc = {reg_db(req->reg), req->resident->person_id, json_array(), &err};
    if (rs_scan_members(mc.db, date_today(), req->resident->household_id, add_member, &mc, &err) !=
        0) {
        json_decref(mc.items);
        http_problem_err(resp, &err);
        return;
    }
    json_t *o = resident_json(req, req->resident);
    json_object_set_new(o, "members", mc.items);
    http_send_json(resp, 200, o);
}

void h_portal_programs(struct http_req *req, struct http_resp *resp)
{
    size_t n;
    const struct procedure *all = proc_all(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        if (!all[i].is_contest)
            json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "type", all[i].type, "label",
                                                   all[i].label, "one_off", all[i].is_one_off));
    http_send_json(resp, 200,
                   json_pack("{s:o, s:{s:s, s:s}, s:i}", "items", items, "consent", "version",
                             CASE_CONSENT_VERSION, "text", case_consent_text(), "max_file_mb",
                             CASE_ATTACH_MAX / (1024 * 1024)));
}

/* The case for the signed-in resident: 1 if it is their household's, 0
 * (missing and another household's alike), -1. */
static int own_case(const struct http_req *req, const char *text, int64_t *id, struct case_row *c,
                    struct mz_err *err)
{
    if (!http_parse_id(text, id)) return 0;
    int found = cs_case_get(reg_db(req->reg), *id, c, err);
    return found == 1 && c->household_id != req->resident->household_id ? 0 : found;
}

static json_t *case_head(const struct http_req *req, const struct case_row *c, struct mz_err *err)
{
    struct http_case_summary sum;
    struct application_row app;
    http_case_summary(req, c, &sum);
    int has_app = cs_application_get(reg_db(req->reg), c->id, &app, err);
    if (has_app < 0) return NULL;
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:s, s:s, s:s?}", "id",
                  (json_int_t)c->id, "type", c->type, "type_label", sum.type_label, "state",
                  c->state, "state_label", sum.state_label, "is_final", sum.is_final, "opened_on",
                  http_date_json(c->opened_on), "deadline", http_date_json(c->deadline),
                  "closed_on", http_date_json(c->closed_on), "days_left",
                  sum.known && sum.has_deadline ? json_integer(sum.days_left) : json_null(), "flag",
                  sum.flag, "flag_label", sum.flag_label, "channel_label",
                  has_app ? case_channel_label(app.channel) : NULL);
    if (!o) mz_fail(err, "out_of_memory", "内存不足");
    return o;
}

void h_portal_cases(struct http_req *req, struct http_resp *resp)
{
    struct db *db = reg_db(req->reg);
    struct mz_err err = {0};
    int64_t *ids;
    size_t n;
    if (cs_case_ids_of_household(db, req->resident->household_id, &ids, &n, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    json_t *items = json_array();
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct case_row c;
        json_t *o = NULL;
        if (cs_case_get(db, ids[i], &c, &err) <= 0 || !(o = case_head(req, &c, &err)) ||
            json_array_append_new(items, o) < 0)
            rc = -1;
    }
    mz_free(ids);
    if (rc < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", items));
}

/* ---- applying --------------------------------------------------------- */

/* An open case of type for the household: 1, 0, -1. */
static int open_case_of(struct db *db, int64_t household_id, const char *type, struct mz_err *err)
{
    int64_t *ids;
    size_t n;
    if (cs_case_ids_of_household(db, household_id, &ids, &n, err) < 0) return -1;
    int found = 0;
    for (size_t i = 0; i < n && found == 0; i++) {
        struct case_row c;
        found = cs_case_get(db, ids[i], &c, err);
        if (found == 1) found = strcmp(c.type, type) == 0 && c.closed_on == MZ_DATE_NONE;
    }
    mz_free(ids);
    return found;
}

void h_portal_apply(struct http_req *req, struct http_resp *resp)
{
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val)
    {
        bool flag = strcmp(key, "consent") == 0;
        if (!flag && strcmp(key, "type") && strcmp(key, "consent_version") && strcmp(key, "note")) {
            char detail[120];
            snprintf(detail, sizeof detail, "不认识的字段“%.40s”", key);
            http_problem(resp, 400, "unknown_field", detail, key);
            json_decref(body);
            return;
        }
        if (flag ? !json_is_boolean(val) : !json_is_string(val)) {
            http_problem(resp, 400, "wrong_type",
                         flag ? "consent 应为 true 或 false" : "字段应为字符串", key);
            json_decref(body);
            return;
        }
    }
    const char *type = json_string_value(json_object_get(body, "type"));
    const char *version = json_string_value(json_object_get(body, "consent_version"));
    const char *note = json_string_value(json_object_get(body, "note"));
    const struct procedure *p = type ? proc_find(type) : NULL;
    struct mz_err err = {0};
    int dup = 0;
    if (!type) {
        http_problem(resp, 422, "missing_field", "请选择申请的救助项目", "type");
    } else if (!p || p->is_contest) {
        http_problem(resp, 422, "unknown_type", "不能网上申请这个项目", "type");
    } else if (!json_is_true(json_object_get(body, "consent"))) {
        http_problem(resp, 422, "consent_required",
                     "须阅读并同意《授权核对家庭经济状况》后才能提交申请", "consent");
    } else if (!version || strcmp(version, CASE_CONSENT_VERSION) != 0) {
        http_problem(resp, 422, "consent_outdated", "授权书内容已更新，请重新阅读并同意",
                     "consent_version");
    } else if ((dup = open_case_of(reg_db(req->reg), req->resident->household_id, type, &err)) !=
               0) {
        if (dup < 0)
            http_problem_err(resp, &err);
        else
            http_problem(resp, 409, "already_applied",
                         "本户已有一件正在办理的同类申请，请在“我的申请”中查看进度", "type");
    } else {
        struct case_env env = env_of(req);
        struct case_application online = {"online", NULL};
        struct case_open_in in = {.type = type,
                                  .household_no = req->resident->hh_no,
                                  .actor = req->resident->actor,
                                  .note = note,
                                  .day = date_today()};
        int64_t id;
        struct case_row c;
        json_t *o = NULL;
        if (case_apply(&env, &in, &online, req->resident->person_id, &id, &err) < 0 ||
            case_get(&env, id, &c, &err) <= 0 || !(o = case_head(req, &c, &err)))
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, o);
    }
    json_decref(body);
}

/* ---- one case ---------------------------------------------------------- */

struct steps_ctx {
    const struct procedure *p;
    const char *mine;
    json_t *items;
    bool decided;
};

/* A step as the resident sees it: what was done, when, and by whom in
 * words (本人, or the civil-affairs office — never a staff account). */
static int add_step(void *ctx, const struct step_row *s)
{
    struct steps_ctx *sc = ctx;
    const struct proc_state *to = proc_state(sc->p, s->to_state);
    sc->decided |= strcmp(s->action, "approve") == 0 || strcmp(s->action, "reject") == 0;
    json_t *o =
        json_pack("{s:s, s:s, s:o, s:s, s:s?}", "label", proc_action_label(sc->p, s->action),
                  "to_label", to ? to->label : s->to_state, "day", http_date_json(s->day), "by",
                  strcmp(s->actor, sc->mine) == 0 ? "本人" : "民政部门", "reason",
                  s->reason[0] ? s->reason : NULL);
    return o && json_array_append_new(sc->items, o) == 0 ? 0 : -1;
}

struct notices_ctx {
    const struct http_req *req;
    const char *programs; /* the procedure's, comma-separated */
    json_t *items;
};

static bool listed(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, name, n) == 0) return true;
        p += len + (p[len] == ',');
    }
    return false;
}

/* A notice of the case's programs: its number, decision, date, text and
 * the SM3 of the signed PDF on the bureau's record. */
static int add_notice(void *ctx, const struct notice_row *n)
{
    struct notices_ctx *nc = ctx;
    if (!listed(nc->programs, n->program)) return 0;
    enum notice_decision d;
    char amount[32];
    pay_yuan(n->amount, amount);
    const char *word =
        notice_decision_parse(n->decision, &d, NULL) == 0 ? notice_decision_word(d) : n->decision;
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:b}", "number", n->number,
                  "program_label", http_program_label(nc->req, n->program), "decision_label", word,
                  "amount_yuan", amount, "issued", http_date_json(n->issued), "effective",
                  http_date_json(n->effective), "sm3", n->sm3, "text", n->text, "verification",
                  "已核验：本决定书在民政部门签发记录中，SM2 电子签章的 PDF 与此 SM3 "
                  "摘要一致方为原件", "verify_code", n->verify_code, "pdf", n->pdf_online);
    return o && json_array_append_new(nc->items, o) == 0 ? 0 : -1;
}

struct contests_ctx {
    struct db *db;
    int64_t of_case;
    json_t *items;
    struct mz_err *err;
};

/* The household's contests (异议, 行政复议) of case of_case. */
static int find_contests(struct contests_ctx *cc, int64_t household_id, const struct http_req *req)
{
    int64_t *ids;
    size_t n;
    if (cs_case_ids_of_household(cc->db, household_id, &ids, &n, cc->err) < 0) return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct contest_row k = {.explanation = NULL};
        struct case_row c;
        int found = cs_contest_get(cc->db, ids[i], &k, cc->err);
        if (found < 0) {
            rc = -1;
            break;
        }
        mz_free(k.explanation);
        if (!found || k.of_case != cc->of_case) continue;
        json_t *o =
            cs_case_get(cc->db, ids[i], &c, cc->err) == 1 ? case_head(req, &c, cc->err) : NULL;
        if (!o || json_array_append_new(cc->items, o) < 0) rc = -1;
    }
    mz_free(ids);
    return rc;
}

void h_portal_case(struct http_req *req, struct http_resp *resp)
{
    struct db *db = reg_db(req->reg);
    struct mz_err err = {0};
    int64_t id;
    struct case_row c;
    int found = own_case(req, req->params[0], &id, &c, &err);
    if (found <= 0) {
        if (found < 0)
            http_problem_err(resp, &err);
        else
            http_not_found(resp, "案件", req->params[0]);
        return;
    }
    const struct procedure *p = proc_find(c.type);
    struct steps_ctx sc = {p, req->resident->actor, json_array(), false};
    struct notices_ctx nc = {req, p ? p->programs : NULL, json_array()};
    struct contests_ctx cc = {db, id, json_array(), &err};
    json_t *o = p ? case_head(req, &c, &err) : NULL;
    json_t *files = o ? http_attachments_json(req, id, req->resident->actor, &err) : NULL;
    int rc = files ? 0 : -1;
    if (rc == 0 && cs_steps(db, id, add_step, &sc, &err) != 0) rc = -1;
    if (rc == 0 && ns_of_household(db, c.household_id, add_notice, &nc, &err) != 0) rc = -1;
    if (rc == 0) rc = find_contests(&cc, c.household_id, req);
    if (rc < 0) {
        json_decref(o);
        json_decref(files);
        json_decref(sc.items);
        json_decref(nc.items);
        json_decref(cc.items);
        if (!p && !err.msg[0]) mz_fail(&err, "unknown_type", "案件的类型没有办理程序");
        http_problem_err(resp, &err);
        return;
    }
    json_object_set_new(o, "steps", sc.items);
    json_object_set_new(o, "files", files);
    json_object_set_new(o, "notices", nc.items);
    json_object_set_new(o, "objections", cc.items);
    json_object_set_new(
        o, "may_object",
        json_boolean(sc.decided && !p->is_contest && json_array_size(cc.items) == 0));
    json_object_set_new(o, "may_upload", json_boolean(c.closed_on == MZ_DATE_NONE));
    http_send_json(resp, 200, o);
}

/* Runs an upload or download when case {id} is the resident's own. */
static bool own_case_or_404(struct http_req *req, struct http_resp *resp, int64_t *id)
{
    struct mz_err err = {0};
    struct case_row c;
    int found = own_case(req, req->params[0], id, &c, &err);
    if (found < 0)
        http_problem_err(resp, &err);
    else if (found == 0)
        http_not_found(resp, "案件", req->params[0]);
    return found == 1;
}

void h_portal_attach(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    if (own_case_or_404(req, resp, &id)) http_attach_upload(req, resp, id, req->resident->actor);
}

void h_portal_attach_get(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    if (own_case_or_404(req, resp, &id))
        http_attach_download(req, resp, id, req->params[1], req->resident->actor);
}

void h_portal_objection(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"reason", NULL};
    const char *v[1];
    int64_t id;
    json_t *body = NULL;
    if (!own_case_or_404(req, resp, &id) || !(body = http_body_strings(req, resp, names, v)))
        return;
    struct mz_err err = {0};
    if (!v[0] || !v[0][0]) {
        http_problem(resp, 422, "reason_required", "请写明异议的理由", "reason");
    } else {
        struct case_env env = env_of(req);
        struct case_contest_in in = {.type = "objection",
                                     .of_case = id,
                                     .reason = v[0],
                                     .actor = req->resident->actor,
                                     .day = date_today()};
        int64_t cid;
        struct case_row c;
        json_t *o = NULL;
        if (case_contest_open(&env, &in, &cid, &err) < 0 || case_get(&env, cid, &c, &err) <= 0 ||
            !(o = case_head(req, &c, &err)))
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, o);
    }
    json_decref(body);
}
