/* Charity over HTTP: campaigns with their ledger and disclosures, charity
 * projects, and the referrals of warned households to them — offered by
 * staff with the household's consent, answered and helped by the
 * organization (an organization account sees only its own projects'
 * referrals). The rules live in src/charity. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "charity/assist.h"
#include "charity/charity.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/orgjson.h"
#include "http/scope.h"
#include "monitor/monitor.h"
#include "org/org.h"
#include "policy/policy.h"
#include "base/mem.h"
#include "registry/registry.h"
#include "store/monitorstore.h"
#include "store/charitystore.h"
#include "store/regstore.h"

static bool failed(struct http_resp *resp, json_t *items, struct mz_err *err)
{
    json_decref(items);
    if (!err->code[0]) mz_fail(err, "out_of_memory", "内存不足");
    http_problem_err(resp, err);
    return false;
}

/* The caller's organization for a list: its own (an organization account,
 * 0 meaning none), or the org_id query (staff, 0 = all in scope). */
static int64_t list_org(struct http_req *req)
{
    int64_t mine = http_user_org(req), id = 0;
    if (mine >= 0) return mine ? mine : -1;
    const char *q = http_query(req, "org_id");
    return q && http_parse_id(q, &id) ? id : 0;
}

/* ---- campaigns ----------------------------------------------------------------- */

static json_t *campaign_json(const struct campaign_row *c)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o}", "id",
                     (json_int_t)c->id, "org_id", (json_int_t)c->org_id, "org_name", c->org_name,
                     "name", c->name, "purpose", c->purpose, "platform", c->platform, "filed_on",
                     c->filed_on, "starts_on", c->starts_on, "ends_on", c->ends_on, "emergency",
                     c->emergency, "goal", http_yuan(c->goal), "donated", http_yuan(c->donated),
                     "spent", http_yuan(c->spent));
}

struct scoped {
    struct http_req *req;
    json_t *items;
};
static int campaign_item(void *ctx, const struct campaign_row *c)
{
    struct scoped *s = ctx;
    struct org_row o;
    struct mz_err err = {0};
    if (http_user_org(s->req) < 0) {
        if (os_org_get(reg_db(s->req->reg), c->org_id, &o, &err) != 1) return -1;
        if (!http_in_scope(s->req, o.division)) return 0;
    }
    return json_array_append_new(s->items, campaign_json(c)) == 0 ? 0 : -1;
}
static int overdue_item(void *ctx, const struct disclosure_row *d)
{
    struct scoped *s = ctx;
    struct org_row o;
    struct mz_err err = {0};
    if (http_user_org(s->req) < 0) {
        if (os_org_get(reg_db(s->req->reg), d->org_id, &o, &err) != 1) return -1;
        if (!http_in_scope(s->req, o.division)) return 0;
    }
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s}", "campaign_id", (json_int_t)d->campaign_id,
                          "campaign", d->campaign, "org_name", d->org_name, "kind",
                          strcmp(d->kind, "final") == 0 ? "结束后全面公开" : "定期公开", "due_on",
                          d->due_on);
    return j && json_array_append_new(s->items, j) == 0 ? 0 : -1;
}

void h_campaigns(struct http_req *req, struct http_resp *resp)
{
    int64_t org = list_org(req);
    struct scoped c = {req, json_array()}, o = {req, json_array()};
    struct mz_err err = {0};
    char today[11];
    date_format(date_today(), today);
    if (org >= 0 && (cs_campaigns(reg_db(req->reg), org, campaign_item, &c, &err) != 0 ||
                     cs_disclosures(reg_db(req->reg), 0, org, today, overdue_item, &o, &err) != 0)) {
        json_decref(o.items);
        failed(resp, c.items, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o, s:o}", "items", c.items, "overdue", o.items));
}

void h_campaign_file(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    if (!http_need_env(req, resp, &env)) return;
    if (http_user_org(req) < 0 && !http_may_write(req, resp)) return;
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    json_t *org = json_object_get(body, "org_id");
    struct campaign_in in = {.org_id = json_is_integer(org) ? json_integer_value(org) : 0,
                             .emergency = json_is_true(json_object_get(body, "emergency"))};
    if (http_user_org(req) >= 0) in.org_id = http_user_org(req);
    struct org_row o;
    int64_t id;
    struct mz_err err = {0};
    char actor[80];
    http_actor(req, actor);
    if (http_member_text(body, resp, "name", &in.name) &&
        http_member_text(body, resp, "purpose", &in.purpose) &&
        http_member_text(body, resp, "platform", &in.platform) &&
        http_member_text(body, resp, "filed_on", &in.filed_on) &&
        http_member_text(body, resp, "starts_on", &in.starts_on) &&
        http_member_text(body, resp, "ends_on", &in.ends_on) &&
        http_member_yuan(body, resp, "goal", &in.goal) &&
        http_org_in_reach(req, resp, in.org_id, &o) == 1) {
        if (campaign_file(&env, &in, actor, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    }
    json_decref(body);
}

/* The campaign of the path, within the caller's reach: 1, or 0 after 404. */
static int campaign_in_reach(struct http_req *req, struct http_resp *resp,
                             struct campaign_row *c)
{
    int64_t id;
    struct org_row o;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? cs_campaign_get(reg_db(req->reg), id, c, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return 0;
    }
    if (!found) {
        http_problem(resp, 404, "unknown_campaign", "没有这个募捐活动", NULL);
        return 0;
    }
    if (http_org_in_reach(req, resp, c->org_id, &o) != 1) {
        resp->status = 0;
        http_problem(resp, 404, "unknown_campaign", "没有这个募捐活动", NULL);
        return 0;
    }
    return 1;
}

static int ledger_item(void *ctx, const struct ledger_row *l)
{
    json_t *j = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s?}", "kind",
                          strcmp(l->kind, "donation") == 0 ? "捐赠" : "支出", "on_day", l->on_day,
                          "amount", http_yuan(l->amount), "party", l->party, "note", l->note,
                          "household_no", l->household_no[0] ? l->household_no : NULL);
    return j && json_array_append_new(ctx, j) == 0 ? 0 : -1;
}
static int disclosure_item(void *ctx, const struct disclosure_row *d)
{
    char today[11];
    date_format(date_today(), today);
    json_t *j = json_pack("{s:s, s:s, s:s?, s:b}", "kind",
                          strcmp(d->kind, "final") == 0 ? "结束后全面公开" : "定期公开", "due_on",
                          d->due_on, "disclosed_on", d->disclosed_on[0] ? d->disclosed_on : NULL,
                          "overdue", !d->disclosed_on[0] && strcmp(d->due_on, today) < 0);
    return j && json_array_append_new(ctx, j) == 0 ? 0 : -1;
}

void h_campaign(struct http_req *req, struct http_resp *resp)
{
    struct campaign_row c;
    if (!campaign_in_reach(req, resp, &c)) return;
    json_t *ledger = json_array(), *disclosures = json_array();
    struct mz_err err = {0};
    if (cs_ledger(reg_db(req->reg), c.id, ledger_item, ledger, &err) != 0 ||
        cs_disclosures(reg_db(req->reg), c.id, 0, NULL, disclosure_item, disclosures, &err) != 0) {
        json_decref(disclosures);
        failed(resp, ledger, &err);
        return;
    }
    json_t *j = campaign_json(&c);
    json_object_set_new(j, "ledger", ledger);
    json_object_set_new(j, "disclosures", disclosures);
    http_send_json(resp, 200, j);
}

void h_campaign_step(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    struct campaign_row c;
    if (!http_need_env(req, resp, &env) || !campaign_in_reach(req, resp, &c)) return;
    if (http_user_org(req) < 0 && !http_may_write(req, resp)) return;
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    const char *kind = NULL, *day = NULL, *party = NULL, *note = NULL, *household = NULL;
    int64_t amount = 0;
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    const char *action = req->params[1];
    if (http_member_text(body, resp, "kind", &kind) && http_member_text(body, resp, "date", &day) &&
        http_member_text(body, resp, "party", &party) &&
        http_member_text(body, resp, "note", &note) &&
        http_member_text(body, resp, "household_no", &household) &&
        http_member_yuan(body, resp, "amount", &amount)) {
        int rc = strcmp(action, "ledger") == 0
                     ? campaign_ledger_add(&env, c.id, kind, day, amount, party, household, note,
                                           actor, &err)
                 : strcmp(action, "disclose") == 0
                     ? campaign_disclose(&env, c.id, day, actor, &err)
                     : mz_fail(&err, "invalid_action", "操作应为 ledger 或 disclose");
        if (rc < 0)
            http_problem_err(resp, &err);
        else
            resp->status = 204;
    }
    json_decref(body);
}

/* ---- charity projects and referrals ------------------------------------------------ */

static int project_item(void *ctx, const struct project_row *p)
{
    struct scoped *s = ctx;
    /* staff see the projects serving their area: under it or around it */
    const char *mine = http_user_division(s->req);
    if (http_user_org(s->req) < 0 && !http_in_scope(s->req, p->division) &&
        strncmp(mine, p->division, strlen(p->division)) != 0)
        return 0;
    json_t *rules = json_array();
    for (const char *r = p->rules; *r;) {
        size_t n = strcspn(r, " ");
        char name[48];
        snprintf(name, sizeof name, "%.*s", (int)(n < 47 ? n : 47), r);
        for (int w = 0; s->req->policies && w < pol_warning_count(s->req->policies); w++)
            if (strcmp(pol_warning(s->req->policies, w)->name, name) == 0)
                json_array_append_new(rules, json_string(pol_warning(s->req->policies, w)->label));
        r += n;
        r += strspn(r, " ");
    }
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:o}", "id", (json_int_t)p->id, "org_id",
                          (json_int_t)p->org_id, "org_name", p->org_name, "name", p->name,
                          "division_name", http_division_name(s->req, p->division), "help",
                          p->help, "takes", rules);
    return j && json_array_append_new(s->items, j) == 0 ? 0 : -1;
}

void h_charity_projects(struct http_req *req, struct http_resp *resp)
{
    int64_t org = list_org(req);
    struct scoped s = {req, json_array()};
    struct mz_err err = {0};
    if (org >= 0 && cs_projects(reg_db(req->reg), 0, org, project_item, &s, &err) != 0) {
        failed(resp, s.items, &err);
        return;
    }
    json_t *rules = json_array();
    for (int w = 0; req->policies && w < pol_warning_count(req->policies); w++) {
        const struct pol_warning *pw = pol_warning(req->policies, w);
        json_array_append_new(rules, json_pack("{s:s, s:s}", "name", pw->name, "label", pw->label));
    }
    http_send_json(resp, 200, json_pack("{s:o, s:o}", "items", s.items, "rules", rules));
}

void h_charity_project_add(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    if (!http_need_env(req, resp, &env)) return;
    if (http_user_org(req) < 0 && !http_may_write(req, resp)) return;
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    json_t *org = json_object_get(body, "org_id");
    int64_t org_id = http_user_org(req) >= 0 ? http_user_org(req)
                     : json_is_integer(org)  ? json_integer_value(org)
                                             : 0;
    const char *name = NULL, *division = NULL, *rules = NULL, *help = NULL;
    struct org_row o;
    int64_t id;
    struct mz_err err = {0};
    char actor[80];
    http_actor(req, actor);
    if (http_member_text(body, resp, "name", &name) &&
        http_member_text(body, resp, "division", &division) &&
        http_member_text(body, resp, "rules", &rules) &&
        http_member_text(body, resp, "help", &help) &&
        http_org_in_reach(req, resp, org_id, &o) == 1) {
        if (!division) division = o.division;
        if (assist_project_add(&env, org_id, name, division, rules, help, actor, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    }
    json_decref(body);
}

static const char *state_label(const char *state)
{
    return strcmp(state, "offered") == 0    ? "待承接"
           : strcmp(state, "accepted") == 0 ? "已承接"
           : strcmp(state, "declined") == 0 ? "未承接"
                                            : "已帮扶";
}

/* The household head's name and address, as the organization needs them
 * to reach the household that consented. */
static int head_of(void *ctx, const struct member_row *m)
{
    *(int64_t *)ctx = m->person_id;
    return 1;
}

static int referral_item(void *ctx, const struct chref_row *r)
{
    struct scoped *s = ctx;
    if (http_user_org(s->req) < 0 && !http_in_scope(s->req, r->division)) return 0;
    struct db *db = reg_db(s->req->reg);
    struct mz_err err = {0};
    struct household_row h;
    struct person_row p = {0};
    int64_t head = 0;
    if (rs_household_get(db, r->household_id, &h, &err) != 1 ||
        rs_scan_members(db, date_today(), r->household_id, head_of, &head, &err) < 0 ||
        (head && rs_person_get(db, head, &p, &err) != 1))
        return -1;
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:o, s:s}", "id",
        (json_int_t)r->id, "project", r->project, "org_name", r->org_name, "warning", r->warning,
        "state", r->state, "state_label", state_label(r->state), "consent_by", r->consent_by,
        "offered_on", r->offered_on, "head", p.name, "id_number", p.id_masked, "answered_on",
        r->answered_on[0] ? r->answered_on : NULL, "note", r->note[0] ? r->note : NULL,
        "division_name", http_division_name(s->req, h.division), "address", h.address);
    if (j && http_user_org(s->req) < 0)
        json_object_set_new(j, "household_id", json_integer(r->household_id));
    return j && json_array_append_new(s->items, j) == 0 ? 0 : -1;
}

void h_charity_referrals(struct http_req *req, struct http_resp *resp)
{
    int64_t org = list_org(req);
    struct scoped s = {req, json_array()};
    struct mz_err err = {0};
    if (org >= 0 && cs_referrals(reg_db(req->reg), org, 0, referral_item, &s, &err) != 0) {
        failed(resp, s.items, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", s.items));
}

void h_charity_offer(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    if (!http_may_write(req, resp) || !http_need_env(req, resp, &env)) return;
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    json_t *w = json_object_get(body, "warning_id"), *p = json_object_get(body, "project_id"),
           *consent = json_object_get(body, "consent");
    const char *by = NULL, *day = NULL;
    int64_t id;
    struct mz_err err = {0};
    char actor[80];
    http_actor(req, actor);
    struct ms_warning *warning = mz_calloc(1, sizeof *warning);
    struct household_row h;
    int found = !warning ? mz_fail(&err, "out_of_memory", "内存不足")
                : json_is_integer(w) ? ms_warning_get(reg_db(req->reg), json_integer_value(w), warning, &err)
                                     : 0;
    if (found > 0) found = rs_household_get(reg_db(req->reg), warning->household_id, &h, &err);
    mz_free(warning);
    if (found < 0) {
        http_problem_err(resp, &err);
    } else if (!found || !http_in_scope(req, h.division)) {
        http_problem(resp, 404, "unknown_warning", "没有这条预警（或不在您的管辖范围）", "warning_id");
    } else if (!json_is_boolean(consent)) {
        http_problem(resp, 422, "missing_field", "请写明家庭是否同意转介（consent：true 或 false）",
                     "consent");
    } else if (http_member_text(body, resp, "consent_by", &by) &&
               http_member_text(body, resp, "date", &day)) {
        if (assist_offer(&env, json_is_integer(w) ? json_integer_value(w) : 0,
                         json_is_integer(p) ? json_integer_value(p) : 0, json_is_true(consent), by,
                         day, actor, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    }
    json_decref(body);
}

void h_charity_referral_step(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    int64_t id;
    if (!http_need_env(req, resp, &env)) return;
    int64_t mine = http_user_org(req);
    if (mine < 0 && !http_may_write(req, resp)) return;
    struct chref_row r;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? cs_referral_get(reg_db(req->reg), id, &r, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (!found || (mine >= 0 ? r.org_id != mine : !http_in_scope(req, r.division))) {
        http_problem(resp, 404, "unknown_referral", "没有这条转介", NULL);
        return;
    }
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    const char *note = NULL, *day = NULL, *kind = NULL;
    int64_t amount = 0;
    char actor[80];
    http_actor(req, actor);
    const char *action = req->params[1];
    if (http_member_text(body, resp, "note", &note) && http_member_text(body, resp, "date", &day) &&
        http_member_text(body, resp, "kind", &kind) &&
        http_member_yuan(body, resp, "amount", &amount)) {
        int rc = strcmp(action, "accept") == 0 || strcmp(action, "decline") == 0
                     ? assist_answer(&env, id, mine > 0 ? mine : 0, action[0] == 'a', note, day,
                                     actor, &err)
                 : strcmp(action, "help") == 0
                     ? assist_help(&env, id, mine > 0 ? mine : 0, kind, amount, note, day, actor, &err)
                     : mz_fail(&err, "invalid_action", "操作应为 accept、decline 或 help");
        if (rc < 0)
            http_problem_err(resp, &err);
        else
            resp->status = 204;
    }
    json_decref(body);
}

/* ---- 慈善阵地 ---------------------------------------------------------------- */

static int point_item(void *ctx, const struct point_row *p)
{
    struct scoped *s = ctx;
    json_t *j = json_pack("{s:I, s:s, s:s, s:o, s:s?, s:s}", "id", (json_int_t)p->id, "name",
                          p->name, "kind", p->kind, "division_name",
                          http_division_name(s->req, p->division), "org_name",
                          p->org_id ? p->org_name : NULL, "opened_on", p->opened_on);
    return j && json_array_append_new(s->items, j) == 0 ? 0 : -1;
}

void h_charity_points(struct http_req *req, struct http_resp *resp)
{
    struct scoped s = {req, json_array()};
    struct mz_err err = {0};
    int64_t mine = http_user_org(req);
    const char(*codes)[13] = NULL;
    int n = mine >= 0 ? 0 : http_scope_codes(req, &codes);
    if ((mine != 0 || n > 0) &&
        cs_points(reg_db(req->reg), codes, n, mine > 0 ? mine : 0, point_item, &s, &err) != 0) {
        failed(resp, s.items, &err);
        return;
    }
    json_t *kinds = json_array();
    for (const char *const *k = charity_point_kinds(); *k; k++)
        json_array_append_new(kinds, json_string(*k));
    http_send_json(resp, 200, json_pack("{s:o, s:o}", "kinds", kinds, "items", s.items));
}

void h_charity_point_add(struct http_req *req, struct http_resp *resp)
{
    struct mon_env env;
    if (!http_may_write(req, resp) || !http_need_env(req, resp, &env)) return;
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    json_t *org = json_object_get(body, "org_id");
    struct point_in in = {.org_id = json_is_integer(org) ? json_integer_value(org) : 0};
    struct org_row o;
    int64_t id;
    struct mz_err err = {0};
    char actor[80];
    http_actor(req, actor);
    if (http_member_text(body, resp, "name", &in.name) &&
        http_member_text(body, resp, "kind", &in.kind) &&
        http_member_text(body, resp, "division", &in.division) &&
        http_member_text(body, resp, "opened_on", &in.opened_on) &&
        (!in.org_id || http_org_in_reach(req, resp, in.org_id, &o) == 1)) {
        if (in.division && !http_in_scope(req, in.division))
            http_problem(resp, 422, "out_of_scope", "所在区划不在您的管辖范围", "division");
        else if (charity_point_add(&env, &in, actor, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    }
    json_decref(body);
}
