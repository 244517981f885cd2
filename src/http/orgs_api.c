/* Social organizations over HTTP: the register (staff in their scope, an
 * organization account its own record only), applications and the
 * registry's decisions, annual reports and their review, the credit lists,
 * and the public query by name or code (no account). The rules live in
 * src/org. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/orgjson.h"
#include "http/scope.h"
#include "monitor/monitor.h"
#include "org/credit.h"
#include "org/org.h"
#include "charity/charity.h"
#include "org/report.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/charitystore.h"
#include "store/regstore.h"

/* ---- shared with charity_api.c (orgjson.h) -------------------------------- */

bool http_member_text(json_t *body, struct http_resp *resp, const char *name, const char **out)
{
    json_t *v = json_object_get(body, name);
    *out = json_string_value(v);
    if (!v || json_is_string(v) || json_is_null(v)) return true;
    char detail[96];
    snprintf(detail, sizeof detail, "字段 %s 应为文字", name);
    http_problem(resp, 422, "wrong_type", detail, name);
    return false;
}

bool http_member_yuan(json_t *body, struct http_resp *resp, const char *name, int64_t *fen)
{
    json_t *v = json_object_get(body, name);
    *fen = 0;
    if (!v || json_is_null(v)) return true;
    double y = json_number_value(v);
    if (json_is_number(v) && fabs(y) < 1e13 && fabs(y * 100 - round(y * 100)) < 1e-6) {
        *fen = (int64_t)llround(y * 100);
        return true;
    }
    char detail[96];
    snprintf(detail, sizeof detail, "字段 %s 应为金额（元，至多两位小数）", name);
    http_problem(resp, 422, "invalid_value", detail, name);
    return false;
}

bool http_need_env(struct http_req *req, struct http_resp *resp, struct mon_env *env)
{
    if (!req->policies || !req->cal) {
        http_problem(resp, 503, "no_policies", "服务未加载政策文件", NULL);
        return false;
    }
    *env = (struct mon_env){req->reg, req->policies, req->cal};
    return true;
}

int http_org_in_reach(struct http_req *req, struct http_resp *resp, int64_t id,
                      struct org_row *out)
{
    struct mz_err err = {0};
    int found = id > 0 ? os_org_get(reg_db(req->reg), id, out, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    int64_t mine = http_user_org(req);
    if (!found || (mine >= 0 ? out->id != mine : !http_in_scope(req, out->division))) {
        http_problem(resp, 404, "unknown_org", "没有这个社会组织（或不在您的管辖范围）", NULL);
        return 0;
    }
    return 1;
}

json_t *http_yuan(int64_t fen)
{
    return json_real((double)fen / 100.0);
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *org_json(const struct http_req *req, const struct org_row *o)
{
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:b, s:I, s:I, s:s, s:s, s:s?, "
        "s:s?, s:s?}",
        "id", (json_int_t)o->id, "uscc", o->uscc, "name", o->name, "kind", o->kind, "kind_label",
        org_kind_label(o->kind), "field", o->field, "supervisor", o->supervisor, "legal_rep",
        o->legal_rep_name, "division_name", http_division_name(req, o->division), "address",
        o->address, "funds", http_yuan(o->funds), "public_fundraising", o->public_fundraising,
        "members_individual", (json_int_t)o->members_individual, "members_unit",
        (json_int_t)o->members_unit, "status", o->status, "status_label",
        org_status_label(o->status), "registered_on", o->registered_on[0] ? o->registered_on : NULL,
        "charity_on", o->charity_on[0] ? o->charity_on : NULL, "fundraising_on",
        o->fundraising_on[0] ? o->fundraising_on : NULL);
    if (j) json_object_set_new(j, "division", json_string(o->division));
    return j;
}

static json_t *credit_json(const struct org_credit_row *c)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?}", "id",
                     (json_int_t)c->id, "org_id", (json_int_t)c->org_id, "org_name", c->org_name,
                     "list", c->list, "list_label", credit_list_label(c->list), "cause", c->cause,
                     "entered_on", c->entered_on, "exit_on", c->exit_on[0] ? c->exit_on : NULL,
                     "exited_on", c->exited_on[0] ? c->exited_on : NULL, "exit_reason",
                     c->exit_reason[0] ? c->exit_reason : NULL);
}

struct report_ctx {
    struct http_req *req;
    const struct org_row *org; /* NULL: look each one up */
    json_t *items;
    const char *result; /* a filter: "" all, "pending" not reviewed */
};

static int report_json(void *ctx, const struct org_report_row *r)
{
    struct report_ctx *c = ctx;
    if (c->result && strcmp(c->result, "pending") == 0 && r->result[0]) return 0;
    struct org_row org;
    struct mz_err err = {0};
    const struct org_row *o = c->org;
    if (!o) {
        if (os_org_get(reg_db(c->req->reg), r->org_id, &org, &err) != 1) return -1;
        if (http_user_org(c->req) < 0 && !http_in_scope(c->req, org.division)) return 0;
        o = &org;
    }
    struct mon_env env = {c->req->reg, c->req->policies, c->req->cal};
    struct org_ratios q;
    if (org_report_ratios(&env, o, r, &q, &err) < 0) return -1;
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s?, "
        "s:s?, s:s?}",
        "org_id", (json_int_t)o->id, "org_name", o->name, "kind_label", org_kind_label(o->kind),
        "uscc", o->uscc, "year", r->year, "due_on", r->due_on, "submitted_on", r->submitted_on,
        "late", strcmp(r->submitted_on, r->due_on) > 0, "income", http_yuan(r->income),
        "prev_income", http_yuan(r->prev_income), "charitable", http_yuan(r->charitable), "admin",
        http_yuan(r->admin), "other_spending", http_yuan(r->other_spending), "spending",
        http_yuan(r->spending), "net_assets", http_yuan(r->net_assets), "prev_net_assets",
        http_yuan(r->prev_net_assets), "result", r->result[0] ? r->result : NULL, "findings",
        r->findings[0] ? r->findings : NULL, "rectify_by", r->rectify_by[0] ? r->rectify_by : NULL);
    if (j && q.applies)
        json_object_set_new(
            j, "ratios",
            json_pack("{s:f, s:f, s:b, s:f, s:f, s:b, s:s}", "spend", (double)q.spend / 100,
                      "spend_min", (double)q.spend_min / 100, "spend_ok", q.spend_ok, "admin",
                      (double)q.admin / 100, "admin_max", (double)q.admin_max / 100, "admin_ok",
                      q.admin_ok, "spend_base",
                      q.public_fundraising ? "上年总收入" : "上年末净资产"));
    return j && json_array_append_new(c->items, j) == 0 ? 0 : -1;
}

/* ---- the public query -------------------------------------------------------- */

struct public_ctx {
    struct http_req *req;
    json_t *items;
};

static int open_credit(void *ctx, const struct org_credit_row *c)
{
    return json_array_append_new(ctx, json_pack("{s:s, s:s, s:s}", "list", credit_list_label(c->list),
                                                "cause", c->cause, "entered_on", c->entered_on)) == 0
               ? 0
               : -1;
}

static int public_json(void *ctx, const struct org_row *o)
{
    struct public_ctx *p = ctx;
    if (strcmp(o->status, "applied") == 0) return 0;
    json_t *lists = json_array();
    struct mz_err err = {0};
    if (os_credits(reg_db(p->req->reg), o->id, true, open_credit, lists, &err) != 0) {
        json_decref(lists);
        return -1;
    }
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s?, s:b, s:b, s:o}",
                          "name", o->name, "uscc", o->uscc, "kind_label", org_kind_label(o->kind),
                          "field", o->field, "supervisor", o->supervisor, "legal_rep",
                          o->legal_rep_name, "division_name",
                          http_division_name(p->req, o->division), "status_label",
                          org_status_label(o->status), "registered_on",
                          o->registered_on[0] ? o->registered_on : NULL, "charity",
                          o->charity_on[0] != '\0', "public_fundraising",
                          o->fundraising_on[0] != '\0', "credit", lists);
    return j && json_array_append_new(p->items, j) == 0 ? 0 : -1;
}

void h_public_orgs(struct http_req *req, struct http_resp *resp)
{
    const char *q = http_query(req, "q");
    size_t n = q ? strlen(q) : 0;
    if (n < 2 * 3 && !(n == 18)) {
        http_problem(resp, 422, "invalid_value", "请输入组织名称中的至少两个字，或18位统一社会信用代码",
                     "q");
        return;
    }
    struct public_ctx p = {req, json_array()};
    struct mz_err err = {0};
    struct org_row o;
    int rc = 0;
    int found = n == 18 ? os_org_find(reg_db(req->reg), q, &o, &err) : 0;
    if (found > 0)
        rc = public_json(&p, &o);
    else if (found == 0)
        rc = os_orgs(reg_db(req->reg), NULL, 0, q, "", 20, public_json, &p, &err);
    if (found < 0 || rc != 0) {
        json_decref(p.items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:s, s:o}", "q", q, "items", p.items));
}

/* ---- the register ------------------------------------------------------------- */

struct list_ctx {
    struct http_req *req;
    json_t *items;
};
static int list_json(void *ctx, const struct org_row *o)
{
    struct list_ctx *l = ctx;
    return json_array_append_new(l->items, org_json(l->req, o)) == 0 ? 0 : -1;
}

void h_orgs(struct http_req *req, struct http_resp *resp)
{
    struct list_ctx l = {req, json_array()};
    struct mz_err err = {0};
    int64_t mine = http_user_org(req);
    int rc = 0;
    if (mine >= 0) {
        struct org_row o;
        int found = mine > 0 ? os_org_get(reg_db(req->reg), mine, &o, &err) : 0;
        rc = found < 0 ? -1 : found ? list_json(&l, &o) : 0;
    } else {
        const char(*codes)[13];
        int n = http_scope_codes(req, &codes);
        rc = os_orgs(reg_db(req->reg), codes, n, http_query(req, "q"), http_query(req, "kind"), 500,
                     list_json, &l, &err);
    }
    if (rc != 0) {
        json_decref(l.items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", l.items));
}

void h_org_apply(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    if (!http_may_write(req, resp) || !http_need_env(req, resp, &env)) return;
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    struct org_in in = {0};
    const char *rep = NULL;
    json_t *pf = json_object_get(body, "public_fundraising");
    json_t *mi = json_object_get(body, "members_individual"), *mu = json_object_get(body, "members_unit");
    in.public_fundraising = json_is_true(pf);
    in.members_individual = json_is_integer(mi) ? json_integer_value(mi) : 0;
    in.members_unit = json_is_integer(mu) ? json_integer_value(mu) : 0;
    struct mz_err err = {0};
    int64_t id;
    if (http_member_text(body, resp, "uscc", &in.uscc) &&
        http_member_text(body, resp, "name", &in.name) &&
        http_member_text(body, resp, "kind", &in.kind) &&
        http_member_text(body, resp, "field", &in.field) &&
        http_member_text(body, resp, "supervisor", &in.supervisor) &&
        http_member_text(body, resp, "division", &in.division) &&
        http_member_text(body, resp, "address", &in.address) &&
        http_member_text(body, resp, "filed_on", &in.filed_on) &&
        http_member_text(body, resp, "legal_rep_id_number", &rep) &&
        http_member_yuan(body, resp, "funds", &in.funds)) {
        int found = rep ? reg_person_find(req->reg, rep, &in.legal_rep, &err) : 0;
        char actor[80];
        http_actor(req, actor);
        if (found < 0)
            http_problem_err(resp, &err);
        else if (!found)
            http_problem(resp, 422, "unknown_person", "法定代表人不在人口库中（请核对身份证号）",
                         "legal_rep_id_number");
        else if (in.division && !http_in_scope(req, in.division))
            http_problem(resp, 422, "out_of_scope", "住所所在区划不在您的管辖范围", "division");
        else if (org_apply(&env, &in, actor, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    }
    json_decref(body);
}

static int event_json(void *ctx, const struct org_event_row *e)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?}", "kind", org_event_label(e->kind),
                          "note", e->note, "filed_on", e->filed_on, "due_on",
                          e->due_on[0] ? e->due_on : NULL, "done_on", e->done_on[0] ? e->done_on : NULL,
                          "outcome", e->outcome[0] ? e->outcome : NULL);
    return j && json_array_append_new(ctx, j) == 0 ? 0 : -1;
}
static int union_json(void *ctx, const struct union_row *u)
{
    json_t *j = json_pack("{s:s, s:s}", "name", u->union_name, "joined_on", u->joined_on);
    return j && json_array_append_new(ctx, j) == 0 ? 0 : -1;
}
static int credits_json(void *ctx, const struct org_credit_row *c)
{
    return json_array_append_new(ctx, credit_json(c)) == 0 ? 0 : -1;
}

void h_org(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct org_row o;
    if (!http_parse_id(req->params[0], &id) || http_org_in_reach(req, resp, id, &o) != 1) {
        if (!resp->status) http_problem(resp, 404, "unknown_org", "没有这个社会组织", NULL);
        return;
    }
    struct db *db = reg_db(req->reg);
    json_t *events = json_array(), *credits = json_array(), *unions = json_array();
    struct report_ctx rc = {req, &o, json_array(), ""};
    struct mz_err err = {0};
    if (os_events(db, id, event_json, events, &err) != 0 ||
        (req->policies && os_reports(db, id, report_json, &rc, &err) != 0) ||
        os_credits(db, id, false, credits_json, credits, &err) != 0 ||
        cs_unions(db, id, union_json, unions, &err) != 0) {
        json_decref(unions);
        json_decref(events);
        json_decref(credits);
        json_decref(rc.items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    json_t *j = org_json(req, &o);
    json_object_set_new(j, "events", events);
    json_object_set_new(j, "reports", rc.items);
    json_object_set_new(j, "credit", credits);
    json_object_set_new(j, "unions", unions);
    char due[11];
    int y = atoi(o.registered_on), ty;
    date_to_ymd(date_today(), &ty, &(int){0}, &(int){0});
    struct mon_env env = {req->reg, req->policies, req->cal};
    if (o.registered_on[0] && y < ty && req->policies &&
        org_report_due(&env, o.division, ty - 1, due, &err) == 0)
        json_object_set_new(j, "next_report", json_pack("{s:i, s:s}", "year", ty - 1, "due_on", due));
    http_send_json(resp, 200, j);
}

/* ---- annual reports ------------------------------------------------------------- */

void h_org_report(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    int64_t id;
    struct org_row o;
    if (!http_need_env(req, resp, &env)) return;
    if (!http_parse_id(req->params[0], &id) || http_org_in_reach(req, resp, id, &o) != 1) {
        if (!resp->status) http_problem(resp, 404, "unknown_org", "没有这个社会组织", NULL);
        return;
    }
    if (http_user_org(req) < 0 && !http_may_write(req, resp)) return;
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    json_t *year = json_object_get(body, "year");
    struct org_report_in in = {.year = json_is_integer(year) ? (int)json_integer_value(year) : 0};
    struct {
        const char *name;
        int64_t *v;
    } money[] = {{"income", &in.income},         {"prev_income", &in.prev_income},
                 {"charitable", &in.charitable}, {"admin", &in.admin},
                 {"other_spending", &in.other_spending}, {"spending", &in.spending},
                 {"net_assets", &in.net_assets}, {"prev_net_assets", &in.prev_net_assets}};
    bool ok = http_member_text(body, resp, "submitted_on", &in.submitted_on);
    for (size_t i = 0; ok && i < sizeof money / sizeof money[0]; i++)
        ok = http_member_yuan(body, resp, money[i].name, money[i].v);
    char actor[80];
    http_actor(req, actor);
    bool late = false;
    struct mz_err err = {0};
    if (ok) {
        if (org_report_submit(&env, id, &in, actor, &late, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:i, s:b}", "year", in.year, "late", late));
    }
    json_decref(body);
}

void h_org_review(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    int64_t id, year;
    struct org_row o;
    if (!http_may_write(req, resp) || !http_need_env(req, resp, &env)) return;
    if (!http_parse_id(req->params[0], &id) || !http_parse_id(req->params[1], &year) ||
        http_org_in_reach(req, resp, id, &o) != 1) {
        if (!resp->status) http_problem(resp, 404, "unknown_report", "没有这份年度报告", NULL);
        return;
    }
    static const char *const names[] = {"result", "findings", "rectify_by", NULL};
    const char *v[3];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    if (org_report_review(&env, id, (int)year, v[0], v[1], v[2], actor, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200, json_pack("{s:I, s:s}", "year", (json_int_t)year, "result", v[0]));
    json_decref(body);
}

void h_org_reports(struct http_req *req, struct http_resp *resp)
{
    if (!req->policies) {
        http_problem(resp, 503, "no_policies", "服务未加载政策文件", NULL);
        return;
    }
    const char *filter = http_query(req, "result");
    struct report_ctx rc = {req, NULL, json_array(), filter ? filter : ""};
    struct mz_err err = {0};
    if (os_reports(reg_db(req->reg), 0, report_json, &rc, &err) != 0) {
        json_decref(rc.items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", rc.items));
}

/* ---- the registry's steps ---------------------------------------------------------- */

void h_org_step(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    int64_t id;
    struct org_row o;
    if (!http_may_write(req, resp) || !http_need_env(req, resp, &env)) return;
    if (!http_parse_id(req->params[0], &id) || http_org_in_reach(req, resp, id, &o) != 1) {
        if (!resp->status) http_problem(resp, 404, "unknown_org", "没有这个社会组织", NULL);
        return;
    }
    static const char *const names[] = {"date", "note", "address", "supervisor", "changed_on",
                                        "liquidated_on", "list", "cause", "union", NULL};
    const char *v[9];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    const char *action = req->params[1];
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    int rc;
    int64_t entry;
    if (strcmp(action, "approve") == 0 || strcmp(action, "refuse") == 0) {
        rc = org_decide(&env, id, action[0] == 'a', v[0], v[1], actor, &err);
    } else if (strcmp(action, "change") == 0) {
        struct org_change_in in = {.address = v[2], .supervisor = v[3], .changed_on = v[4],
                                   .filed_on = v[0]};
        rc = org_change(&env, id, &in, actor, &err);
    } else if (strcmp(action, "deregister") == 0) {
        rc = org_deregister(&env, id, v[5], v[0], actor, &err);
    } else if (strcmp(action, "recognize") == 0) {
        rc = charity_recognize(&env, id, v[0], actor, &err);
    } else if (strcmp(action, "qualify") == 0) {
        rc = charity_qualify(&env, id, v[0], actor, &err);
    } else if (strcmp(action, "credit") == 0) {
        rc = credit_enter(&env, id, v[6], v[7], v[0], actor, &entry, &err);
    } else if (strcmp(action, "join") == 0) {
        rc = charity_union_join(&env, id, v[8], v[0], actor, &err);
    } else {
        rc = mz_fail(&err, "invalid_action",
                     "操作应为 approve、refuse、change、deregister、recognize、qualify、credit 或 join");
    }
    if (rc < 0)
        http_problem_err(resp, &err);
    else if (http_org_in_reach(req, resp, id, &o) == 1)
        http_send_json(resp, 200, org_json(req, &o));
    json_decref(body);
}

/* ---- credit lists ---------------------------------------------------------------- */

struct credit_ctx {
    struct http_req *req;
    json_t *items;
    const char *list;
};
static int credit_in_scope(void *ctx, const struct org_credit_row *c)
{
    struct credit_ctx *l = ctx;
    struct org_row o;
    struct mz_err err = {0};
    if (l->list && *l->list && strcmp(l->list, c->list) != 0) return 0;
    if (os_org_get(reg_db(l->req->reg), c->org_id, &o, &err) != 1) return -1;
    if (!http_in_scope(l->req, o.division)) return 0;
    return json_array_append_new(l->items, credit_json(c)) == 0 ? 0 : -1;
}

void h_credit_entries(struct http_req *req, struct http_resp *resp)
{
    const char *all = http_query(req, "all");
    struct credit_ctx l = {req, json_array(), http_query(req, "list")};
    struct mz_err err = {0};
    if (os_credits(reg_db(req->reg), 0, !(all && strcmp(all, "1") == 0), credit_in_scope, &l,
                   &err) != 0) {
        json_decref(l.items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    size_t n;
    const char *const *causes = credit_causes();
    json_t *cs = json_array();
    for (n = 0; causes[n]; n++)
        json_array_append_new(cs, json_string(causes[n]));
    http_send_json(resp, 200, json_pack("{s:o, s:o}", "causes", cs, "items", l.items));
}

static int entry_org(void *ctx, const struct org_credit_row *c)
{
    int64_t *io = ctx;
    if (c->id != io[0]) return 0;
    io[1] = c->org_id;
    return 1;
}

void h_credit_step(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    int64_t io[2] = {0, 0};
    struct org_row o;
    struct mz_err err = {0};
    if (!http_may_write(req, resp) || !http_need_env(req, resp, &env)) return;
    if (!http_parse_id(req->params[0], &io[0]) ||
        os_credits(reg_db(req->reg), 0, true, entry_org, io, &err) != 1 ||
        http_org_in_reach(req, resp, io[1], &o) != 1) {
        if (!resp->status) http_problem(resp, 404, "unknown_entry", "没有这条在列的信用记录", NULL);
        return;
    }
    static const char *const names[] = {"date", NULL};
    const char *v[1];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    char actor[80];
    http_actor(req, actor);
    const char *action = req->params[1];
    int rc = strcmp(action, "fix") == 0     ? credit_fix(&env, io[0], v[0], actor, &err)
             : strcmp(action, "leave") == 0 ? credit_leave(&env, io[0], v[0], actor, &err)
                                            : mz_fail(&err, "invalid_action", "操作应为 fix 或 leave");
    if (rc < 0)
        http_problem_err(resp, &err);
    else
        resp->status = 204;
    json_decref(body);
}
