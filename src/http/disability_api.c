/* Disability over HTTP: the 精康融合行动 referrals of the caller's scope,
 * referring a person and recording a referral's progress; the 免申即享
 * consents of the scope and recording one; the 重度残疾人托养 placements
 * of the scope, placing a person and ending a placement. Mental-health data goes to the fewest roles:
 * 街道/乡镇经办, 区县民政 and 市级管理员. The rules live in src/disability. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "autogrant/autogrant.h"
#include "disability/rehab.h"
#include "disability/tuoyang.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "registry/registry.h"
#include "store/childstore.h"
#include "store/regstore.h"

/* Whether the caller's role may see disability records; else 403. */
static bool disability_role(const struct http_req *req, struct http_resp *resp)
{
    switch (req->user->role) {
    case ROLE_CITY_ADMIN:
    case ROLE_DISTRICT:
    case ROLE_STREET: return true;
    default:
        http_problem(resp, 403, "forbidden_role",
                     "残疾人康复和补贴授权只向街道/乡镇经办、区县民政和市级管理员开放", NULL);
        return false;
    }
}

/* The person of id in the caller's scope: 1, or 0 after 404, -1 after the
 * error. */
static int person_in_scope(struct http_req *req, struct http_resp *resp, int64_t id,
                           struct person_row *p)
{
    struct mz_err err = {0};
    int found = id > 0 ? rs_person_get(reg_db(req->reg), id, p, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (!found || !http_in_scope(req, p->division)) {
        http_problem(resp, 404, "unknown_person", "没有这名人员（或不在您的管辖范围）", "person_id");
        return 0;
    }
    return 1;
}

struct list {
    const struct http_req *req;
    json_t *items;
};

static int referral_json(void *ctx, const struct rehab_row *r)
{
    struct list *l = ctx;
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s?}", "id",
                          (json_int_t)r->id, "person_id", (json_int_t)r->person_id, "name", r->name,
                          "id_number", r->id_masked, "division_name",
                          http_division_name(l->req, r->division), "referred_on", r->referred_on,
                          "service", r->service, "state", r->state, "state_label",
                          rehab_state_label(r->state), "last_update",
                          r->last_update[0] ? r->last_update : NULL);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

void h_rehab_referrals(struct http_req *req, struct http_resp *resp)
{
    if (!disability_role(req, resp)) return;
    const char (*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list l = {req, json_array()};
    struct mz_err err = {0};
    if (chs_rehab_list(reg_db(req->reg), codes, n, referral_json, &l, &err) != 0) {
        json_decref(l.items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", l.items));
}

void h_rehab_refer(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"person_id", "referred_on", "service", NULL};
    if (!disability_role(req, resp) || !http_may_write(req, resp)) return;
    if (!req->policies) {
        http_problem(resp, 503, "no_policies", "服务未加载政策文件", NULL);
        return;
    }
    const char *v[3];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    int64_t pid = 0, id;
    struct person_row p;
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    if (!v[0] || !http_parse_id(v[0], &pid))
        http_problem(resp, 422, "invalid_value", "字段 person_id 应为人员编号", "person_id");
    else if (person_in_scope(req, resp, pid, &p) == 1) {
        if (rehab_refer(req->reg, req->policies, pid, v[1], v[2], actor, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)id,
                                                "person_id", (json_int_t)pid, "state", "referred"));
    }
    json_decref(body);
}

void h_rehab_progress(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"on_day", "state", "note", NULL};
    if (!disability_role(req, resp) || !http_may_write(req, resp)) return;
    int64_t id;
    struct rehab_row r;
    struct mz_err err = {0};
    int found = http_parse_id(req->params[0], &id) ? chs_rehab_get(reg_db(req->reg), id, &r, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (!found || !http_in_scope(req, r.division)) {
        http_not_found(resp, "康复转介", req->params[0]);
        return;
    }
    const char *v[3];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    char actor[80];
    http_actor(req, actor);
    if (rehab_progress(req->reg, id, v[0], v[1], v[2], actor, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "state", v[1],
                                            "state_label", rehab_state_label(v[1])));
    json_decref(body);
}

void h_disability_consent(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"given_on", "given_by", NULL};
    if (!disability_role(req, resp) || !http_may_write(req, resp)) return;
    int64_t id = 0;
    struct person_row p;
    http_parse_id(req->params[0], &id);
    if (person_in_scope(req, resp, id, &p) != 1) return;
    const char *v[2];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    if (ag_consent(req->reg, id, v[0], v[1], actor, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200, json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)id,
                                            "given_on", v[0], "given_by", v[1]));
    json_decref(body);
}

static int consent_json(void *ctx, const struct consent_list_row *c)
{
    struct list *l = ctx;
    json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s}", "person_id", (json_int_t)c->person_id,
                          "name", c->name, "id_number", c->id_masked, "division_name",
                          http_division_name(l->req, c->division), "given_on", c->given_on,
                          "given_by", c->given_by);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

/* Sends {items} after a scan that returned rc, or its error. */
static void send_items(struct http_resp *resp, int rc, struct list *l, struct mz_err *err)
{
    if (rc != 0) {
        json_decref(l->items);
        if (!err->code[0]) mz_fail(err, "out_of_memory", "内存不足");
        http_problem_err(resp, err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", l->items));
}

void h_disability_consents(struct http_req *req, struct http_resp *resp)
{
    if (!disability_role(req, resp)) return;
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list l = {req, json_array()};
    struct mz_err err = {0};
    send_items(resp, chs_consent_list(reg_db(req->reg), codes, n, consent_json, &l, &err), &l,
               &err);
}

static int tuoyang_json(void *ctx, const struct tuoyang_row *t)
{
    struct list *l = ctx;
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:o, s:I, s:s, s:s, s:s, s:s?}", "id",
                          (json_int_t)t->id, "person_id", (json_int_t)t->person_id, "name",
                          t->name, "id_number", t->id_masked, "division_name",
                          http_division_name(l->req, t->division), "provider_id",
                          (json_int_t)t->provider_id, "provider", t->provider, "mode", t->mode,
                          "start_on", t->start_on, "end_on", t->end_on[0] ? t->end_on : NULL);
    return o && json_array_append_new(l->items, o) == 0 ? 0 : -1;
}

void h_tuoyang_list(struct http_req *req, struct http_resp *resp)
{
    if (!disability_role(req, resp)) return;
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list l = {req, json_array()};
    struct mz_err err = {0};
    send_items(resp, chs_tuoyang_list(reg_db(req->reg), codes, n, tuoyang_json, &l, &err), &l,
               &err);
}

void h_tuoyang_place(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"person_id", "provider_id", "mode", "start_on", NULL};
    if (!disability_role(req, resp) || !http_may_write(req, resp)) return;
    if (!req->policies) {
        http_problem(resp, 503, "no_policies", "服务未加载政策文件", NULL);
        return;
    }
    const char *v[4];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    int64_t pid = 0, provider = 0, id;
    struct person_row p;
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    if (!v[0] || !http_parse_id(v[0], &pid))
        http_problem(resp, 422, "invalid_value", "字段 person_id 应为人员编号", "person_id");
    else if (!v[1] || !http_parse_id(v[1], &provider))
        http_problem(resp, 422, "invalid_value", "字段 provider_id 应为机构编号", "provider_id");
    else if (person_in_scope(req, resp, pid, &p) == 1) {
        if (ty_place(req->reg, req->policies, pid, provider, v[2], v[3], actor, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)id,
                                                "person_id", (json_int_t)pid, "mode", v[2],
                                                "start_on", v[3]));
    }
    json_decref(body);
}

void h_tuoyang_end(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"end_on", NULL};
    if (!disability_role(req, resp) || !http_may_write(req, resp)) return;
    int64_t id = 0;
    struct person_row p;
    http_parse_id(req->params[0], &id);
    if (person_in_scope(req, resp, id, &p) != 1) return;
    const char *v[1];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    char actor[80];
    http_actor(req, actor);
    struct mz_err err = {0};
    if (ty_end(req->reg, id, v[0], actor, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 200, json_pack("{s:I, s:s}", "person_id", (json_int_t)id, "end_on",
                                            v[0]));
    json_decref(body);
}
