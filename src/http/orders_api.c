/* Home-service orders and their monthly settlement over HTTP: the order
 * board (orders by state, in scope; a provider account: its own
 * provider's), placing an order (409 no_capacity with the next free slot),
 * check-in, check-out, rating and complaint, cancellation; the settlements
 * with providers (rolls with payee provider: built by the district,
 * approved through POST /api/v1/rolls/{id}/approve). The rules live in
 * src/care/order.c and src/care/settle.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "care/order.h"
#include "care/settle.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/scope.h"
#include "pay/pay.h"
#include "store/orderstore.h"
#include "store/paystore.h"
#include "store/providerstore.h"
#include "store/regstore.h"

static json_t *yuan_json(int64_t fen)
{
    char text[32];
    pay_yuan(fen, text);
    return json_string(text);
}

static json_t *order_json(struct http_req *req, const struct order_row *o)
{
    struct db *db = reg_db(req->reg);
    struct mz_err err = {0};
    struct person_row person;
    struct household_row hh;
    struct provider_row p;
    char label[40], wname[TEXT_BYTES(TEXT_MAX_NAME)] = "";
    int64_t wprovider;
    bool has_person = rs_person_get(db, o->person_id, &person, &err) == 1;
    bool has_hh = rs_household_get(db, o->household_id, &hh, &err) == 1;
    bool has_p = pvs_provider_get(db, o->provider_id, &p, &err) == 1;
    if (o->worker_id) pvs_worker_provider(db, o->worker_id, &wprovider, wname, &err);
    care_slot_label(o->slot, label);
    return json_pack(
        "{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:I, "
        "s:s?, s:s?, s:I, s:b, s:s?, s:s?, s:o, s:s?, s:o, s:b}",
        "id", (json_int_t)o->id, "person_id", (json_int_t)o->person_id, "name",
        has_person ? person.name : "", "id_masked", has_person ? person.id_masked : "", "address",
        has_hh ? hh.address : "", "service", o->service, "price", yuan_json(o->price), "slot",
        o->slot, "slot_label", label, "state", o->state, "state_label",
        care_order_state_label(o->state), "orderer_label", care_orderer_label(o->orderer),
        "orderer_name", o->orderer_name, "provider_id", (json_int_t)o->provider_id, "provider_name",
        has_p ? p.name : "", "distance", (json_int_t)o->distance, "worker_id",
        (json_int_t)o->worker_id, "worker_name", wname[0] ? wname : NULL, "checkin_at",
        o->checkin_at[0] ? o->checkin_at : NULL, "checkin_distance",
        (json_int_t)o->checkin_distance, "checkin_far", o->checkin_far, "checkout_at",
        o->checkout_at[0] ? o->checkout_at : NULL, "done_on", o->done_on[0] ? o->done_on : NULL,
        "rating", o->rating ? json_integer(o->rating) : json_null(), "complaint",
        o->complaint[0] ? o->complaint : NULL, "subsidy", yuan_json(o->subsidy), "settled",
        o->settle_roll != 0);
}

/* Whether the caller may see order o: its provider's account, or staff
 * whose scope holds the person's household. */
static bool order_visible(const struct http_req *req, const struct order_row *o)
{
    int64_t own = http_user_provider(req);
    return own >= 0 ? o->provider_id == own : http_in_scope(req, o->division);
}

struct order_list {
    struct order_row *v;
    size_t n;
};

static int collect(void *ctx, const struct order_row *o)
{
    struct order_list *l = ctx;
    l->v[l->n++] = *o;
    return 0;
}

void h_orders(struct http_req *req, struct http_resp *resp)
{
    static const char *const states[] = {"dispatched", "serving", "done", "cancelled", NULL};
    struct order_filter f = {0};
    long page, per_page, provider, complaints;
    if (!http_query_enum(req, resp, "state", states, &f.state) ||
        !http_query_page(req, resp, &page, &per_page) ||
        !http_query_long(req, resp, "provider", 0, 0, INT32_MAX, &provider) ||
        !http_query_long(req, resp, "complaints", 0, 0, 1, &complaints))
        return;
    f.provider_id = provider;
    f.complaints = complaints;
    const char *prefixes[HTTP_SCOPE_MAX];
    char scope[HTTP_SCOPE_MAX][13];
    int64_t own = http_user_provider(req);
    if (own >= 0) {
        f.provider_id = own > 0 && (!provider || provider == own) ? own : -1;
    } else {
        f.nprefixes = http_scope_prefixes(req, http_query(req, "division"), prefixes);
        for (int i = 0; i < f.nprefixes; i++)
            snprintf(scope[i], sizeof scope[i], "%s", prefixes[i]);
        f.prefixes = (const char(*)[13])scope;
        if (!f.nprefixes) f.provider_id = -1;
    }
    struct order_list l = {mz_calloc((size_t)per_page, sizeof *l.v), 0};
    int64_t total = 0, counts[4];
    struct order_filter all = f;
    all.state = NULL;
    struct mz_err err = {0};
    if (!l.v ||
        ors_order_list(reg_db(req->reg), &f, (int)page, (int)per_page, collect, &l, &total, &err) <
            0 ||
        ors_order_counts(reg_db(req->reg), &all, counts, &err) < 0) {
        mz_free(l.v);
        http_problem_err(resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(items, order_json(req, &l.v[i]));
    mz_free(l.v);
    json_t *o = http_page_json(items, page, per_page, total);
    json_object_set_new(o, "counts",
                        json_pack("{s:I, s:I, s:I, s:I}", "dispatched", (json_int_t)counts[0],
                                  "serving", (json_int_t)counts[1], "done", (json_int_t)counts[2],
                                  "cancelled", (json_int_t)counts[3]));
    http_send_json(resp, 200, o);
}

/* A positive id in a body member (string of digits); 0 if absent. */
static bool body_id(struct http_resp *resp, const char *text, const char *field, int64_t *out)
{
    *out = 0;
    if (!text) return true;
    if (http_parse_id(text, out)) return true;
    char detail[120];
    snprintf(detail, sizeof detail, "%s 应为正整数编号", field);
    http_problem(resp, 422, "invalid_value", detail, field);
    return false;
}

/* Whether person id lives in the caller's scope (else 404 unknown_person). */
static bool person_in_scope(struct http_req *req, struct http_resp *resp, int64_t id)
{
    struct db *db = reg_db(req->reg);
    struct mz_err err = {0};
    int64_t hid;
    char relation[32];
    mz_date since;
    struct household_row hh;
    int found = rs_membership_current(db, id, &hid, relation, &since, &err);
    if (found > 0) found = rs_household_get(db, hid, &hh, &err);
    if (found < 0) {
        http_problem_err(resp, &err);
        return false;
    }
    if (found && http_in_scope(req, hh.division)) return true;
    char detail[80];
    snprintf(detail, sizeof detail, "人员 %" PRId64 " 不存在", id);
    http_problem(resp, 404, "unknown_person", detail, "person_id");
    return false;
}

static void send_order(struct http_req *req, struct http_resp *resp, int status, int64_t id)
{
    struct order_row o;
    struct mz_err err = {0};
    if (ors_order_get(reg_db(req->reg), id, &o, &err) != 1)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, status, order_json(req, &o));
}

void h_order_place(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"person_id",    "service",     "slot", "orderer",
                                        "orderer_name", "provider_id", NULL};
    const char *v[6];
    if (!http_may_write(req, resp)) return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct care_order_in in = {
        .service = v[1], .slot = v[2], .orderer = v[3], .orderer_name = v[4]};
    struct care_order_out out;
    struct mz_err err = {0};
    if (!v[0])
        http_problem(resp, 422, "missing_field", "缺少必填项：person_id（老年人）", "person_id");
    else if (body_id(resp, v[0], "person_id", &in.person_id) &&
             body_id(resp, v[5], "provider_id", &in.provider_id) &&
             person_in_scope(req, resp, in.person_id)) {
        if (care_order_place(req->reg, &in, &out, &err) == 0) {
            send_order(req, resp, 201, out.id);
        } else if (strcmp(err.code, "no_capacity") == 0 && out.next_slot[0]) {
            char label[40];
            struct provider_row p;
            care_slot_label(out.next_slot, label);
            bool named = pvs_provider_get(reg_db(req->reg), out.next_provider, &p, &err) == 1;
            http_problem_extra(resp, 409, "no_capacity", err.msg, "slot",
                               json_pack("{s:s, s:s, s:I, s:s}", "next_slot", out.next_slot,
                                         "next_slot_label", label, "next_provider_id",
                                         (json_int_t)out.next_provider, "next_provider_name",
                                         named ? p.name : ""));
        } else {
            http_problem_err(resp, &err);
        }
    }
    json_decref(body);
}

/* The order of the path if the caller may see it: 1, else 0 after 404. */
static int order_of_path(struct http_req *req, struct http_resp *resp, struct order_row *o)
{
    int64_t id;
    struct mz_err err = {0};
    int found =
        http_parse_id(req->params[0], &id) ? ors_order_get(reg_db(req->reg), id, o, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (found && order_visible(req, o)) return 1;
    http_not_found(resp, "服务订单", req->params[0]);
    return 0;
}

void h_order(struct http_req *req, struct http_resp *resp)
{
    struct order_row o;
    if (order_of_path(req, resp, &o) == 1) http_send_json(resp, 200, order_json(req, &o));
}

void h_order_step(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"worker_id", "lon",       "lat", "at",
                                        "rating",    "complaint", NULL};
    const char *action = req->params[1];
    bool provider = http_user_provider(req) >= 0;
    struct order_row o;
    if (strcmp(action, "checkin") != 0 && strcmp(action, "checkout") != 0 &&
        strcmp(action, "rate") != 0 && strcmp(action, "cancel") != 0) {
        http_problem(resp, 404, "not_found", "没有这个接口", NULL);
        return;
    }
    if (order_of_path(req, resp, &o) != 1) return;
    if (provider && strcmp(action, "rate") == 0) {
        http_problem(resp, 403, "forbidden_role",
                     "评价和投诉由老年人或其家属（经办人代录）提出，服务机构不能评价", NULL);
        return;
    }
    if (!provider && !http_may_write(req, resp)) return;
    const char *v[6];
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct mz_err err = {0};
    int64_t worker = 0;
    int rc = 0;
    if (strcmp(action, "checkin") == 0) {
        if (!v[0])
            rc = mz_fail_field(&err, "worker_id", "missing_field",
                               "缺少必填项：worker_id（服务人员）");
        else if (!http_parse_id(v[0], &worker))
            rc = mz_fail_field(&err, "worker_id", "invalid_value", "worker_id 应为正整数编号");
        else
            rc = care_order_checkin(req->reg, req->policies, o.id, worker, v[1], v[2], v[3], &err);
    } else if (strcmp(action, "checkout") == 0) {
        rc = care_order_checkout(req->reg, o.id, v[1], v[2], v[3], &err);
    } else if (strcmp(action, "rate") == 0) {
        char *end = NULL;
        long rating = v[4] ? strtol(v[4], &end, 10) : 0;
        rc = care_order_rate(req->reg, o.id, end && !*end ? (int)rating : 0, v[5], &err);
    } else {
        rc = care_order_cancel(req->reg, o.id, &err);
    }
    if (rc < 0)
        http_problem_err(resp, &err);
    else
        send_order(req, resp, 200, o.id);
    json_decref(body);
}

/* ---- settlements with providers ---- */

static int add_line(void *ctx, int64_t provider_id, int64_t orders, int64_t subsidised,
                    int64_t amount)
{
    return json_array_append_new(
        ctx, json_pack("{s:I, s:I, s:I, s:o}", "provider_id", (json_int_t)provider_id, "orders",
                       (json_int_t)orders, "subsidised", (json_int_t)subsidised, "amount",
                       yuan_json(amount)));
}

void h_settlements(struct http_req *req, struct http_resp *resp)
{
    const char *month = http_query(req, "month");
    pay_month m;
    struct mz_err err = {0};
    if (month && pay_month_parse(month, &m, &err) < 0) {
        http_problem(resp, 400, "invalid_parameter", err.msg, "month");
        return;
    }
    int64_t *ids;
    size_t n;
    if (ps_roll_ids(reg_db(req->reg), CARE_SETTLE_PROGRAM, month ? month : "", &ids, &n, &err) <
        0) {
        http_problem_err(resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        struct roll_row r;
        if (ps_roll_by_id(reg_db(req->reg), ids[i], &r, &err) == 1 &&
            strcmp(r.payee, "provider") == 0 && http_roll_visible(req, &r))
            json_array_append_new(items, http_roll_json(req, &r));
    }
    mz_free(ids);
    http_send_json(resp, 200, json_pack("{s:o}", "items", items));
}

void h_settle(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"month", NULL};
    const char *v[1];
    struct pay_unit unit;
    if (!http_paying_unit(req, resp, &unit)) return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct mz_err err = {0};
    pay_month month;
    char actor[80];
    http_actor(req, actor);
    struct care_settle_summary s;
    if (!v[0])
        http_problem(resp, 422, "missing_field", "缺少必填项：month（结算月份 YYYY-MM）", "month");
    else if (pay_month_parse(v[0], &month, &err) < 0 ||
             care_settle(req->reg, req->policies, month, unit.code, actor, &s, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, s.closed || s.rebuilt ? 200 : 201,
                       json_pack("{s:o, s:b, s:b, s:I, s:I, s:I, s:o}", "roll",
                                 http_roll_json(req, &s.roll), "rebuilt", s.rebuilt, "closed",
                                 s.closed, "orders", (json_int_t)s.orders, "subsidised",
                                 (json_int_t)s.subsidised, "providers", (json_int_t)s.providers,
                                 "total", yuan_json(s.total)));
    json_decref(body);
}

void h_settlement(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct roll_row r;
    struct mz_err err = {0};
    int found =
        http_parse_id(req->params[0], &id) ? ps_roll_by_id(reg_db(req->reg), id, &r, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (!found || strcmp(r.payee, "provider") != 0 || !http_roll_visible(req, &r)) {
        http_not_found(resp, "结算单", req->params[0]);
        return;
    }
    json_t *lines = json_array();
    if (ors_settle_lines(reg_db(req->reg), r.id, add_line, lines, &err) < 0) {
        json_decref(lines);
        http_problem_err(resp, &err);
        return;
    }
    for (size_t i = 0; i < json_array_size(lines); i++) {
        json_t *line = json_array_get(lines, i);
        struct provider_row p;
        int64_t pid = json_integer_value(json_object_get(line, "provider_id"));
        json_object_set_new(
            line, "provider_name",
            json_string(pvs_provider_get(reg_db(req->reg), pid, &p, &err) == 1 ? p.name : ""));
    }
    json_t *o = http_roll_json(req, &r);
    json_object_set_new(o, "lines", lines);
    http_send_json(resp, 200, o);
}
