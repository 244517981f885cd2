/* Meal help over HTTP: a canteen's meals (recorded by its provider account
 * or a caseworker; a diner not found answers 202 and goes to the reject
 * queue), the reject queue, the canteen's running cost and its monthly
 * sustainability report, and the communities outside the meal-service
 * circle. The rules live in src/care/meal.c. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "care/meal.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "pay/pay.h"
#include "store/providerstore.h"

static json_t *yuan_json(int64_t fen)
{
    char text[32];
    pay_yuan(fen, text);
    return json_string(text);
}

/* The canteen named by the query argument or path: 1, else 0 after a
 * problem. */
static int canteen_of(struct http_req *req, struct http_resp *resp, const char *text, bool write,
                      struct provider_row *p)
{
    int64_t id;
    if (!text || !http_parse_id(text, &id)) {
        http_problem(resp, 400, "invalid_parameter", "须指明老年食堂/助餐点（canteen）", "canteen");
        return 0;
    }
    return http_provider_access(req, resp, id, write, p) == 1;
}

static int add_meal(void *ctx, const struct meal_row *m)
{
    return json_array_append_new(
        ctx, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)m->id,
                       "day", m->day, "person_id", (json_int_t)m->person_id, "name", m->name,
                       "id_masked", m->id_masked, "meal", m->meal, "price", yuan_json(m->price),
                       "paid", yuan_json(m->paid), "subsidy", yuan_json(m->subsidy)));
}

void h_meals(struct http_req *req, struct http_resp *resp)
{
    struct provider_row p;
    const char *day = http_query(req, "day");
    if (canteen_of(req, resp, http_query(req, "canteen"), false, &p) != 1) return;
    json_t *items = json_array();
    struct mz_err err = {0};
    if (mls_meals(reg_db(req->reg), p.id, day ? day : "", add_meal, items, &err) < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", items));
}

void h_meal_record(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"canteen_id", "day", "id_number", "meal", "price", NULL};
    const char *v[5];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct provider_row p;
    struct mz_err err = {0};
    struct care_meal_stats st;
    if (canteen_of(req, resp, v[0], true, &p) == 1) {
        struct care_meal_in in = {v[2], v[3], v[4], 0};
        char source[96];
        snprintf(source, sizeof source, "api:%s", http_user_name(req));
        if (!v[2])
            http_problem(resp, 422, "missing_field", "缺少必填项：id_number（就餐老人身份证号）",
                         "id_number");
        else if (care_meals_record(req->reg, req->policies, p.id, v[1], &in, 1, source, &st, &err) <
                 0)
            http_problem_err(resp, &err);
        else
            http_send_json(
                resp,
                st.rejected ? 202
                : st.added  ? 201
                            : 200,
                json_pack("{s:b, s:b, s:o, s:s?}", "added", st.added > 0, "rejected",
                          st.rejected > 0, "subsidy", yuan_json(st.subsidy), "reason",
                          st.rejected ? "就餐老人不在登记库中，已转入待核实记录" : NULL));
    }
    json_decref(body);
}

static int add_reject(void *ctx, const char *day, long line, const char *id_masked,
                      const char *reason, const char *at)
{
    return json_array_append_new(ctx, json_pack("{s:s, s:I, s:s, s:s, s:s}", "day", day, "line",
                                                (json_int_t)line, "id_masked", id_masked, "reason",
                                                reason, "recorded_at", at));
}

void h_meal_rejects(struct http_req *req, struct http_resp *resp)
{
    struct provider_row p;
    if (canteen_of(req, resp, http_query(req, "canteen"), false, &p) != 1) return;
    json_t *items = json_array();
    struct mz_err err = {0};
    if (mls_rejects(reg_db(req->reg), p.id, add_reject, items, &err) < 0) {
        json_decref(items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", items));
}

void h_canteen_cost(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"month", "amount", NULL};
    const char *v[2];
    struct provider_row p;
    if (canteen_of(req, resp, req->params[0], true, &p) != 1) return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct mz_err err = {0};
    if (care_canteen_cost(req->reg, p.id, v[0], v[1], &err) < 0)
        http_problem_err(resp, &err);
    else
        h_canteen_report(req, resp);
    json_decref(body);
}

void h_canteen_report(struct http_req *req, struct http_resp *resp)
{
    struct provider_row p;
    const char *month = http_query(req, "month");
    struct mz_err err = {0};
    char m[8];
    pay_month pm;
    if (!month) pay_month_format(pay_month_of(date_today()), m), month = m;
    if (pay_month_parse(month, &pm, &err) < 0) {
        http_problem(resp, 400, "invalid_parameter", err.msg, "month");
        return;
    }
    if (canteen_of(req, resp, req->params[0], false, &p) != 1) return;
    struct care_canteen_report rep;
    if (care_canteen_report(req->reg, p.id, month, &rep, &err) < 0) {
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(
        resp, 200,
        json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o?, s:o, s:o, s:o}",
                  "canteen_id", (json_int_t)p.id, "canteen_name", p.name, "month", month, "meals",
                  (json_int_t)rep.m.meals, "diners", (json_int_t)rep.m.diners, "days",
                  (json_int_t)rep.m.days, "subsidised_diners", (json_int_t)rep.m.subsidised,
                  "price_total", yuan_json(rep.m.price), "paid", yuan_json(rep.m.paid), "subsidy",
                  yuan_json(rep.m.subsidy), "cost", rep.has_cost ? yuan_json(rep.cost) : NULL,
                  "revenue", yuan_json(rep.revenue), "balance",
                  rep.has_cost ? yuan_json(rep.balance) : json_null(), "break_even",
                  rep.has_cost ? json_boolean(rep.break_even) : json_null()));
}

static int add_coverage(void *ctx, const struct care_coverage *c)
{
    return json_array_append_new(
        ctx, json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:b}", "code", c->code, "name", c->name,
                       "nearest_id", c->nearest_id ? json_integer(c->nearest_id) : json_null(),
                       "nearest_name", c->nearest_id ? json_string(c->nearest_name) : json_null(),
                       "distance", c->distance >= 0 ? json_integer(c->distance) : json_null(),
                       "limit", (json_int_t)c->limit, "covered", c->covered));
}

void h_meal_coverage(struct http_req *req, struct http_resp *resp)
{
    const char *prefixes[HTTP_SCOPE_MAX];
    int n = http_scope_prefixes(req, http_query(req, "division"), prefixes);
    if (n == 0) {
        http_problem(resp, 404, "not_found", "区划不在本辖区内", "division");
        return;
    }
    if (strlen(prefixes[0]) < 6) {
        http_problem(resp, 400, "invalid_parameter", "请选择一个区县（6位代码）查看助餐服务圈",
                     "division");
        return;
    }
    json_t *items = json_array();
    struct mz_err err = {0};
    for (int i = 0; i < n; i++)
        if (care_meal_coverage(req->reg, req->policies, prefixes[i], add_coverage, items, &err) <
            0) {
            json_decref(items);
            http_problem_err(resp, &err);
            return;
        }
    size_t outside = 0;
    for (size_t i = 0; i < json_array_size(items); i++)
        outside += !json_is_true(json_object_get(json_array_get(items, i), "covered"));
    http_send_json(resp, 200,
                   json_pack("{s:o, s:I, s:s}", "items", items, "outside", (json_int_t)outside,
                             "method",
                             "直线距离：社区位置按所在区划推算（登记库无社区坐标），"
                             "步行15分钟按直线1000米计，实际步行路程更长"));
}
