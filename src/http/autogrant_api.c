/* 免申即享 over HTTP (src/autogrant): the street office's list of the
 * households the monitoring found eligible for a program granted without
 * application, their consent recorded from the household page, the
 * caseworker's confirmation (enrolment and decision notice) or refusal;
 * and in 渝悦救助通 the resident's own findings, their consent online and
 * the signed PDF of their household's notices. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "auth/resident.h"
#include "autogrant/autogrant.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "notice/issue.h"
#include "pay/pay.h"
#include "registry/registry.h"
#include "store/noticestore.h"
#include "store/regstore.h"

/* The text the resident agrees to (the consent to data checks of
 * 渝悦救助通, for a benefit granted without application). */
static const char consent_text[] =
    "本人同意民政部门及其委托的机构，依法向公安、人力资源社会保障、住房城乡建设、自然资源、"
    "市场监管、税务、医疗保障、金融机构等单位查询、核对本人及共同生活家庭成员的户籍、收入、"
    "财产和支出等家庭经济状况，用于免申即享的审核确认和动态管理；核对符合条件的，无需申请即可"
    "纳入相应救助帮扶。";

/* Whether the caller's role works the 免申即享 list; else 403. */
static bool autogrant_role(const struct http_req *req, struct http_resp *resp)
{
    switch (req->user->role) {
    case ROLE_CITY_ADMIN:
    case ROLE_DISTRICT:
    case ROLE_STREET: return true;
    default:
        http_problem(resp, 403, "forbidden_role",
                     "免申即享名单只向街道/乡镇经办、区县民政和市级管理员开放", NULL);
        return false;
    }
}

static json_t *finding_json(const struct http_req *req, const struct finding_row *f)
{
    char amount[32];
    pay_yuan(f->amount, amount);
    char on[11] = "", by[16] = "";
    sscanf(f->consent, "%10s %15s", on, by);
    json_t *consent = f->consent[0] ? json_pack("{s:s, s:s}", "given_on", on, "given_by", by)
                                    : json_null();
    return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:s?, s:s?, "
                     "s:s?, s:s?}",
                     "id", (json_int_t)f->id, "program", f->program, "program_label",
                     http_program_label(req, f->program), "household_id",
                     (json_int_t)f->household_id, "household_no", f->hh_no, "head_name",
                     f->head_name, "office_name", http_division_name(req, f->office), "found_on",
                     f->found_on, "amount_yuan", amount, "state", f->state, "state_label",
                     ag_state_label(f->state), "consent", consent, "decided_on",
                     f->decided_on[0] ? f->decided_on : NULL, "start_month",
                     f->start_month[0] ? f->start_month : NULL, "notice_number",
                     f->notice_number[0] ? f->notice_number : NULL, "reason",
                     f->reason[0] ? f->reason : NULL);
}

struct list {
    const struct http_req *req;
    json_t *items;
};

static int add_finding(void *ctx, const struct finding_row *f)
{
    struct list *l = ctx;
    json_t *o = finding_json(l->req, f);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

void h_autogrant_findings(struct http_req *req, struct http_resp *resp)
{
    if (!autogrant_role(req, resp)) return;
    const char *state = http_query(req, "state");
    if (state && *state && strcmp(state, "found") != 0 && strcmp(state, "enrolled") != 0 &&
        strcmp(state, "refused") != 0) {
        http_problem(resp, 422, "invalid_value", "state 应为 found、enrolled 或 refused", "state");
        return;
    }
    const char *hh = http_query(req, "household_id");
    int64_t household = 0;
    if (hh && *hh && !http_parse_id(hh, &household)) {
        http_problem(resp, 422, "invalid_value", "household_id 应为家庭编号", "household_id");
        return;
    }
    const char (*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list l = {req, json_array()};
    struct mz_err err = {0};
    if (ags_findings(reg_db(req->reg), codes, n, state ? state : "", household, 500, add_finding,
                     &l, &err) != 0) {
        json_decref(l.items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", l.items));
}

/* Finding {id} in the caller's scope: 1, or 0 after the 404 or error. */
static int finding_in_scope(struct http_req *req, struct http_resp *resp, struct finding_row *f)
{
    int64_t id;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? ags_finding_get(reg_db(req->reg), id, f, &err)
                                                   : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return 0;
    }
    if (!found || !http_in_scope(req, f->office)) {
        http_not_found(resp, "免申即享发现", req->params[0]);
        return 0;
    }
    return 1;
}

/* The day of a step: body member date (YYYY-MM-DD) or today. */
static bool step_day(struct http_resp *resp, const char *text, mz_date *day)
{
    *day = text && *text ? date_parse(text) : date_today();
    if (*day != MZ_DATE_NONE) return true;
    http_problem(resp, 422, "invalid_value", "date 应为 YYYY-MM-DD", "date");
    return false;
}

void h_autogrant_confirm(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"date", NULL};
    if (!autogrant_role(req, resp) || !http_may_write(req, resp)) return;
    struct finding_row f;
    if (!finding_in_scope(req, resp, &f)) return;
    if (!req->policies || !req->notices_dir || !req->notice_key ||
        access(req->notice_key, R_OK) != 0) {
        http_problem(resp, 503, "no_notice_key",
                     "服务未配置决定书签章密钥（mz notice keygen，mz serve --key），不能出具决定书", NULL);
        return;
    }
    const char *v[1];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    mz_date day;
    if (step_day(resp, v[0], &day)) {
        char out[4200], actor[80];
        snprintf(out, sizeof out, "%s/免申即享%" PRId64 ".pdf", req->notices_dir, f.id);
        http_actor(req, actor);
        struct ag_notice notice = {req->notice_key, out, req->public_url};
        struct mz_err err = {0};
        struct finding_row done;
        if (ag_confirm(req->reg, req->policies, f.id, day, &notice, actor, &done, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 200, finding_json(req, &done));
    }
    json_decref(body);
}

void h_autogrant_refuse(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"reason", "date", NULL};
    if (!autogrant_role(req, resp) || !http_may_write(req, resp)) return;
    struct finding_row f;
    if (!finding_in_scope(req, resp, &f)) return;
    const char *v[2];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    mz_date day;
    if (step_day(resp, v[1], &day)) {
        char actor[80];
        http_actor(req, actor);
        struct mz_err err = {0};
        struct finding_row done;
        if (ag_refuse(req->reg, f.id, day, v[0], actor, &err) < 0 ||
            ags_finding_get(reg_db(req->reg), f.id, &done, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 200, finding_json(req, &done));
    }
    json_decref(body);
}

/* POST /api/v1/persons/{id}/autogrant-consent: the household page records
 * a member's consent (the signed form kept by the office). */
void h_autogrant_consent(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"given_on", "given_by", NULL};
    enum auth_role role = req->user->role;
    if (role != ROLE_CITY_ADMIN && role != ROLE_DISTRICT && role != ROLE_STREET &&
        role != ROLE_COMMUNITY) {
        http_problem(resp, 403, "forbidden_role", "授权核对由社区、街道/乡镇、区县和市级经办人员登记",
                     NULL);
        return;
    }
    if (!http_may_write(req, resp)) return;
    int64_t id = 0;
    struct person_row p;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? rs_person_get(reg_db(req->reg), id, &p, &err)
                                                   : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (!found || !http_in_scope(req, p.division)) {
        http_problem(resp, 404, "unknown_person", "没有这名人员（或不在您的管辖范围）", "person_id");
        return;
    }
    const char *v[2];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    char actor[80];
    http_actor(req, actor);
    if (ag_consent(req->reg, id, v[0], v[1], actor, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200, json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)id,
                                            "given_on", v[0], "given_by", v[1]));
    json_decref(body);
}

/* ---- 渝悦救助通 ------------------------------------------------------------ */

/* The household's notices, to give each enrolled finding its notice. */
struct notices {
    json_t *by_number; /* number → {sm3, verify_code, pdf} */
};

static int add_notice(void *ctx, const struct notice_row *n)
{
    struct notices *l = ctx;
    json_t *o = json_pack("{s:s, s:s, s:b}", "sm3", n->sm3, "verify_code", n->verify_code, "pdf",
                          n->pdf_online);
    return o && json_object_set_new(l->by_number, n->number, o) == 0 ? 0 : -1;
}

struct mine {
    const struct http_req *req;
    json_t *items, *notices;
};

static int add_mine(void *ctx, const struct finding_row *f)
{
    struct mine *m = ctx;
    json_t *notice = f->notice_number[0] ? json_object_get(m->notices, f->notice_number) : NULL;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s?, s:s?, s:s?, s:O?}", "id",
                          (json_int_t)f->id, "program_label", http_program_label(m->req, f->program),
                          "found_on", f->found_on, "state", f->state, "state_label",
                          ag_state_label(f->state), "consented", f->consent[0] != 0, "start_month",
                          f->start_month[0] ? f->start_month : NULL, "notice_number",
                          f->notice_number[0] ? f->notice_number : NULL, "reason",
                          f->reason[0] ? f->reason : NULL, "notice", notice);
    return o && json_array_append_new(m->items, o) == 0 ? 0 : -1;
}

void h_portal_autogrant(struct http_req *req, struct http_resp *resp)
{
    const struct auth_resident *r = req->resident;
    const char all[1][13] = {""};
    struct notices nl = {json_object()};
    struct mine m = {req, json_array(), nl.by_number};
    struct mz_err err = {0};
    int rc = ns_of_household(reg_db(req->reg), r->household_id, add_notice, &nl, &err);
    if (rc == 0)
        rc = ags_findings(reg_db(req->reg), all, 1, "", r->household_id, 50, add_mine, &m, &err);
    json_decref(nl.by_number);
    if (rc != 0) {
        json_decref(m.items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o, s:s}", "items", m.items, "consent_text", consent_text));
}

void h_portal_autogrant_consent(struct http_req *req, struct http_resp *resp)
{
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    if (!json_is_true(json_object_get(body, "consent"))) {
        http_problem(resp, 422, "consent_required", "请阅读并勾选同意授权核对", "consent");
        json_decref(body);
        return;
    }
    json_decref(body);
    char today[11];
    date_format(date_today(), today);
    struct mz_err err = {0};
    if (ag_consent(req->reg, req->resident->person_id, today, "本人", req->resident->actor, &err) <
        0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200, json_pack("{s:s, s:s}", "given_on", today, "given_by", "本人"));
}

struct by_code {
    const char *code;
    char sm3[65], number[192];
};

static int find_code(void *ctx, const struct notice_row *n)
{
    struct by_code *b = ctx;
    if (strcmp(n->verify_code, b->code) != 0) return 0;
    snprintf(b->sm3, sizeof b->sm3, "%s", n->sm3);
    snprintf(b->number, sizeof b->number, "%s", n->number);
    return 1;
}

/* GET /api/v1/portal/notices/{code}: the signed PDF of a notice of the
 * resident's household (by its verification code), shown inline. */
void h_portal_notice_pdf(struct http_req *req, struct http_resp *resp)
{
    struct by_code b = {.code = req->params[0]};
    struct mz_err err = {0};
    int found = ns_of_household(reg_db(req->reg), req->resident->household_id, find_code, &b, &err);
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (!found) {
        http_not_found(resp, "决定书", req->params[0]);
        return;
    }
    char *pdf;
    size_t len;
    if (notice_pdf_read(req->reg, b.sm3, req->resident->actor, &pdf, &len, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    resp->status = 200;
    resp->body = pdf;
    resp->len = len;
    resp->type = "application/pdf";
    snprintf(resp->disposition, sizeof resp->disposition, "inline; filename=\"notice-%s.pdf\"",
             req->params[0]);
}
