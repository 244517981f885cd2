/* 探访关爱 over HTTP: the month's schedule of the caller's scope, a
 * person's visits, and recording a visit. The rules live in src/care. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "care/visit.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/scope.h"
#include "monitor/monitor.h"
#include "registry/registry.h"
#include "store/regstore.h"
#include "store/visitstore.h"

/* The person of id, in the caller's scope: 1, or 0 after sending 404
 * (absent and out of scope answer alike) or -1 after sending the error. */
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
        http_problem(resp, 404, "unknown_person", "没有这位老人（或不在您的管辖范围）",
                     "person_id");
        return 0;
    }
    return 1;
}

static json_t *target_json(const struct visit_target *t)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:o, s:b, s:s?}", "person_id",
                          (json_int_t)t->person_id, "name", t->name, "id_number", t->id_masked,
                          "age", t->age, "division", t->division, "address", t->address, "reasons",
                          t->reasons, "last_contact", http_date_json(t->last_contact), "visited",
                          t->visited, "volunteer", t->volunteer ? t->volunteer_name : NULL);
    if (o)
        json_object_set_new(o, "volunteer_id",
                            t->volunteer ? json_integer(t->volunteer) : json_null());
    return o;
}

void h_visit_schedule(struct http_req *req, struct http_resp *resp)
{
    if (!req->policies) {
        http_problem(resp, 503, "no_policies", "服务未加载政策文件", NULL);
        return;
    }
    const char *month = http_query(req, "month"), *division = http_query(req, "division");
    char this_month[8];
    if (!month || !*month) {
        char today[11];
        date_format(date_today(), today);
        snprintf(this_month, sizeof this_month, "%.7s", today);
        month = this_month;
    }
    const char *prefixes[HTTP_SCOPE_MAX];
    int n = http_scope_prefixes(req, division && *division ? division : NULL, prefixes);
    char codes[HTTP_SCOPE_MAX][13];
    for (int i = 0; i < n; i++)
        snprintf(codes[i], sizeof codes[i], "%.12s", prefixes[i]);
    struct visit_schedule s = {0};
    struct mz_err err = {0};
    if (n > 0 &&
        visit_schedule(req->reg, req->policies, (const char(*)[13])codes, n, month, &s, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    json_t *items = json_array(), *methods = json_array();
    for (size_t i = 0; i < s.n; i++)
        json_array_append_new(items, target_json(&s.targets[i]));
    size_t nm;
    const char *const *m = visit_methods(&nm);
    for (size_t i = 0; i < nm; i++)
        json_array_append_new(methods, json_string(m[i]));
    http_send_json(resp, 200,
                   json_pack("{s:s, s:o, s:I, s:I, s:o, s:o}", "month", n > 0 ? s.month : month,
                             "as_of", http_date_json(n > 0 ? s.as_of : date_today()), "targets",
                             (json_int_t)s.n, "visited", (json_int_t)s.visited, "methods", methods,
                             "items", items));
    visit_schedule_free(&s);
}

static int visit_json(void *ctx, const struct visit_row *v)
{
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s}", "id", (json_int_t)v->id, "visited_on",
                  v->visited_on, "method", v->method, "visitor", v->visitor, "findings",
                  v->findings, "needs_help", v->needs_help, "recorded_at", v->recorded_at);
    return o && json_array_append_new(ctx, o) == 0 ? 0 : -1;
}

void h_visits(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct person_row p;
    const char *person = http_query(req, "person_id");
    if (!person || !http_parse_id(person, &id)) {
        http_problem(resp, 400, "invalid_parameter", "请用 person_id 指定老人（人员编号）",
                     "person_id");
        return;
    }
    if (person_in_scope(req, resp, id, &p) != 1) return;
    json_t *items = json_array();
    struct mz_err err = {0};
    if (vs_visits_of_person(reg_db(req->reg), id, 50, visit_json, items, &err) != 0) {
        json_decref(items);
        if (!err.code[0]) mz_fail(&err, "out_of_memory", "内存不足");
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(
        resp, 200,
        json_pack("{s:s, s:s, s:o}", "name", p.name, "id_number", p.id_masked, "items", items));
}

/* A member of body that must be a string when present; false after 422. */
static bool text_member(json_t *body, struct http_resp *resp, const char *name, const char **out)
{
    json_t *v = json_object_get(body, name);
    *out = json_string_value(v);
    if (!v || json_is_string(v)) return true;
    char detail[96];
    snprintf(detail, sizeof detail, "字段 %s 应为文字", name);
    http_problem(resp, 422, "wrong_type", detail, name);
    return false;
}

void h_visit_record(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"person_id", "visited_on", "method",       "visitor",
                                        "findings",  "needs_help", "volunteer_id", NULL};
    if (!http_may_write(req, resp)) return;
    if (!req->policies || !req->cal) {
        http_problem(resp, 503, "no_policies", "服务未加载政策文件", NULL);
        return;
    }
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value)
    {
        bool ok = false;
        for (size_t i = 0; known[i]; i++)
            ok |= strcmp(key, known[i]) == 0;
        if (!ok) {
            char detail[120];
            snprintf(detail, sizeof detail, "未知字段“%.40s”", key);
            http_problem(resp, 400, "unknown_field", detail, key);
            json_decref(body);
            return;
        }
    }
    json_t *pid = json_object_get(body, "person_id"), *help = json_object_get(body, "needs_help"),
           *vol = json_object_get(body, "volunteer_id");
    struct visit_in in = {.person_id = json_is_integer(pid) ? json_integer_value(pid) : 0,
                          .needs_help = json_is_true(help),
                          .volunteer = json_is_integer(vol) ? json_integer_value(vol) : 0};
    struct person_row p;
    char actor[80];
    http_actor(req, actor);
    int64_t id;
    struct mz_err err = {0};
    if (help && !json_is_boolean(help)) {
        http_problem(resp, 422, "wrong_type", "字段 needs_help 应为 true 或 false", "needs_help");
    } else if (vol && !json_is_integer(vol)) {
        http_problem(resp, 422, "wrong_type", "字段 volunteer_id 应为志愿者的人员编号",
                     "volunteer_id");
    } else if (text_member(body, resp, "visited_on", &in.visited_on) &&
               text_member(body, resp, "method", &in.method) &&
               text_member(body, resp, "visitor", &in.visitor) &&
               text_member(body, resp, "findings", &in.findings) &&
               person_in_scope(req, resp, in.person_id, &p) == 1) {
        if (!in.visitor) in.visitor = http_user_name(req);
        struct mon_env env = {req->reg, req->policies, req->cal};
        if (visit_record(&env, &in, actor, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201,
                           json_pack("{s:I, s:I, s:s}", "id", (json_int_t)id, "person_id",
                                     (json_int_t)in.person_id, "visited_on", in.visited_on));
    }
    json_decref(body);
}
