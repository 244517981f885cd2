/* 殡葬 over HTTP (docs/funeral.md): deaths with their 身后一件事 summary in
 * the scope of the household, death registration, funeral facilities with
 * their price lists and complaints, cremations and placements. The rules
 * live in src/funeral and the policies. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "funeral/funeral.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "pay/pay.h"
#include "registry/registry.h"
#include "store/funeralstore.h"
#include "store/regstore.h"

static struct funeral_env env_of(struct http_req *req)
{
    return (struct funeral_env){req->reg, req->policies, req->cal};
}

static json_t *body_of(struct http_req *req, struct http_resp *resp, const char *const *known)
{
    json_t *body = http_body_object(req, resp);
    if (!body)
        return NULL;
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
            return NULL;
        }
    }
    return body;
}

static bool text(json_t *body, struct http_resp *resp, const char *name, const char **out)
{
    json_t *v = json_object_get(body, name);
    *out = json_string_value(v);
    if (!v || json_is_string(v))
        return true;
    char detail[96];
    snprintf(detail, sizeof detail, "字段 %s 应为文字", name);
    http_problem(resp, 422, "wrong_type", detail, name);
    return false;
}

/* An id member (a JSON integer or digits), 0 if absent; false after 422. */
static bool id_member(json_t *body, struct http_resp *resp, const char *name, int64_t *out)
{
    json_t *v = json_object_get(body, name);
    *out = 0;
    if (!v)
        return true;
    if (json_is_integer(v) && json_integer_value(v) > 0) {
        *out = json_integer_value(v);
        return true;
    }
    if (json_is_string(v) && http_parse_id(json_string_value(v), out))
        return true;
    char detail[96];
    snprintf(detail, sizeof detail, "字段 %s 应为编号", name);
    http_problem(resp, 422, "wrong_type", detail, name);
    return false;
}

static json_t *yuan(int64_t fen)
{
    char s[32];
    pay_yuan(fen, s);
    return json_string(s);
}

/* ---- deaths --------------------------------------------------------------- */

struct list_ctx {
    struct http_req *req;
    json_t *items;
};

static json_t *death_json(struct http_req *req, const struct death_row *d, bool full)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:o}", "person_id",
                          (json_int_t)d->person_id, "name", d->name, "id_number", d->id_masked,
                          "died_on", d->died_on, "area", http_division_name(req, d->division),
                          "source", d->source, "source_label", fun_source_label(d->source),
                          "household_id",
                          d->household_id ? json_integer(d->household_id) : json_null());
    json_error_t je;
    json_t *items = json_loads(d->summary, 0, &je);
    json_object_set_new(o, "done", json_integer((json_int_t)json_array_size(items)));
    if (full)
        json_object_set_new(o, "summary", items ? items : json_array());
    else
        json_decref(items);
    return o;
}

static int add_death(void *ctx, const struct death_row *d)
{
    struct list_ctx *x = ctx;
    return json_array_append_new(x->items, death_json(x->req, d, false));
}

void h_deaths(struct http_req *req, struct http_resp *resp)
{
    long page, per_page;
    if (!http_query_page(req, resp, &page, &per_page))
        return;
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list_ctx x = {req, json_array()};
    int64_t total = 0;
    struct mz_err err = {0};
    if (fs_death_list(reg_db(req->reg), codes, n, http_query(req, "name"), page, per_page,
                      add_death, &x, &total, &err) != 0) {
        json_decref(x.items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, http_page_json(x.items, page, per_page, total));
}

void h_death_register(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"id_number", "died_on", "source", "certificate_no",
                                        "place", NULL};
    if (!http_may_write(req, resp))
        return;
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    const char *died;
    struct fun_death_in in = {.actor = req->actor};
    if (text(body, resp, "id_number", &in.id_number) && text(body, resp, "died_on", &died) &&
        text(body, resp, "source", &in.source) && text(body, resp, "certificate_no", &in.certificate_no) &&
        text(body, resp, "place", &in.place)) {
        in.died = died ? date_parse(died) : MZ_DATE_NONE;
        if (!in.source)
            in.source = "medical";
        struct funeral_env env = env_of(req);
        struct mz_err err = {0};
        int64_t pid = 0;
        struct person_row p;
        struct fun_cascade_out out;
        int found = in.id_number ? reg_person_find(req->reg, in.id_number, &pid, &err) : 0;
        if (found > 0)
            found = rs_person_get(reg_db(req->reg), pid, &p, &err);
        if (found < 0)
            http_problem_err(resp, &err);
        else if (!found || !http_in_scope(req, p.division))
            http_problem(resp, 404, "unknown_person", "人口登记库中没有此人（或不在您的管辖范围）",
                         "id_number");
        else if (fun_death_register(&env, &in, &pid, &out, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, out.cascaded ? 201 : 200,
                           json_pack("{s:I, s:b, s:i, s:i, s:i, s:i, s:b, s:b}", "person_id",
                                     (json_int_t)pid, "cascaded", out.cascaded, "benefits_stopped",
                                     out.benefits_stopped, "cases_closed", out.cases_closed,
                                     "cases_reassigned", out.cases_reassigned, "orders_cancelled",
                                     out.orders_cancelled, "marriage_ended", out.marriage_ended,
                                     "recheck_opened", out.recheck_opened));
    }
    json_decref(body);
}

static int add_report(void *ctx, const struct death_report_row *r)
{
    struct list_ctx *x = ctx;
    return json_array_append_new(
        x->items, json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:s}", "died_on", r->died_on,
                            "source_label", fun_source_label(r->source), "certificate_no",
                            r->certificate_no, "place", r->place, "first", r->first, "reported_by",
                            http_actor_label(x->req, r->reported_by), "reported_at",
                            r->reported_at));
}

static json_t *burial_json(struct http_req *req, const struct burial_row *b)
{
    (void)req;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "person_id", (json_int_t)b->person_id, "name",
                          b->name, "id_number", b->id_masked, "died_on", b->died_on);
    if (b->cremation_id)
        json_object_set_new(o, "cremation",
                            json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "facility_id",
                                      (json_int_t)b->cremation_facility, "facility",
                                      b->cremation_facility_name, "day", b->cremated_on, "cert_no",
                                      b->cert_no, "services", b->services, "fees", yuan(b->fees),
                                      "waived", yuan(b->waived), "basis", b->waiver_basis));
    if (b->placement_id)
        json_object_set_new(o, "placement",
                            json_pack("{s:o, s:s, s:s, s:s, s:s, s:o}", "facility_id",
                                      b->placement_facility ? json_integer(b->placement_facility)
                                                            : json_null(),
                                      "facility", b->placement_facility_name, "day", b->placed_on,
                                      "method", b->method, "plot", b->plot, "reward",
                                      yuan(b->reward)));
    return o;
}

void h_death(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct death_row d;
    struct mz_err err = {0};
    struct db *db = reg_db(req->reg);
    int found = http_parse_id(req->params[0], &id) ? fs_death_get(db, id, &d, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    if (!found || !http_in_scope(req, d.division)) {
        http_not_found(resp, "死亡登记", req->params[0]);
        return;
    }
    json_t *o = death_json(req, &d, true);
    struct list_ctx reports = {req, json_array()};
    struct burial_row b;
    if (fs_reports_of(db, id, add_report, &reports, &err) != 0 ||
        (found = fs_burial_of(db, id, &b, &err)) < 0) {
        json_decref(o);
        json_decref(reports.items);
        http_problem_err(resp, &err);
        return;
    }
    json_object_set_new(o, "reports", reports.items);
    json_object_set_new(o, "burial", burial_json(req, &b));
    bool eligible = false;
    char basis[400];
    struct funeral_env env = env_of(req);
    if (req->policies && fun_waiver_eligible(&env, id, date_parse(d.died_on), &eligible, basis, &err) == 0)
        json_object_set_new(o, "waiver", json_pack("{s:b, s:s}", "eligible", eligible, "basis", basis));
    http_send_json(resp, 200, o);
}

/* ---- facilities ------------------------------------------------------------ */

static json_t *facility_json(struct http_req *req, const struct facility_row *f)
{
    const char *lic = fun_licence_state(f->licence_no, f->licence_until, date_today());
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:s, s:s, s:I, s:I, s:I, "
                     "s:I}",
                     "id", (json_int_t)f->id, "code", f->code, "name", f->name, "kind", f->kind,
                     "kind_label", fun_kind_label(f->kind), "area",
                     http_division_name(req, f->division), "address", f->address, "licence_no",
                     f->licence_no, "licence_until",
                     f->licence_until[0] ? json_string(f->licence_until) : json_null(),
                     "licence", lic, "licence_label", fun_licence_label(lic), "approved_by",
                     f->approved_by, "capacity", (json_int_t)f->capacity, "cremations",
                     (json_int_t)f->cremations, "placements", (json_int_t)f->placements,
                     "open_complaints", (json_int_t)f->open_complaints);
}

static int add_facility(void *ctx, const struct facility_row *f)
{
    struct list_ctx *x = ctx;
    return json_array_append_new(x->items, facility_json(x->req, f));
}

void h_facilities(struct http_req *req, struct http_resp *resp)
{
    static const char *const kinds[] = {"funeral_home", "cemetery", "columbarium", NULL};
    const char *kind;
    if (!http_query_enum(req, resp, "kind", kinds, &kind))
        return;
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list_ctx x = {req, json_array()};
    struct mz_err err = {0};
    if (fs_facility_list(reg_db(req->reg), codes, n, kind ? kind : "", add_facility, &x, &err) != 0) {
        json_decref(x.items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", x.items));
}

void h_facility_put(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"code", "name", "kind", "division", "address", "licence_no",
                                        "licence_until", "approved_by", "capacity", NULL};
    if (!http_may_write(req, resp))
        return;
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    struct fun_facility_in in = {.actor = req->actor};
    json_t *cap = json_object_get(body, "capacity");
    if (text(body, resp, "code", &in.code) && text(body, resp, "name", &in.name) &&
        text(body, resp, "kind", &in.kind) && text(body, resp, "division", &in.division) &&
        text(body, resp, "address", &in.address) && text(body, resp, "licence_no", &in.licence_no) &&
        text(body, resp, "licence_until", &in.licence_until) &&
        text(body, resp, "approved_by", &in.approved_by)) {
        in.capacity = json_is_integer(cap) ? json_integer_value(cap) : 0;
        struct funeral_env env = env_of(req);
        struct mz_err err = {0};
        int64_t id;
        if (cap && !json_is_integer(cap))
            http_problem(resp, 422, "wrong_type", "capacity 应为整数", "capacity");
        else if (!in.division || !http_in_scope(req, in.division))
            http_problem(resp, 403, "out_of_scope", "设施所在区划不在您的管辖范围", "division");
        else if (fun_facility_put(&env, &in, &id, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    }
    json_decref(body);
}

/* The facility of path id, in scope: 1, or 0 after 404, -1 after 500. */
static int facility_in_scope(struct http_req *req, struct http_resp *resp, int64_t id,
                             struct facility_row *f, const char *field)
{
    struct mz_err err = {0};
    int found = id > 0 ? fs_facility_get(reg_db(req->reg), id, f, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (!found || !http_in_scope(req, f->division)) {
        http_problem(resp, 404, "not_found", "殡葬设施不存在（或不在您的管辖范围）", field);
        return 0;
    }
    return 1;
}

static int add_price(void *ctx, const struct price_row *p)
{
    return json_array_append_new(
        ctx, json_pack("{s:s, s:o, s:s, s:b}", "service", p->service, "price", yuan(p->price),
                       "unit", p->unit, "basic", p->basic));
}

static json_t *complaint_json(struct http_req *req, const struct complaint_row *c)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)c->id,
                     "facility_id", (json_int_t)c->facility_id, "facility", c->facility_name,
                     "received_on", c->received_on, "complainant", c->complainant, "text", c->text,
                     "state", c->state, "outcome", c->outcome, "office_name",
                     http_division_name(req, c->office));
}

static int add_complaint(void *ctx, const struct complaint_row *c)
{
    struct list_ctx *x = ctx;
    return json_array_append_new(x->items, complaint_json(x->req, c));
}

static int add_burial(void *ctx, const struct burial_row *b)
{
    struct list_ctx *x = ctx;
    return json_array_append_new(x->items, burial_json(x->req, b));
}

void h_facility(struct http_req *req, struct http_resp *resp)
{
    int64_t id = 0;
    struct facility_row f;
    if (!http_parse_id(req->params[0], &id) || facility_in_scope(req, resp, id, &f, NULL) != 1) {
        if (!id)
            http_not_found(resp, "殡葬设施", req->params[0]);
        return;
    }
    struct db *db = reg_db(req->reg);
    json_t *o = facility_json(req, &f), *prices = json_array();
    struct list_ctx complaints = {req, json_array()}, records = {req, json_array()};
    struct mz_err err = {0};
    if (fs_prices_of(db, id, add_price, prices, &err) != 0 ||
        fs_complaint_list(db, NULL, 0, id, add_complaint, &complaints, &err) != 0 ||
        fs_burial_list(db, NULL, 0, id, add_burial, &records, &err) != 0) {
        json_decref(o);
        json_decref(prices);
        json_decref(complaints.items);
        json_decref(records.items);
        http_problem_err(resp, &err);
        return;
    }
    json_object_set_new(o, "prices", prices);
    json_object_set_new(o, "complaints", complaints.items);
    json_object_set_new(o, "records", records.items);
    http_send_json(resp, 200, o);
}

void h_facility_price(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"service", "price", "unit", "basic", NULL};
    int64_t id = 0;
    struct facility_row f;
    if (!http_may_write(req, resp))
        return;
    if (!http_parse_id(req->params[0], &id) || facility_in_scope(req, resp, id, &f, NULL) != 1) {
        if (!id)
            http_not_found(resp, "殡葬设施", req->params[0]);
        return;
    }
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    const char *service, *price, *unit;
    json_t *basic = json_object_get(body, "basic");
    if (text(body, resp, "service", &service) && text(body, resp, "price", &price) &&
        text(body, resp, "unit", &unit)) {
        struct funeral_env env = env_of(req);
        struct mz_err err = {0};
        if (basic && !json_is_boolean(basic))
            http_problem(resp, 422, "wrong_type", "basic 应为 true 或 false", "basic");
        else if (fun_price_put(&env, id, service, price, unit, json_is_true(basic), req->actor, &err) < 0)
            http_problem_err(resp, &err);
        else
            resp->status = 204;
    }
    json_decref(body);
}

void h_facility_complaint(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"complainant", "text", "date", NULL};
    int64_t id = 0;
    struct facility_row f;
    if (!http_may_write(req, resp))
        return;
    if (!http_parse_id(req->params[0], &id) || facility_in_scope(req, resp, id, &f, NULL) != 1) {
        if (!id)
            http_not_found(resp, "殡葬设施", req->params[0]);
        return;
    }
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    const char *who, *what, *day;
    mz_date on;
    if (text(body, resp, "complainant", &who) && text(body, resp, "text", &what) &&
        text(body, resp, "date", &day) && http_body_date(day, resp, &on)) {
        struct funeral_env env = env_of(req);
        struct mz_err err = {0};
        int64_t cid;
        if (fun_complaint_add(&env, id, on, who, what, req->actor, &cid, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)cid));
    }
    json_decref(body);
}

void h_complaints(struct http_req *req, struct http_resp *resp)
{
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list_ctx x = {req, json_array()};
    struct mz_err err = {0};
    if (fs_complaint_list(reg_db(req->reg), codes, n, 0, add_complaint, &x, &err) != 0) {
        json_decref(x.items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", x.items));
}

void h_complaint_close(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"outcome", NULL};
    int64_t id;
    struct complaint_row c;
    struct mz_err err = {0};
    if (!http_may_write(req, resp))
        return;
    int found = http_parse_id(req->params[0], &id) ? fs_complaint_get(reg_db(req->reg), id, &c, &err)
                                                   : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return;
    }
    struct facility_row f;
    if (!found || facility_in_scope(req, resp, c.facility_id, &f, NULL) != 1) {
        if (!found)
            http_not_found(resp, "投诉", req->params[0]);
        return;
    }
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    const char *outcome;
    if (text(body, resp, "outcome", &outcome)) {
        struct funeral_env env = env_of(req);
        if (fun_complaint_close(&env, id, outcome, req->actor, &err) < 0 ||
            fs_complaint_get(reg_db(req->reg), id, &c, &err) <= 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 200, complaint_json(req, &c));
    }
    json_decref(body);
}

/* The deceased of the body's person_id, in scope: 1, or 0 after a problem. */
static int deceased(struct http_req *req, struct http_resp *resp, int64_t pid)
{
    struct person_row p;
    struct mz_err err = {0};
    int found = pid > 0 ? rs_person_get(reg_db(req->reg), pid, &p, &err) : 0;
    if (found < 0) {
        http_problem_err(resp, &err);
        return 0;
    }
    if (!found || !http_in_scope(req, p.division)) {
        http_problem(resp, 404, "unknown_person", "没有此人（或不在您的管辖范围）", "person_id");
        return 0;
    }
    return 1;
}

void h_cremation(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"person_id", "facility_id", "services", "date", NULL};
    if (!http_may_write(req, resp))
        return;
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    struct fun_cremation_in in = {.actor = req->actor};
    const char *day;
    struct facility_row f;
    if (id_member(body, resp, "person_id", &in.person_id) &&
        id_member(body, resp, "facility_id", &in.facility_id) &&
        text(body, resp, "services", &in.services) && text(body, resp, "date", &day) &&
        http_body_date(day, resp, &in.day) && deceased(req, resp, in.person_id) &&
        facility_in_scope(req, resp, in.facility_id, &f, "facility_id") == 1) {
        struct funeral_env env = env_of(req);
        struct fun_cremation_out out;
        struct mz_err err = {0};
        if (fun_cremate(&env, &in, &out, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201,
                           json_pack("{s:I, s:s, s:o, s:o, s:s}", "id", (json_int_t)out.id,
                                     "cert_no", out.cert_no, "fees", yuan(out.fees), "waived",
                                     yuan(out.waived), "basis", out.basis));
    }
    json_decref(body);
}

void h_placement(struct http_req *req, struct http_resp *resp)
{
    static const char *const known[] = {"person_id", "facility_id", "method", "plot", "date", NULL};
    if (!http_may_write(req, resp))
        return;
    json_t *body = body_of(req, resp, known);
    if (!body)
        return;
    struct fun_placement_in in = {.actor = req->actor};
    const char *day;
    struct facility_row f;
    if (id_member(body, resp, "person_id", &in.person_id) &&
        id_member(body, resp, "facility_id", &in.facility_id) &&
        text(body, resp, "method", &in.method) && text(body, resp, "plot", &in.plot) &&
        text(body, resp, "date", &day) && http_body_date(day, resp, &in.day) &&
        deceased(req, resp, in.person_id) &&
        (!in.facility_id || facility_in_scope(req, resp, in.facility_id, &f, "facility_id") == 1)) {
        struct funeral_env env = env_of(req);
        struct mz_err err = {0};
        int64_t id, reward;
        if (fun_place(&env, &in, &id, &reward, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, 201, json_pack("{s:I, s:o}", "id", (json_int_t)id, "reward", yuan(reward)));
    }
    json_decref(body);
}

void h_burials(struct http_req *req, struct http_resp *resp)
{
    int64_t facility = 0;
    const char *f = http_query(req, "facility_id");
    if (f && !http_parse_id(f, &facility)) {
        http_problem(resp, 400, "invalid_parameter", "facility_id 应为设施编号", "facility_id");
        return;
    }
    const char(*codes)[13];
    int n = http_scope_codes(req, &codes);
    struct list_ctx x = {req, json_array()};
    struct mz_err err = {0};
    if (fs_burial_list(reg_db(req->reg), codes, n, facility, add_burial, &x, &err) != 0) {
        json_decref(x.items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200, json_pack("{s:o}", "items", x.items));
}
