/* The provider network over HTTP: the providers in the caller's scope
 * (list and map, detail with catalogue, staff and the stations it runs),
 * add or update, prices and staff, and the persons a provider serves. A
 * provider account sees its own provider only, and of the persons it
 * serves only name, masked ID number, address and service. The rules live
 * in src/care/provider.c. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "care/provider.h"
#include "http/handlers.h"
#include "http/json.h"
#include "http/labels.h"
#include "http/scope.h"
#include "pay/pay.h"
#include "store/orderstore.h"
#include "store/providerstore.h"
#include "store/regstore.h"

static json_t *provider_json(struct http_req *req, const struct provider_row *p)
{
    struct provider_row parent;
    struct mz_err err = {0};
    bool has_parent =
        p->parent_id && pvs_provider_get(reg_db(req->reg), p->parent_id, &parent, &err) == 1;
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:f, s:f, s:I, s:I, s:I, s:o, s:o, "
                     "s:s?, s:s?}",
                     "id", (json_int_t)p->id, "code", p->code, "name", p->name, "kind", p->kind,
                     "kind_label", care_kind_label(p->kind), "division", p->division,
                     "division_name", http_division_name(req, p->division), "address", p->address,
                     "lon", p->lon, "lat", p->lat, "capacity", (json_int_t)p->capacity, "occupancy",
                     (json_int_t)p->occupancy, "slot_capacity", (json_int_t)p->slot_capacity,
                     "parent_id", has_parent ? json_integer(parent.id) : json_null(), "parent_name",
                     has_parent ? json_string(parent.name) : json_null(), "closed_on",
                     p->closed_on[0] ? p->closed_on : NULL, "closed_reason",
                     p->closed_on[0] ? p->closed_reason : NULL);
}

int http_provider_access(struct http_req *req, struct http_resp *resp, int64_t id, bool write,
                         struct provider_row *out)
{
    struct mz_err err = {0};
    int64_t own = http_user_provider(req);
    int found = pvs_provider_get(reg_db(req->reg), id, out, &err);
    if (found < 0) {
        http_problem_err(resp, &err);
        return -1;
    }
    if (found && (own >= 0 ? out->id == own : http_in_scope(req, out->division))) {
        if (write && own < 0 && !http_may_write(req, resp)) return 0;
        return 1;
    }
    char text[24];
    snprintf(text, sizeof text, "%" PRId64, id);
    http_not_found(resp, "养老服务机构", text);
    return 0;
}

struct list {
    struct http_req *req;
    json_t *items;
    int64_t own; /* provider account: its provider; else -1 */
};

static int add_provider(void *ctx, const struct provider_row *p)
{
    struct list *l = ctx;
    if (l->own >= 0 && p->id != l->own) return 0;
    return json_array_append_new(l->items, provider_json(l->req, p)) == 0 ? 0 : -1;
}

void h_providers(struct http_req *req, struct http_resp *resp)
{
    static const char *const kinds[] = {"institution", "centre",  "station",
                                        "home_bed",    "canteen", NULL};
    const char *kind;
    if (!http_query_enum(req, resp, "kind", kinds, &kind)) return;
    const char *prefixes[HTTP_SCOPE_MAX];
    int n = http_scope_prefixes(req, http_query(req, "division"), prefixes);
    char scope[HTTP_SCOPE_MAX][13];
    for (int i = 0; i < n; i++)
        snprintf(scope[i], sizeof scope[i], "%s", prefixes[i]);
    struct list l = {req, json_array(), http_user_provider(req)};
    struct mz_err err = {0};
    if (n && pvs_provider_scan(reg_db(req->reg), (const char(*)[13])scope, n, kind, add_provider,
                               &l, &err) < 0) {
        json_decref(l.items);
        http_problem_err(resp, &err);
        return;
    }
    http_send_json(resp, 200,
                   json_pack("{s:o, s:s}", "items", l.items, "located",
                             "坐标为各机构登记的经纬度；距离均为直线距离"));
}

void h_provider_put(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"code",      "name",          "kind",   "division",
                                        "address",   "lon",           "lat",    "capacity",
                                        "occupancy", "slot_capacity", "parent", NULL};
    const char *v[11];
    if (!http_may_write(req, resp)) return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct mz_err err = {0};
    struct provider_row old;
    int exists = v[0] ? pvs_provider_by_code(reg_db(req->reg), v[0], &old, &err) : 0;
    if (v[3] && !http_in_scope(req, v[3]))
        http_problem(resp, 403, "out_of_scope", "不能在本辖区以外登记机构", "division");
    else if (exists == 1 && !http_in_scope(req, old.division))
        http_problem(resp, 409, "registered_elsewhere", "该机构编码已由其他辖区登记", "code");
    else {
        struct care_provider_in in = {v[0], v[1], v[2], v[3], v[4], v[5],
                                      v[6], v[7], v[8], v[9], v[10]};
        int64_t id;
        enum put_result res;
        struct provider_row p;
        if (exists < 0 || care_provider_put(req->reg, &in, &id, &res, &err) < 0 ||
            pvs_provider_get(reg_db(req->reg), id, &p, &err) < 0)
            http_problem_err(resp, &err);
        else
            http_send_json(resp, res == PUT_ADDED ? 201 : 200, provider_json(req, &p));
    }
    json_decref(body);
}

static int add_service(void *ctx, const char *service, int64_t price)
{
    char yuan[32];
    pay_yuan(price, yuan);
    return json_array_append_new(ctx, json_pack("{s:s, s:s, s:I}", "service", service, "price",
                                                yuan, "price_fen", (json_int_t)price));
}

static int add_worker(void *ctx, int64_t id, const char *name)
{
    return json_array_append_new(ctx, json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name));
}

static int add_child(void *ctx, const struct provider_row *p)
{
    struct list *l = ctx;
    return json_array_append_new(l->items,
                                 json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p->id, "name",
                                           p->name, "kind_label", care_kind_label(p->kind)));
}

struct children {
    struct list l;
    int64_t parent;
};

static int add_if_child(void *ctx, const struct provider_row *p)
{
    struct children *c = ctx;
    return p->parent_id == c->parent ? add_child(&c->l, p) : 0;
}

void h_provider(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct provider_row p;
    if (!http_parse_id(req->params[0], &id)) {
        http_not_found(resp, "养老服务机构", req->params[0]);
        return;
    }
    if (http_provider_access(req, resp, id, false, &p) <= 0) return;
    struct db *db = reg_db(req->reg);
    struct mz_err err = {0};
    json_t *o = provider_json(req, &p), *services = json_array(), *workers = json_array();
    struct children c = {{req, json_array(), -1}, p.id};
    char county[1][13];
    snprintf(county[0], sizeof county[0], "%.6s", p.division);
    struct order_filter f = {.provider_id = p.id};
    int64_t counts[4];
    if (pvs_services_of(db, p.id, add_service, services, &err) < 0 ||
        pvs_workers_of(db, p.id, add_worker, workers, &err) < 0 ||
        pvs_provider_scan(db, (const char(*)[13])county, 1, NULL, add_if_child, &c, &err) < 0 ||
        ors_order_counts(db, &f, counts, &err) < 0) {
        json_decref(o);
        json_decref(services);
        json_decref(workers);
        json_decref(c.l.items);
        http_problem_err(resp, &err);
        return;
    }
    json_object_set_new(o, "services", services);
    json_object_set_new(o, "workers", workers);
    json_object_set_new(o, "children", c.l.items);
    json_object_set_new(o, "orders",
                        json_pack("{s:I, s:I, s:I, s:I}", "dispatched", (json_int_t)counts[0],
                                  "serving", (json_int_t)counts[1], "done", (json_int_t)counts[2],
                                  "cancelled", (json_int_t)counts[3]));
    http_send_json(resp, 200, o);
}

void h_provider_service(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"service", "price", NULL};
    const char *v[2];
    int64_t id;
    struct provider_row p;
    if (!http_parse_id(req->params[0], &id)) {
        http_not_found(resp, "养老服务机构", req->params[0]);
        return;
    }
    if (http_provider_access(req, resp, id, true, &p) <= 0) return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct mz_err err = {0};
    if (care_service_set(req->reg, p.id, v[0], v[1], &err) < 0)
        http_problem_err(resp, &err);
    else
        h_provider(req, resp);
    json_decref(body);
}

void h_provider_worker(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"name", NULL};
    const char *v[1];
    int64_t id, worker;
    struct provider_row p;
    if (!http_parse_id(req->params[0], &id)) {
        http_not_found(resp, "养老服务机构", req->params[0]);
        return;
    }
    if (http_provider_access(req, resp, id, true, &p) <= 0) return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct mz_err err = {0};
    if (care_worker_add(req->reg, p.id, v[0], &worker, &err) < 0)
        http_problem_err(resp, &err);
    else
        http_send_json(resp, 201, json_pack("{s:I, s:s}", "id", (json_int_t)worker, "name", v[0]));
    json_decref(body);
}

/* Closing a provider is the bureau's decision: staff only (the route),
 * the provider in the caller's scope. Answers with the provider. */
void h_provider_close(struct http_req *req, struct http_resp *resp)
{
    static const char *const names[] = {"date", "reason", NULL};
    const char *v[2];
    int64_t id;
    struct provider_row p;
    if (!http_parse_id(req->params[0], &id)) {
        http_not_found(resp, "养老服务机构", req->params[0]);
        return;
    }
    if (http_provider_access(req, resp, id, true, &p) <= 0) return;
    json_t *body = http_body_strings(req, resp, names, v);
    if (!body) return;
    struct mz_err err = {0};
    if (care_provider_close(req->reg, p.id, v[0], v[1], &err) < 0)
        http_problem_err(resp, &err);
    else
        h_provider(req, resp);
    json_decref(body);
}

/* The persons served, read first (the scan may not use the database). */
struct client {
    int64_t person, household;
    char services[128];
};
struct clients {
    struct client v[1000];
    size_t n;
};

static int add_client(void *ctx, int64_t person, int64_t household, const char *services)
{
    struct clients *c = ctx;
    struct client *x = &c->v[c->n++];
    x->person = person;
    x->household = household;
    snprintf(x->services, sizeof x->services, "%s", services);
    return c->n == sizeof c->v / sizeof c->v[0];
}

void h_provider_clients(struct http_req *req, struct http_resp *resp)
{
    int64_t id;
    struct provider_row p;
    if (!http_parse_id(req->params[0], &id)) {
        http_not_found(resp, "养老服务机构", req->params[0]);
        return;
    }
    if (http_provider_access(req, resp, id, false, &p) <= 0) return;
    struct clients *c = mz_calloc(1, sizeof *c);
    struct mz_err err = {0};
    if (!c || ors_clients(reg_db(req->reg), p.id, add_client, c, &err) < 0) {
        mz_free(c);
        http_problem_err(resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < c->n; i++) {
        struct person_row person;
        struct household_row hh;
        if (rs_person_get(reg_db(req->reg), c->v[i].person, &person, &err) != 1 ||
            rs_household_get(reg_db(req->reg), c->v[i].household, &hh, &err) != 1)
            continue;
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s}", "person_id",
                                               (json_int_t)person.id, "name", person.name,
                                               "id_masked", person.id_masked, "address", hh.address,
                                               "services", c->v[i].services));
    }
    mz_free(c);
    http_send_json(resp, 200, json_pack("{s:o}", "items", items));
}
