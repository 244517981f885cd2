/* 老年人能力评估 and 长期护理保险 over HTTP: the assessment form (the
 * policy's scale), assessments recorded and read in the caller's scope,
 * and a person's care page (assessment history, LTC status). The rules
 * live in src/care and the policies; this file only speaks JSON. */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "care/assess.h"
#include "care/ltc.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "store/regstore.h"

#define RECENT_MAX 500

/* The scale, or NULL after a 503. */
static const struct pol_scale *scale_of(struct http_req *req, struct http_resp *resp)
{
    struct mz_err err = {0};
    const struct pol_scale *sc = req->policies ? assess_scale(req->policies, &err) : NULL;
    if (!sc) http_problem(resp, 503, "policy_missing", "政策中没有老年人能力评估量表", NULL);
    return sc;
}

void h_assessment_form(struct http_req *req, struct http_resp *resp)
{
    const struct pol_scale *sc = scale_of(req, resp);
    if (!sc) return;
    json_t *dims = json_array(), *dim = NULL, *items = NULL;
    for (int i = 0; i < sc->nitems; i++) {
        const struct pol_scale_item *it = &sc->items[i];
        if (!dim || strcmp(json_string_value(json_object_get(dim, "label")), it->dimension) != 0) {
            items = json_array();
            dim = json_pack("{s:s, s:o, s:i}", "label", it->dimension, "items", items, "max", 0);
            json_array_append_new(dims, dim);
        }
        json_array_append_new(items, json_pack("{s:s, s:s, s:i, s:i}", "name", it->name, "label",
                                               it->label, "min", it->lo, "max", it->hi));
        json_object_set_new(dim, "max",
                            json_integer(json_integer_value(json_object_get(dim, "max")) + it->hi));
    }
    json_t *conds = json_array(), *levels = json_array(), *adjusts = json_array(),
           *reasons = json_array();
    for (int k = 0; k < sc->nconds; k++)
        json_array_append_new(conds, json_pack("{s:s, s:s, s:s, s:i}", "name", sc->conds[k].name,
                                               "label", sc->conds[k].label, "kind",
                                               sc->conds[k].is_count ? "count" : "flag", "max",
                                               sc->conds[k].hi));
    for (int l = 0; l < sc->nlevels; l++)
        json_array_append_new(levels, json_pack("{s:s, s:i, s:i}", "label", sc->levels[l].label,
                                                "min", sc->levels[l].lo, "max", sc->levels[l].hi));
    for (int a = 0; a < sc->nadjusts; a++)
        json_array_append_new(adjusts, json_pack("{s:s, s:s}", "label", sc->adjusts[a].label,
                                                 "cite", sc->adjusts[a].cite));
    for (const char *const *r = assess_reasons(); *r; r++)
        json_array_append_new(reasons, json_string(*r));
    http_send_json(resp, 200,
                   json_pack("{s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o}", "label", sc->label,
                             "source", sc->source, "max_total", sc->max_total, "dimensions", dims,
                             "conditions", conds, "levels", levels, "adjustments", adjusts,
                             "reasons", reasons));
}

/* ---- reading ---------------------------------------------------------- */

static json_t *brief_json(const struct assessment_row *r)
{
    char today[11];
    date_format(date_today(), today);
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:b}", "id",
                     (json_int_t)r->id, "person_id", (json_int_t)r->person_id, "name", r->name,
                     "id_number_masked", r->id_masked, "assessed_on", r->assessed_on, "reason",
                     r->reason, "total", r->total, "preliminary", r->preliminary, "final_level",
                     r->final_level, "next_due", r->next_due, "overdue",
                     strcmp(r->next_due, today) < 0);
}

static int add_brief(void *ctx, const struct assessment_row *r)
{
    return json_array_append_new(ctx, brief_json(r));
}

void h_assessments(struct http_req *req, struct http_resp *resp)
{
    const char *filter = http_query(req, "division"), *prefixes[HTTP_SCOPE_MAX];
    if (filter &&
        (!*filter || strlen(filter) > 12 || strspn(filter, "0123456789") != strlen(filter))) {
        http_problem(resp, 400, "invalid_division", "区划代码应为 1 到 12 位数字", "division");
        return;
    }
    int n = http_scope_prefixes(req, filter, prefixes);
    char codes[HTTP_SCOPE_MAX][13];
    for (int i = 0; i < n; i++)
        snprintf(codes[i], sizeof codes[i], "%.12s", prefixes[i]);
    json_t *items = json_array();
    struct mz_err err = {0};
    if (n > 0 && ast_assessments_in_scope(reg_db(req->reg), codes, n, RECENT_MAX, add_brief, items,
                                          &err) < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", items));
}

/* The full report of r: every item with its score by dimension, the
 * recorded conditions, the levels and the reasons for the change. */
static json_t *report_json(struct http_req *req, const struct pol_scale *sc,
                           const struct assessment_row *r)
{
    json_t *o = brief_json(r), *dims = json_array(), *dim = NULL, *items = NULL;
    const char *dname = NULL;
    for (int i = 0; i < sc->nitems; i++) {
        const struct pol_scale_item *it = &sc->items[i];
        if (!dname || strcmp(dname, it->dimension) != 0) {
            dname = it->dimension;
            items = json_array();
            dim = json_pack("{s:s, s:o, s:i, s:i}", "label", dname, "items", items, "score", 0,
                            "max", 0);
            json_array_append_new(dims, dim);
        }
        int v = assess_stored_value(r->scores, it->name);
        json_array_append_new(items, json_pack("{s:s, s:i, s:i, s:i}", "label", it->label, "score",
                                               v, "min", it->lo, "max", it->hi));
        json_object_set_new(dim, "score",
                            json_integer(json_integer_value(json_object_get(dim, "score")) + v));
        json_object_set_new(dim, "max",
                            json_integer(json_integer_value(json_object_get(dim, "max")) + it->hi));
    }
    json_t *conds = json_array(), *reasons = json_array();
    for (int k = 0; k < sc->nconds; k++) {
        int v = assess_stored_value(r->conditions, sc->conds[k].name);
        json_array_append_new(conds, json_pack("{s:s, s:s, s:i}", "label", sc->conds[k].label,
                                               "kind", sc->conds[k].is_count ? "count" : "flag",
                                               "value", v < 0 ? 0 : v));
    }
    for (const char *p = r->reasons; *p;) {
        size_t n = strcspn(p, "\n");
        json_array_append_new(reasons, json_stringn(p, n));
        p += n + (p[n] == '\n');
    }
    char a1[72], a2[72];
    snprintf(a1, sizeof a1, "user:%s", r->assessor1);
    snprintf(a2, sizeof a2, "user:%s", r->assessor2);
    json_object_set_new(o, "assessors",
                        json_pack("[o, o]", http_actor_label(req, a1), http_actor_label(req, a2)));
    json_object_set_new(o, "dimensions", dims);
    json_object_set_new(o, "conditions", conds);
    json_object_set_new(o, "reasons", reasons);
    json_object_set_new(o, "max_total", json_integer(sc->max_total));
    json_object_set_new(o, "standard", json_string(sc->source));
    json_object_set_new(o, "recorded_by", http_actor_label(req, r->recorded_by));
    json_object_set_new(o, "recorded_at", json_string(r->recorded_at));
    json_object_set_new(o, "division_name", http_division_name(req, r->division));
    return o;
}

void h_assessment(struct http_req *req, struct http_resp *resp)
{
    const struct pol_scale *sc = scale_of(req, resp);
    if (!sc) return;
    int64_t id;
    struct assessment_row r;
    struct mz_err err = {0};
    int found =
        http_parse_id(req->params[0], &id) ? ast_assessment_get(reg_db(req->reg), id, &r, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (found == 0 || !http_in_scope(req, r.division)) {
        http_not_found(resp, "评估记录", req->params[0]);
        return;
    }
    http_send_json(resp, 200, report_json(req, sc, &r));
}

/* The person of path or body id in the caller's scope: 1, or 0 after a
 * 404 (absent and out of scope answer alike), -1 after a 500. */
static int person_in_scope(struct http_req *req, struct http_resp *resp, int64_t id,
                           const char *shown, struct person_row *p)
{
    struct mz_err err = {0};
    int found = id > 0 ? rs_person_get(reg_db(req->reg), id, p, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (found == 0 || !http_in_scope(req, p->division)) {
        http_problem(resp, 404, "unknown_person", "该人员不存在或不在您的管辖范围内",
                     shown ? shown : "person_id");
        return 0;
    }
    return 1;
}

void h_person_care(struct http_req *req, struct http_resp *resp)
{
    int64_t id = 0;
    struct person_row p;
    if (!req->policies) {
        http_problem(resp, 503, "policy_missing", "服务未加载政策文件", NULL);
        return;
    }
    http_parse_id(req->params[0], &id);
    if (person_in_scope(req, resp, id, NULL, &p) <= 0) return;
    json_t *history = json_array();
    struct ltc_status s;
    struct mz_err err = {0};
    if (ast_assessments_of_person(reg_db(req->reg), id, add_brief, history, &err) < 0 ||
        ltc_status(req->reg, req->policies, id, date_today(), &s, &err) < 0) {
        json_decref(history);
        http_problem_err(resp, &err);
        return;
    }
    json_t *ltc =
        json_pack("{s:b, s:s?, s:s?, s:f, s:f, s:b, s:f}", "insured", s.insured, "mode",
                  s.mode[0] ? s.mode : NULL, "level", s.level[0] ? s.level : NULL, "daily_rate",
                  (double)s.daily_rate / 100.0, "monthly", (double)s.monthly / 100.0, "tekun",
                  s.tekun, "tekun_amount", (double)s.tekun_amount / 100.0);
    http_send_json(resp, 200,
                   json_pack("{s:I, s:s, s:s, s:o, s:o}", "person_id", (json_int_t)id, "name",
                             p.name, "id_number_masked", p.id_masked, "assessments", history, "ltc",
                             ltc));
}

/* ---- recording -------------------------------------------------------- */

/* The JSON value of a score or condition as text: an integer, 是/否 for
 * a boolean, a string as given (the domain refuses it naming the item);
 * NULL for null (missing). */
static const char *value_text(json_t *v, char *buf, size_t cap)
{
    if (json_is_integer(v))
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
    else if (json_is_boolean(v))
        snprintf(buf, cap, "%s", json_is_true(v) ? "是" : "否");
    else if (json_is_string(v))
        snprintf(buf, cap, "%.60s", json_string_value(v));
    else if (json_is_null(v))
        return NULL;
    else
        snprintf(buf, cap, "%s", "（非数值）");
    return buf;
}

#define MAX_VALUES 80

void h_assessment_add(struct http_req *req, struct http_resp *resp)
{
    if (!http_may_write(req, resp)) return;
    const struct pol_scale *sc = scale_of(req, resp);
    if (!sc) return;
    json_t *body = http_body_object(req, resp);
    if (!body) return;
    json_t *pid = json_object_get(body, "person_id");
    json_t *scores = json_object_get(body, "scores"), *conds = json_object_get(body, "conditions");
    static const char *const names[] = {"assessed_on", "reason", "assessor1",  "assessor2",
                                        "person_id",   "scores", "conditions", NULL};
    const char *v[4] = {0}, *key;
    json_t *val;
    struct person_row p;
    json_object_foreach(body, key, val)
    {
        int i = 0;
        while (names[i] && strcmp(names[i], key) != 0)
            i++;
        if (!names[i] || (i < 4 && !json_is_string(val))) {
            http_problem(resp, 400, names[i] ? "wrong_type" : "unknown_field",
                         names[i] ? "评估日期、原因和评估员应为字符串" : "请求体中有不认识的字段",
                         strlen(key) < 40 ? key : NULL);
            goto out;
        }
        if (i < 4) v[i] = json_string_value(val);
    }
    if (!json_is_object(scores) || (conds && !json_is_object(conds))) {
        http_problem(resp, 422, "missing_field",
                     "请求体应含 scores（各评估项目的评分）对象，conditions 可选", "scores");
        goto out;
    }
    if (person_in_scope(req, resp, json_is_integer(pid) ? json_integer_value(pid) : 0, "person_id",
                        &p) <= 0)
        goto out;
    struct assess_value values[MAX_VALUES];
    char texts[MAX_VALUES][64];
    size_t n = 0;
    json_t *objs[2] = {scores, conds};
    for (int o = 0; o < 2; o++) {
        json_object_foreach(objs[o], key, val)
        {
            if (n == MAX_VALUES) {
                http_problem(resp, 422, "too_many_items", "评估项目过多", "scores");
                goto out;
            }
            values[n] = (struct assess_value){key, value_text(val, texts[n], sizeof texts[n])};
            n++;
        }
    }
    struct assess_in in = {p.id, v[0], v[1], v[2], v[3], values, n};
    struct mon_env env = {req->reg, req->policies, req->cal};
    struct assessment_row r;
    struct mz_err err = {0};
    if (assess_record(&env, &in, req->actor, &r, &err) < 0) {
        http_problem_err(resp, &err);
        goto out;
    }
    if (ast_assessment_get(reg_db(req->reg), r.id, &r, &err) != 1) {
        http_problem_err(resp, &err);
        goto out;
    }
    http_send_json(resp, 201, report_json(req, sc, &r));
out:
    json_decref(body);
}
